// Attributes on files, groups and datasets: list, read, write (replace), delete.
#include <cstring>

#include "../core/call.h"
#include "../core/dtype.h"
#include "../core/plist.h"
#include "objects.h"

namespace h5nwb {

namespace {

// Attributes of a file handle live on its root group.
struct AttrLoc {
  Hid root;
  hid_t id;
  Handle* h;
};

AttrLoc LocOf(const Napi::Value& v) {
  AttrLoc l;
  l.h = Unwrap(v);
  l.id = l.h->id();
  if (l.h->isFile()) {
    l.root.reset(Check(H5Gopen2(l.id, "/", H5P_DEFAULT), "cannot open the root group", l.id));
    l.id = l.root.get();
  }
  return l;
}

std::string Where(const AttrLoc& l, const std::string& name) {
  return "attribute '" + name + "' of '" + l.h->path + "' in " + FileOf(l.h);
}

herr_t CollectAttr(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

Napi::Value AttrNames(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    AttrLoc l = LocOf(info[0]);
    std::vector<std::string> names;
    hsize_t idx = 0;
    // Creation order where the object tracks it, otherwise name order (as h5py lists them).
    H5_index_t index = H5_INDEX_NAME;
    hid_t cpl = H5I_INVALID_HID;
    switch (H5Iget_type(l.id)) {
      case H5I_GROUP: cpl = H5Gget_create_plist(l.id); break;
      case H5I_DATASET: cpl = H5Dget_create_plist(l.id); break;
      case H5I_DATATYPE: cpl = H5Tget_create_plist(l.id); break;
      default: break;
    }
    if (cpl >= 0) {
      unsigned flags = 0;
      if (H5Pget_attr_creation_order(cpl, &flags) >= 0 && (flags & H5P_CRT_ORDER_TRACKED)) index = H5_INDEX_CRT_ORDER;
      H5Pclose(cpl);
    }
    H5Eclear2(H5E_DEFAULT);
    CheckErr(H5Aiterate2(l.id, index, H5_ITER_INC, &idx, CollectAttr, &names), "cannot list attributes", l.id, l.h->path);
    Napi::Array a = Napi::Array::New(info.Env(), names.size());
    for (size_t i = 0; i < names.size(); i++) a.Set(static_cast<uint32_t>(i), Name(info.Env(), names[i]));
    return a;
  });
}

Napi::Value AttrExists(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    AttrLoc l = LocOf(info[0]);
    std::string name = StrArg(info, 1, "attribute name");
    htri_t r = CheckTri(H5Aexists(l.id, name.c_str()), "cannot check attribute", l.id, l.h->path);
    return Napi::Boolean::New(info.Env(), r > 0);
  });
}

Napi::Value AttrDelete(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    AttrLoc l = LocOf(info[0]);
    std::string name = StrArg(info, 1, "attribute name");
    if (H5Aexists(l.id, name.c_str()) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      FailCode("ERR_H5_NOT_FOUND", "no " + Where(l, name), FileOf(l.h), l.h->path);
    }
    CheckErr(H5Adelete(l.id, name.c_str()), ("cannot delete " + Where(l, name)).c_str(), l.id, l.h->path);
    return info.Env().Undefined();
  });
}

// The TypedArray kind that holds values of a numeric memory type, or -1.
int TypedKindFor(hid_t mt) {
  H5T_class_t cls = H5Tget_class(mt);
  size_t size = H5Tget_size(mt);
  bool sign = true;
  if (cls == H5T_INTEGER) sign = H5Tget_sign(mt) == H5T_SGN_2;
  if (cls == H5T_ENUM) {
    Hid base(H5Tget_super(mt));
    sign = H5Tget_sign(base) == H5T_SGN_2;
    cls = H5T_INTEGER;
  }
  if (cls == H5T_BITFIELD) {  // the unsigned integers of their size, as datasets of them read
    sign = false;
    cls = H5T_INTEGER;
  }
  if (cls == H5T_INTEGER) {
    switch (size) {
      case 1: return sign ? napi_int8_array : napi_uint8_array;
      case 2: return sign ? napi_int16_array : napi_uint16_array;
      case 4: return sign ? napi_int32_array : napi_uint32_array;
      case 8: return sign ? napi_bigint64_array : napi_biguint64_array;
    }
  }
  if (cls == H5T_FLOAT) {
    if (size == 4) return napi_float32_array;
    if (size == 8) return napi_float64_array;
  }
  return -1;
}

