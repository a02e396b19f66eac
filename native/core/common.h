// Shared includes and small helpers for the native layer.
#pragma once
#define NAPI_VERSION 8
#include <napi.h>
#include <new>
#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#if H5_VERSION_GE(1, 12, 0)
#define H5NWB_HDF5_112 1
#else
#define H5NWB_HDF5_112 0
#endif

namespace h5nwb {

// Reads an array of non-negative integers (dims, offsets) from a JS array of numbers.
std::vector<hsize_t> ToDims(const Napi::Value& v);
Napi::Array FromDims(Napi::Env env, const std::vector<hsize_t>& dims);
// Optional property of an options object (undefined when absent or when obj is not an object).
Napi::Value Opt(const Napi::Value& obj, const char* key);
bool Has(const Napi::Value& obj, const char* key);

}  // namespace h5nwb
