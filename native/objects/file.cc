// Files: open, create, close, flush, image, SWMR, and library facts.
#include <unistd.h>

#include "../core/call.h"
#include "../core/plist.h"
#include "objects.h"

#ifndef H5NWB_SOURCE_HASH
#define H5NWB_SOURCE_HASH "unknown"
#endif
#ifndef H5NWB_HDF5_KIND
#define H5NWB_HDF5_KIND "unknown"
#endif

namespace h5nwb {

namespace {

Napi::Value Finish(Napi::Env env, hid_t fid, const std::string& path, const Napi::Value& opts) {
  Napi::Value v = WrapFile(env, fid, path);
  ConfigureLinkAccess(*TryUnwrap(v)->file(), opts);
  return v;
}

// fileOpen(path, writable, accessOptions)
Napi::Value FileOpen(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    std::string path = StrArg(info, 0, "path");
    bool writable = info[1].ToBoolean();
    Napi::Value opts = info[2];
    Hid fapl = MakeFapl(opts);
    unsigned flags = writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
    if (Opt(opts, "swmr").ToBoolean()) flags |= writable ? H5F_ACC_SWMR_WRITE : H5F_ACC_SWMR_READ;
    hid_t fid = H5Fopen(path.c_str(), flags, fapl);
    if (fid < 0) {
      H5Failure f = MakeFailure("cannot open file '" + path + "'");
      f.file = path;
      f.path = "";
      throw H5Exception{f};
    }
    return Finish(info.Env(), fid, path, opts);
  });
}

// fileCreate(path, exclusive, accessOptions, creationOptions)
Napi::Value FileCreate(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    std::string path = StrArg(info, 0, "path");
    bool excl = info[1].ToBoolean();
    Hid fapl = MakeFapl(info[2]);
    Hid fcpl = MakeFcpl(info[3]);
    if (!excl) ProbeLocks(LockProbes(info[2]), path);
    hid_t fid = H5Fcreate(path.c_str(), excl ? H5F_ACC_EXCL : H5F_ACC_TRUNC, fcpl, fapl);
    if (fid < 0) {
      H5Failure f = MakeFailure("cannot create file '" + path + "'");
      f.file = path;
      f.path = "";
      throw H5Exception{f};
    }
    return Finish(info.Env(), fid, path, info[2]);
  });
}

// close(handle): any handle; for a file, closes everything opened under it first. What is pending is written
// first; when that fails the object stays open and the error is thrown (see Handle::Close).
Napi::Value Close(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = TryUnwrap(info[0]);
    if (!h) FailType("expected an HDF5 object handle");
    H5Failure why;
    if (!h->Close(&why)) throw H5Exception{why};
    return info.Env().Undefined();
  });
}

Napi::Value IsOpen(const Napi::CallbackInfo& info) {
  Handle* h = TryUnwrap(info[0]);
  return Napi::Boolean::New(info.Env(), h && h->open());
}

Napi::Value FileFlush(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    hid_t id = Id(info[0]);
    CheckErr(H5Fflush(id, H5F_SCOPE_GLOBAL), "cannot flush file", id);
    return info.Env().Undefined();
  });
}

// fileInfo(handle) -> { name, writable, swmr, size, openObjects }
Napi::Value FileInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    hid_t fid = H5Iget_file_id(h->id());
    Check(fid, "cannot find the file of the object", h->id());
    Hid owner(fid);
    unsigned intent = 0;
    CheckErr(H5Fget_intent(fid, &intent), "cannot get the file intent", fid);
    hsize_t size = 0;
    H5Fget_filesize(fid, &size);
    H5Eclear2(H5E_DEFAULT);
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("name", FileNameOf(fid));
    o.Set("writable", (intent & H5F_ACC_RDWR) != 0);
    o.Set("swmr", (intent & (H5F_ACC_SWMR_READ | H5F_ACC_SWMR_WRITE)) != 0);
    o.Set("size", static_cast<double>(size));
    // (counting reads every open object: not when HDF5 left a dangling id behind)
    if (AnyLostIds()) o.Set("openObjects", info.Env().Null());
    else o.Set("openObjects", static_cast<double>(H5Fget_obj_count(fid, H5F_OBJ_ALL | H5F_OBJ_LOCAL)));
    H5F_libver_t lo, hi;
    hid_t fapl = H5Fget_access_plist(fid);
    if (fapl >= 0) {
      if (H5Pget_libver_bounds(fapl, &lo, &hi) >= 0) o.Set("latestFormat", lo == H5F_LIBVER_LATEST);
      hid_t drv = H5Pget_driver(fapl);
      o.Set("driver", drv == H5FD_SEC2       ? "sec2"
                      : drv == H5FD_STDIO    ? "stdio"
                      : drv == H5FD_CORE     ? "core"
                      : drv == H5FD_FAMILY   ? "family"
                      : drv == H5FD_MULTI    ? "multi"
                                             : "other");
      H5Pclose(fapl);
    }
    H5Eclear2(H5E_DEFAULT);
    return o;
  });
}