// attrRead(obj, name) -> { dtype, shape (null: scalar), empty, value }
Napi::Value AttrRead(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    AttrLoc l = LocOf(info[0]);
    std::string name = StrArg(info, 1, "attribute name");
    if (H5Aexists(l.id, name.c_str()) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      FailCode("ERR_H5_NOT_FOUND", "no " + Where(l, name), FileOf(l.h), l.h->path);
    }
    Hid a(H5Aopen(l.id, name.c_str(), H5P_DEFAULT));
    if (!a.valid()) Fail("cannot open " + Where(l, name), l.id, l.h->path);
    Hid ftype(Check(H5Aget_type(a), "cannot get the attribute type", l.id));
    Hid space(Check(H5Aget_space(a), "cannot get the attribute dataspace", l.id));
    Napi::Object o = Napi::Object::New(env);
    o.Set("dtype", DescFromType(env, ftype));
    H5S_class_t sc = H5Sget_simple_extent_type(space);
    int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(rank > 0 ? rank : 0);
    if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    o.Set("shape", sc == H5S_SIMPLE ? Napi::Value(FromDims(env, dims)) : env.Null());
    o.Set("empty", sc == H5S_NULL);
    if (sc == H5S_NULL) {
      o.Set("value", env.Null());
      return o;
    }
    size_t n = static_cast<size_t>(H5Sget_simple_extent_npoints(space));
    RefuseStdRef(ftype, "read " + Where(l, name), FileOf(l.h), l.h->path);
    Hid mt = MemTypeFor(ftype);
    if (H5Tget_class(ftype) == H5T_FLOAT && H5Tget_size(ftype) == 2) mt.reset(H5Tcopy(H5T_NATIVE_FLOAT));
    int kind = TypedKindFor(mt);
    if (kind >= 0) {
      size_t es = H5Tget_size(mt);
      auto ab = Napi::ArrayBuffer::New(env, n * es);
      if (n > 0 && H5Aread(a, mt, ab.Data()) < 0) Fail("cannot read " + Where(l, name), l.id, l.h->path);
      napi_value ta;
      napi_status st = napi_create_typedarray(env, static_cast<napi_typedarray_type>(kind), n, ab, 0, &ta);
      NAPI_THROW_IF_FAILED(env, st, Napi::Value());
      o.Set("value", Napi::Value(env, ta));
      return o;
    }
    std::vector<char> buf(n * H5Tget_size(mt) + 1, 0);
    if (n > 0 && H5Aread(a, mt, buf.data()) < 0) Fail("cannot read " + Where(l, name), l.id, l.h->path);
    o.Set("value", UnpackValues(env, mt, buf.data(), n));
    ReclaimVlen(mt, n, buf.data());
    return o;
  });
}

