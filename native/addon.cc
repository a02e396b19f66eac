// Module initialisation: one-time library set-up, per-environment state, and the exported functions.
#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#endif

#include "core/call.h"
#include "core/env.h"
#include "objects/objects.h"

namespace h5nwb {

std::once_flag g_init;

// Keeps this module loaded until the process ends. Node unloads an addon (dlclose) when the last environment
// that loaded it goes away, e.g. a worker thread when the main thread never required h5nwb; but the addon holds
// process-wide state whose code must stay mapped: the I/O thread, the exit handlers (HDF5's and ours), and the
// destructors of HDF5's per-thread data, which run when each thread that called HDF5 ends -- the worker's own
// thread, just after the unload (a segfault).
void PinModule() {
#if defined(__unix__) || defined(__APPLE__)
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PinModule), &info) != 0 && info.dli_fname != nullptr) {
    // Already loaded: this only adds a reference that is never dropped, and marks the module never to be unloaded.
    dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
  }
#endif
}

void InitLibrary() {
  std::call_once(g_init, [] {
    PinModule();
    H5Lock lock;
    // HDF5's own exit handler stays off: ours (RegisterExitClose) closes what is open, by rules HDF5's does not
    // know (ids left open after a failed write are never touched). Must come before the library initialises.
    H5dont_atexit();
    H5open();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    RegisterExitClose();
  });
}

Napi::Value SetErrorClassFn(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "expected the error class");
  SetErrorClass(info.Env(), info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitLibrary();
  QuietThisThread();
  GetEnvData(env);
  RegisterEnvCleanup(env);
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClassFn, "setErrorClass"));
  InitFile(env, exports);
  InitGroup(env, exports);
  InitDataset(env, exports);
  InitAttribute(env, exports);
  InitAsync(env, exports);
  return exports;
}

}  // namespace h5nwb

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return h5nwb::Init(env, exports); }

NODE_API_MODULE(h5nwb, InitModule)
