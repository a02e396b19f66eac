// HDF5 error stack capture and conversion into the JS Hdf5Error (defined in lib/errors.ts and handed to the
// addon at load time).
#pragma once
#include "common.h"

namespace h5nwb {

struct ErrorFrame {
  std::string major, minor, func, file, desc;
  unsigned line = 0;
};

// What went wrong, captured on whatever thread made the failing call; turned into a JS error on the JS thread.
struct H5Failure {
  std::string code;     // stable string code, e.g. "ERR_H5_NOT_FOUND"
  std::string message;  // what the binding was doing, e.g. "cannot open object"
  std::string file;     // the file involved, when known
  std::string path;     // the object or link path involved, when known
  std::vector<ErrorFrame> frames;
  bool isTypeError = false;
  bool isRangeError = false;
  bool empty() const { return code.empty(); }
};

// Walks the current thread's HDF5 error stack into f.frames, clears the stack and picks a code.
void CaptureStack(H5Failure& f);

// Builds a failure for a failed call: captures the stack, fills in the file name from loc (if valid).
H5Failure MakeFailure(const std::string& message, hid_t loc = H5I_INVALID_HID, const std::string& path = "");

// Converts to the JS error object (an Hdf5Error when the class was registered).
Napi::Error ToJsError(Napi::Env env, const H5Failure& f);

// Thrown inside helpers running under the lock; caught at the binding boundary.
struct H5Exception {
  H5Failure failure;
};

[[noreturn]] void Fail(const std::string& message, hid_t loc = H5I_INVALID_HID, const std::string& path = "");
[[noreturn]] void FailCode(const std::string& code, const std::string& message, const std::string& file = "",
                           const std::string& path = "");
[[noreturn]] void FailType(const std::string& message);
[[noreturn]] void FailRange(const std::string& message);
// A memory allocation that failed (std::bad_alloc), as a RangeError with code ERR_OUT_OF_MEMORY; `what` names
// the data when the caller knows it ("4294967295 values of dataset '/d' of f.h5").
H5Failure OutOfMemory(const std::string& what = "");

// Checks a return value: negative ids/herr_t mean failure.
inline hid_t Check(hid_t r, const char* message, hid_t loc = H5I_INVALID_HID, const std::string& path = "") {
  if (r < 0) Fail(message, loc, path);
  return r;
}
inline herr_t CheckErr(herr_t r, const char* message, hid_t loc = H5I_INVALID_HID, const std::string& path = "") {
  if (r < 0) Fail(message, loc, path);
  return r;
}
inline htri_t CheckTri(htri_t r, const char* message, hid_t loc = H5I_INVALID_HID, const std::string& path = "") {
  if (r < 0) Fail(message, loc, path);
  return r;
}

// File name of the file holding loc ("" when unknown).
std::string FileNameOf(hid_t loc);
// HDF5 path of the object loc ("" when unknown).
std::string ObjectNameOf(hid_t loc);

// Registers the JS error class (per environment).
void SetErrorClass(Napi::Env env, Napi::Function ctor);

// Runs fn under the global lock; converts H5Exception into a thrown JS error.
template <typename F>
auto Guarded(Napi::Env env, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const H5Exception& e) {
    throw ToJsError(env, e.failure);
  }
}

}  // namespace h5nwb
