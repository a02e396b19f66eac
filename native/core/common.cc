#include "common.h"

#include "errors.h"

namespace h5nwb {

std::vector<hsize_t> ToDims(const Napi::Value& v) {
  std::vector<hsize_t> out;
  if (v.IsUndefined() || v.IsNull()) return out;
  if (!v.IsArray()) FailType("expected an array of dimension sizes");
  auto a = v.As<Napi::Array>();
  out.reserve(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value x = a.Get(i);
    if (x.IsNull()) {
      out.push_back(H5S_UNLIMITED);
      continue;
    }
    if (!x.IsNumber()) FailType("dimension sizes must be numbers");
    double d = x.As<Napi::Number>().DoubleValue();
    if (!(d >= 0) || d > 9007199254740991.0) FailRange("dimension size out of range");
    out.push_back(static_cast<hsize_t>(d));
  }
  return out;
}

Napi::Array FromDims(Napi::Env env, const std::vector<hsize_t>& dims) {
  Napi::Array a = Napi::Array::New(env, dims.size());
  for (size_t i = 0; i < dims.size(); i++) {
    if (dims[i] == H5S_UNLIMITED)
      a.Set(static_cast<uint32_t>(i), env.Null());
    else
      a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(dims[i])));
  }
  return a;
}

Napi::Value Opt(const Napi::Value& obj, const char* key) {
  if (!obj.IsObject()) return obj.Env().Undefined();
  return obj.As<Napi::Object>().Get(key);
}

bool Has(const Napi::Value& obj, const char* key) {
  Napi::Value v = Opt(obj, key);
  return !v.IsUndefined() && !v.IsNull();
}

}  // namespace h5nwb
