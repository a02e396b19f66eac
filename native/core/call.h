// The binding boundary: every exported function runs its body under the global lock, with HDF5's stderr
// printing off, and turns failures into JS errors.
#pragma once
#include <cstring>

#include "dtype.h"
#include "errors.h"
#include "handle.h"
#include "hid.h"
#include "lock.h"

namespace h5nwb {

// What every exported function does before its body: HDF5's stderr printing off on this thread, the global
// lock taken (kTry: only when it is free at once; entered() says whether it was), deferred closes drained.
template <bool kTry>
class Entry {
 public:
  Entry() : lock_(Hdf5Mutex(), std::defer_lock) {
    QuietThisThread();
    if (kTry) {
      if (!lock_.try_lock()) return;
    } else {
      lock_.lock();
    }
    DrainDeferredCloses();
  }
  bool entered() const { return lock_.owns_lock(); }

 private:
  std::unique_lock<std::recursive_mutex> lock_;
};

template <typename F>
Napi::Value Run(const Napi::CallbackInfo& info, F&& fn) {
  try {
    Entry<false> entry;
    return fn();
  } catch (const H5Exception& e) {
    throw ToJsError(info.Env(), e.failure);
  } catch (const std::bad_alloc&) {
    throw ToJsError(info.Env(), OutOfMemory());
  }
}

// Like Run, but never waits for the HDF5 lock: when another thread holds it, returns null at once without
// running fn. The async twins' inline path uses it (a tiny operation runs now, or is queued to the pool).
template <typename F>
Napi::Value RunNow(const Napi::CallbackInfo& info, F&& fn) {
  try {
    Entry<true> entry;
    if (!entry.entered()) return info.Env().Null();
    return fn();
  } catch (const H5Exception& e) {
    throw ToJsError(info.Env(), e.failure);
  } catch (const std::bad_alloc&) {
    throw ToJsError(info.Env(), OutOfMemory());
  }
}

// For the few hot functions written against N-API directly (node-addon-api's call wrapper costs a few percent
// of a call as short as a one-row append): null, a function made from a plain napi_callback, and Run / RunNow
// (kTry) for such a function, which throws its failures into JS itself (nothing may escape it as a C++ throw).
inline napi_value NullValue(napi_env env) {
  napi_value v = nullptr;
  napi_get_null(env, &v);
  return v;
}

inline Napi::Function RawFunction(Napi::Env env, const char* name, napi_callback cb) {
  napi_value fn = nullptr;
  napi_status status = napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  NAPI_THROW_IF_FAILED(env, status, Napi::Function());
  return Napi::Function(env, fn);
}

template <bool kTry, typename F>
napi_value RunRaw(napi_env env, F&& fn) {
  try {
    Entry<kTry> entry;
    if (!entry.entered()) return NullValue(env);
    return fn();
  } catch (const H5Exception& e) {
    ToJsError(env, e.failure).ThrowAsJavaScriptException();
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
  } catch (const std::bad_alloc&) {
    ToJsError(env, OutOfMemory()).ThrowAsJavaScriptException();
  }
  return nullptr;
}

// A string argument. NUL characters are refused: HDF5 and the C library would stop at the first one, so
// 'a.h5\0.bak' would name (and truncate) a.h5, and an attribute 'k\0x' would replace 'k'.
inline std::string StrArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsString()) FailType(std::string(what) + " must be a string");
  // (names read back from a file that are not valid UTF-8 hold their bytes escaped: EncodeString restores them)
  std::string s;
  try {
    s = EncodeString(info[i]);
  } catch (H5Exception& e) {  // (a lone surrogate: named for what the string is)
    e.failure.message = std::string(what) + " " + e.failure.message;
    throw;
  }
  if (s.find('\0') != std::string::npos) FailType(std::string(what) + " must not contain NUL characters");
  return s;
}

// A name or path read from the file, for JS: bytes that are not valid UTF-8 escaped (see DecodeString). A Value,
// not a String: Object::Set would take a String through its std::string conversion (UTF-8), undoing the escapes.
inline Napi::Value Name(Napi::Env env, const std::string& s) { return DecodeString(env, s.data(), s.size()); }
inline Napi::Value Name(Napi::Env env, const char* s) { return DecodeString(env, s, std::strlen(s)); }

// The file name for messages about h.
inline std::string FileOf(Handle* h) { return h && h->file() ? h->file()->name : ""; }

// Joins a location's path and a relative name for messages.
inline std::string JoinPath(Handle* h, const std::string& name) {
  if (!name.empty() && name[0] == '/') return name;
  std::string base = h ? h->path : "";
  if (base.empty() || base == "/") return "/" + (name == "." ? std::string() : name);
  return name == "." ? base : base + "/" + name;
}

}  // namespace h5nwb
