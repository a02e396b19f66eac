// Module initialisation: one-time library set-up, per-environment state, and the exported functions.
#include "core/call.h"
#include "core/env.h"
#include "objects/objects.h"

namespace h5nwb {

std::once_flag g_init;

void InitLibrary() {
  std::call_once(g_init, [] {
    H5Lock lock;
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
