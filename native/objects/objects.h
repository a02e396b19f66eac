// Registration of the object-level functions, one initializer per area.
#pragma once
#include "../core/common.h"

namespace h5nwb {
void InitFile(Napi::Env env, Napi::Object exports);
void InitGroup(Napi::Env env, Napi::Object exports);
void InitDataset(Napi::Env env, Napi::Object exports);
void InitAttribute(Napi::Env env, Napi::Object exports);
void InitAsync(Napi::Env env, Napi::Object exports);
}  // namespace h5nwb

namespace h5nwb {
// Shared with the async workers.
void DoCopy(hid_t src, const std::string& sname, hid_t srcLapl, hid_t dst, const std::string& dname, unsigned flags,
            const std::string& srcFile, const std::string& dstFile);
unsigned CopyFlags(const Napi::Value& opts);

class Handle;
// Before an object is created at name (a path from loc): opens each existing group on the way with the file's link
// access list, so that the file's external-link policy refuses a path through a link it does not allow (HDF5's
// create calls traverse with the default list). Fails naming full.
void CheckCreatePath(Handle* loc, const std::string& name, const std::string& full);
// An object opened through an external link by h5nwb (elink.cc): its id, the target file's id (to close after
// use when ownsFile; else it belongs to the file's link cache) and its path inside that file.
struct ExternalOpen {
  hid_t obj = H5I_INVALID_HID;
  hid_t file = H5I_INVALID_HID;
  bool ownsFile = false;
  std::string path;
};
// When the last link of name (a plain path from loc) is an external link h5nwb may resolve, opens its target
// and returns true; otherwise returns false with nothing open and errors cleared (HDF5 then traverses it).
bool OpenExternal(Handle* loc, const std::string& name, hid_t lapl, ExternalOpen* out);
}  // namespace h5nwb