// attrWrite(obj, name, dtypeDesc, shape (null: scalar, 'empty': null dataspace), data)
Napi::Value AttrWrite(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    AttrLoc l = LocOf(info[0]);
    std::string name = StrArg(info, 1, "attribute name");
    Hid ftype = TypeFromDesc(info[2]);
    Hid space;
    size_t n = 1;
    if (info[3].IsString()) {
      space.reset(Check(H5Screate(H5S_NULL), "cannot create a null dataspace"));
      n = 0;
    } else if (info[3].IsNull() || info[3].IsUndefined()) {
      space.reset(Check(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace"));
    } else {
      std::vector<hsize_t> dims = ToDims(info[3]);
      for (auto d : dims) n *= d;
      space.reset(dims.empty() ? H5Screate(H5S_SCALAR)
                               : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
      Check(space.get(), "cannot create the attribute dataspace");
    }
    // Pack (or check) the data before touching the file, so bad data leaves the old attribute in place.
    Napi::Value data = info[4];
    Hid mt;
    const void* buf = nullptr;
    std::vector<char> packed;
    PackArena arena;
    if (n > 0) {
      if (data.IsTypedArray()) {
        auto ta = data.As<Napi::TypedArray>();
        mt = MemTypeForTypedArray(ta.TypedArrayType(), ftype);
        if (!mt.valid()) FailType("the array type does not fit the attribute's datatype: " + Where(l, name));
        if (ta.ElementLength() != n)
          FailRange("attribute data has " + std::to_string(ta.ElementLength()) + " elements, the shape needs " +
                    std::to_string(n) + ": " + Where(l, name));
        size_t nbytes;
        buf = TypedBytes(data, &nbytes);
      } else {
        mt = MemTypeFor(ftype);
        packed.assign(n * H5Tget_size(mt) + 1, 0);
        PackValuesFor("writing " + Where(l, name), data, n, mt, packed.data(), arena);
        CheckWidenedFloats(ftype, mt, packed.data(), n, Where(l, name));
        buf = packed.data();
      }
    }
    // Packing ran the caller's code (getters, proxies), which may have closed the object or its file.
    if (!l.h->open())
      FailCode("ERR_H5_CLOSED", "the object was closed while the values of " + Where(l, name) + " were read; nothing was written",
               FileOf(l.h), l.h->path);
    // A replaced attribute is written in full under a temporary name first, and only then takes the place of the
    // old one: a value the object header cannot take (or any other failure) leaves the old attribute as it was.
    bool replacing = H5Aexists(l.id, name.c_str()) > 0;
    H5Eclear2(H5E_DEFAULT);
    const std::string target = replacing ? name + "\x01h5nwb-replacing" : name;
    if (replacing && H5Aexists(l.id, target.c_str()) > 0) H5Adelete(l.id, target.c_str());  // (left by a crash)
    H5Eclear2(H5E_DEFAULT);
    Hid acpl = MakeAcpl();
    Hid a(H5Acreate2(l.id, target.c_str(), ftype, space, acpl, H5P_DEFAULT));
    if (!a.valid()) Fail("cannot " + std::string(replacing ? "replace " : "create ") + Where(l, name), l.id, l.h->path);
    if (n > 0 && H5Awrite(a, mt, buf) < 0) {
      H5Failure f = MakeFailure("cannot write " + Where(l, name), l.id, l.h->path);
      a.reset();
      H5Adelete(l.id, target.c_str());
      H5Eclear2(H5E_DEFAULT);
      throw H5Exception{f};
    }
    a.reset();
    if (replacing) {
      CheckErr(H5Adelete(l.id, name.c_str()), ("cannot replace " + Where(l, name)).c_str(), l.id, l.h->path);
      CheckErr(H5Arename(l.id, target.c_str(), name.c_str()), ("cannot replace " + Where(l, name)).c_str(), l.id,
               l.h->path);
    }
    return info.Env().Undefined();
  });
}

}  // namespace

void InitAttribute(Napi::Env env, Napi::Object exports) {
  exports.Set("attrNames", Napi::Function::New(env, AttrNames, "attrNames"));
  exports.Set("attrExists", Napi::Function::New(env, AttrExists, "attrExists"));
  exports.Set("attrDelete", Napi::Function::New(env, AttrDelete, "attrDelete"));
  exports.Set("attrRead", Napi::Function::New(env, AttrRead, "attrRead"));
  exports.Set("attrWrite", Napi::Function::New(env, AttrWrite, "attrWrite"));
}

}  // namespace h5nwb
