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
void DoCopy(hid_t src, const std::string& sname, hid_t dst, const std::string& dname, unsigned flags,
            const std::string& srcFile, const std::string& dstFile);
unsigned CopyFlags(const Napi::Value& opts);
}  // namespace h5nwb