// fileImage(handle) -> Buffer with the bytes of the file as it is now.
Napi::Value FileImage(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    hid_t fid = Id(info[0]);
    unsigned intent = 0;
    H5Fget_intent(fid, &intent);
    if (intent & H5F_ACC_RDWR) CheckErr(H5Fflush(fid, H5F_SCOPE_LOCAL), "cannot flush file", fid);
    ssize_t n = H5Fget_file_image(fid, nullptr, 0);
    if (n < 0) Fail("cannot get the file image", fid);
    auto buf = Napi::Buffer<char>::New(info.Env(), static_cast<size_t>(n));
    if (H5Fget_file_image(fid, buf.Data(), static_cast<size_t>(n)) < 0) Fail("cannot get the file image", fid);
    return buf;
  });
}

Napi::Value FileStartSwmrWrite(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    hid_t fid = Id(info[0]);
    CheckErr(H5Fstart_swmr_write(fid), "cannot start SWMR writing", fid);
    return info.Env().Undefined();
  });
}

Napi::Value IsHdf5(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    std::string path = StrArg(info, 0, "path");
    Hid fapl = MakeFapl(info[1]);
#if H5NWB_HDF5_112
    htri_t r = H5Fis_accessible(path.c_str(), fapl);
#else
    htri_t r = fapl.valid() && Opt(info[1], "driver").IsUndefined() ? H5Fis_hdf5(path.c_str()) : -1;
    if (r < 0) {
      H5Eclear2(H5E_DEFAULT);
      hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl);
      r = f >= 0;
      if (f >= 0) CloseFileId(f);
    }
#endif
    H5Eclear2(H5E_DEFAULT);
    return Napi::Boolean::New(info.Env(), r > 0);
  });
}

Napi::Value LibraryInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    hbool_t ts = false;
    H5is_library_threadsafe(&ts);
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("hdf5Version", std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(rel));
    o.Set("threadsafe", static_cast<bool>(ts));
    o.Set("headerVersion", H5_VERS_INFO);
    o.Set("szip", H5Zfilter_avail(H5Z_FILTER_SZIP) > 0);
    o.Set("deflate", H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0);
    if (AnyLostIds()) o.Set("openIds", info.Env().Null());
    else o.Set("openIds", static_cast<double>(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL)));
    o.Set("leftOpen", static_cast<double>(LeftOpenCount()));
    o.Set("sourceHash", H5NWB_SOURCE_HASH);
    o.Set("hdf5Linkage", H5NWB_HDF5_KIND);
    o.Set("napiVersion", NAPI_VERSION);
    H5Eclear2(H5E_DEFAULT);
    return o;
  });
}

}  // namespace

void InitFile(Napi::Env env, Napi::Object exports) {
  exports.Set("fileOpen", Napi::Function::New(env, FileOpen, "fileOpen"));
  exports.Set("fileCreate", Napi::Function::New(env, FileCreate, "fileCreate"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("isOpen", Napi::Function::New(env, IsOpen, "isOpen"));
  exports.Set("fileFlush", Napi::Function::New(env, FileFlush, "fileFlush"));
  exports.Set("fileInfo", Napi::Function::New(env, FileInfo, "fileInfo"));
  exports.Set("fileImage", Napi::Function::New(env, FileImage, "fileImage"));
  exports.Set("fileStartSwmrWrite", Napi::Function::New(env, FileStartSwmrWrite, "fileStartSwmrWrite"));
  exports.Set("isHdf5", Napi::Function::New(env, IsHdf5, "isHdf5"));
  exports.Set("libraryInfo", Napi::Function::New(env, LibraryInfo, "libraryInfo"));
}

}  // namespace h5nwb
