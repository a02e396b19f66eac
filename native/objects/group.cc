// Groups, object lookup, links, visiting, object references and object copy.
#include <cstring>

#include "../core/call.h"
#include "../core/dtype.h"
#include "../core/plist.h"
#include "objects.h"

namespace h5nwb {

namespace {

const char* KindName(H5I_type_t t) {
  switch (t) {
    case H5I_GROUP: return "group";
    case H5I_DATASET: return "dataset";
    case H5I_DATATYPE: return "datatype";
    case H5I_FILE: return "group";
    default: return "other";
  }
}

// A dataset whose chunk cache rule asks for a bigger cache is closed and opened again by path with that cache.
// (Opening it again while the first handle is open would share the first open's cache, so it is closed first;
// if another handle keeps it open, the cache it has stays.)
hid_t TuneDataset(hid_t did, hid_t loc, const std::string& name, hid_t lapl, int* inlineOk) {
  // A dataset with an address is contiguous and stored in the file (chunked, compact and virtual datasets and
  // external storage have none): nothing to tune, tiny async operations may run inline, and no creation
  // property list to copy (a costly call, paid on every open of every dataset, e.g. reading through 1,000
  // external links).
  if (H5Dget_offset(did) != HADDR_UNDEF) {
    *inlineOk = 1;
    return did;
  }
  H5Eclear2(H5E_DEFAULT);
  Hid dcpl(H5Dget_create_plist(did));
  if (!dcpl.valid() || H5Pget_layout(dcpl) != H5D_CHUNKED) {
    H5Eclear2(H5E_DEFAULT);
    return did;
  }
  Hid space(H5Dget_space(did));
  Hid type(H5Dget_type(did));
  ChunkCachePlan plan = ChooseChunkCache(dcpl, space, type);
  if (!plan.custom || loc < 0) return did;
  Hid dapl = MakeDaplFromPlan(plan.nslots, plan.nbytes, plan.w0, lapl);
  H5Dclose(did);
  hid_t again = H5Dopen2(loc, name.c_str(), dapl);
  if (again < 0) Fail("cannot open dataset '" + name + "'", loc, name);
  return again;
}

Napi::Object Opened(Napi::Env env, Handle* parent, hid_t id, const std::string& path, hid_t loc = H5I_INVALID_HID,
                    const std::string& name = "") {
  H5I_type_t t = H5Iget_type(id);
  int inlineOk = -1;
  if (t == H5I_DATASET) id = TuneDataset(id, loc, name, LaplOf(parent), &inlineOk);
  Napi::Object o = Napi::Object::New(env);
  Napi::Value handle = WrapHandle(env, id, parent->file(), path, t);
  TryUnwrap(handle)->inlineOk = inlineOk;
  o.Set("handle", handle);
  o.Set("kind", KindName(t));
  return o;
}

// groupCreate(loc, path, { trackOrder }) -> handle
Napi::Value GroupCreate(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "group name");
    Hid lcpl = MakeLcpl();
    Hid gcpl = MakeGcpl(info[2]);
    std::string full = JoinPath(loc, name);
    CheckCreatePath(loc, name, full);
    hid_t g = H5Gcreate2(loc->id(), name.c_str(), lcpl, gcpl, H5P_DEFAULT);
    if (g < 0) Fail("cannot create group '" + full + "'", loc->id(), full);
    return WrapHandle(info.Env(), g, loc->file(), full);
  });
}

// typeCommit(loc, path, typeDesc) -> handle: stores a datatype in the file under a name (h5py's
// group[name] = numpy.dtype).
Napi::Value TypeCommit(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "datatype name");
    std::string full = JoinPath(loc, name);
    CheckCreatePath(loc, name, full);
    Hid t = TypeFromDesc(info[2]);
    if (H5Tcommitted(t) > 0) FailType("the datatype is already stored in a file (give its descriptor to store a copy)");
    Hid lcpl = MakeLcpl();
    CheckErr(H5Tcommit2(loc->id(), name.c_str(), t, lcpl, H5P_DEFAULT, H5P_DEFAULT),
             ("cannot store datatype '" + full + "'").c_str(), loc->id(), full);
    return WrapHandle(info.Env(), t.release(), loc->file(), full, H5I_DATATYPE);
  });
}

// typeInfo(handle) -> descriptor of a named datatype
Napi::Value TypeInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    return DescFromType(info.Env(), h->id());
  });
}

// objOpen(loc, path) -> { handle, kind }
Napi::Value ObjOpen(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "path");
    std::string full = JoinPath(loc, name);
    hid_t id = H5Oopen(loc->id(), name.c_str(), LaplOf(loc));
    if (id < 0) Fail("cannot open '" + full + "'", loc->id(), full);
    return Opened(info.Env(), loc, id, full, loc->id(), name);
  });
}

bool LinkPathExists(hid_t loc, hid_t lapl, const std::string& path);

// A path of plain link names ("a/b", "/a/b"): no empty, "." or ".." components and no trailing slash. For such
// a path, an object that opens proves that every link along it exists.
bool IsPlainPath(const std::string& p) {
  if (p.empty() || p == "/") return false;
  size_t i = p[0] == '/' ? 1 : 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    size_t len = j - i;
    if (len == 0) return false;
    if (p[i] == '.' && (len == 1 || (len == 2 && p[i + 1] == '.'))) return false;
    i = j + 1;
  }
  return true;
}

// objGet(loc, path) -> { handle, kind } | null. What group.get() needs in one call: null when no link is at
// path (as exists(loc, path, false) is false), else the opened object; a link that is there but does not
// resolve throws as objOpen does. The open is tried first: when it succeeds the links exist, so the existence
// walk (one or two look-ups per component) runs only for paths that fail to open or are not plain.
Napi::Value ObjGet(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "path");
    std::string full = JoinPath(loc, name);
    hid_t lapl = LaplOf(loc);
    bool plain = IsPlainPath(name);
    if (!plain && !LinkPathExists(loc->id(), lapl, name)) {
      TakeLinkRefusal();
      return info.Env().Null();
    }
    ExternalOpen ext;
    if (plain && OpenExternal(loc, name, lapl, &ext)) {
      // A target file outside the cache: the object's handle takes its own reference to it (Handle::heldFile).
      Hid owned(ext.ownsFile ? ext.file : H5I_INVALID_HID);
      return Opened(info.Env(), loc, ext.obj, full, ext.file, ext.path);
    }
    hid_t id = H5Oopen(loc->id(), name.c_str(), lapl);
    if (id < 0) {
      H5Failure f = MakeFailure("cannot open '" + full + "'", loc->id(), full);
      if (plain && !LinkPathExists(loc->id(), lapl, name)) {
        TakeLinkRefusal();
        H5Eclear2(H5E_DEFAULT);
        return info.Env().Null();
      }
      TakeLinkRefusal();
      H5Eclear2(H5E_DEFAULT);
      throw H5Exception{f};
    }
    return Opened(info.Env(), loc, id, full, loc->id(), name);
  });
}

// externalLinksResolved(file) -> how many external links group.get() resolved without HDF5's traversal (tests).
Napi::Value ExternalLinksResolved(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    return Napi::Number::New(info.Env(), h->file() ? static_cast<double>(h->file()->elinksResolved) : 0);
  });
}

// True when every component of path exists as a link (a dangling last link counts when allowDangling).
bool LinkPathExists(hid_t loc, hid_t lapl, const std::string& path) {
  if (path.empty() || path == "/" || path == ".") return true;
  size_t pos = path[0] == '/' ? 1 : 0;
  while (true) {
    size_t next = path.find('/', pos);
    std::string prefix = next == std::string::npos ? path : path.substr(0, next);
    // (an empty or "." component names the group before it, checked already: H5Lexists fails on a path that
    // ends in one)
    size_t last = prefix.rfind('/');
    std::string tail = prefix.substr(last == std::string::npos ? 0 : last + 1);
    if (!tail.empty() && tail != ".") {
      htri_t r = H5Lexists(loc, prefix.c_str(), lapl);
      if (r <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
      }
      if (next != std::string::npos) {
        // An intermediate component must resolve to a group.
        htri_t o = H5Oexists_by_name(loc, prefix.c_str(), lapl);
        if (o <= 0) {
          H5Eclear2(H5E_DEFAULT);
          return false;
        }
      }
    }
    if (next == std::string::npos) return true;
    pos = next + 1;
  }
}

// exists(loc, path, followLinks) -> boolean. With followLinks, a dangling link is false.
Napi::Value Exists(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string path = StrArg(info, 1, "path");
    bool follow = info[2].ToBoolean();
    hid_t lapl = LaplOf(loc);
    bool ok = LinkPathExists(loc->id(), lapl, path);
    if (ok && follow && !(path == "/" || path == ".")) {
      htri_t r = H5Oexists_by_name(loc->id(), path.c_str(), lapl);
      ok = r > 0;
      TakeLinkRefusal();
      H5Eclear2(H5E_DEFAULT);
    }
    return Napi::Boolean::New(info.Env(), ok);
  });
}

struct ObjBasic {
  H5O_type_t type;
  unsigned long fileno;
  std::string token;
  unsigned rc;
  hsize_t numAttrs;
};

ObjBasic GetObjBasic(Handle* loc, const std::string& name) {
  ObjBasic b{};
  hid_t lapl = LaplOf(loc);
  std::string full = JoinPath(loc, name);
#if H5NWB_HDF5_112
  H5O_info2_t oi;
  CheckErr(H5Oget_info_by_name3(loc->id(), name.c_str(), &oi, H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS, lapl),
           ("cannot get information on '" + full + "'").c_str(), loc->id(), full);
  char* s = nullptr;
  if (H5Otoken_to_str(loc->id(), &oi.token, &s) >= 0 && s) {
    b.token = s;
    H5free_memory(s);
  }
  b.numAttrs = oi.num_attrs;
#else
  H5O_info_t oi;
  CheckErr(H5Oget_info_by_name2(loc->id(), name.c_str(), &oi, H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS, lapl),
           ("cannot get information on '" + full + "'").c_str(), loc->id(), full);
  b.token = std::to_string(oi.addr);
  b.numAttrs = oi.num_attrs;
#endif
  b.type = oi.type;
  b.fileno = oi.fileno;
  b.rc = oi.rc;
  return b;
}

// objInfo(loc, path) -> { kind, fileno, token, refCount, numAttrs }
Napi::Value ObjInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = info[1].IsString() ? EncodeString(info[1]) : ".";
    ObjBasic b = GetObjBasic(loc, name);
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("kind", b.type == H5O_TYPE_GROUP     ? "group"
                  : b.type == H5O_TYPE_DATASET ? "dataset"
                  : b.type == H5O_TYPE_NAMED_DATATYPE ? "datatype"
                                                      : "other");
    o.Set("fileno", static_cast<double>(b.fileno));
    o.Set("token", b.token);
    o.Set("refCount", static_cast<double>(b.rc));
    o.Set("numAttrs", static_cast<double>(b.numAttrs));
    return o;
  });
}

// The index to iterate a group by: creation order where the group tracks it, else name.
H5_index_t IndexFor(hid_t group) {
  hid_t gcpl = H5Gget_create_plist(group);
  H5_index_t idx = H5_INDEX_NAME;
  if (gcpl >= 0) {
    unsigned flags = 0;
    if (H5Pget_link_creation_order(gcpl, &flags) >= 0 && (flags & H5P_CRT_ORDER_INDEXED)) idx = H5_INDEX_CRT_ORDER;
    H5Pclose(gcpl);
  }
  H5Eclear2(H5E_DEFAULT);
  return idx;
}

herr_t CollectName(hid_t, const char* name, const H5L_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

// linkNames(group) -> [names]
Napi::Value LinkNames(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* g = Unwrap(info[0]);
    hid_t gid = g->id();
    Hid root;
    if (g->isFile()) {
      root.reset(Check(H5Gopen2(gid, "/", H5P_DEFAULT), "cannot open the root group", gid));
      gid = root.get();
    }
    std::vector<std::string> names;
    hsize_t idx = 0;
    CheckErr(H5Literate(gid, IndexFor(gid), H5_ITER_INC, &idx, CollectName, &names), "cannot list the group",
             gid, g->path);
    Napi::Array a = Napi::Array::New(info.Env(), names.size());
    // (names that are not valid UTF-8 come out with their bytes escaped, and go back in as they were)
    for (size_t i = 0; i < names.size(); i++) a.Set(static_cast<uint32_t>(i), Name(info.Env(), names[i]));
    return a;
  });
}

Napi::Object DescribeLink(Napi::Env env, hid_t loc, const char* name, const H5L_info_t& li, hid_t lapl) {
  Napi::Object o = Napi::Object::New(env);
  if (li.type == H5L_TYPE_HARD) {
    o.Set("type", "hard");
  } else if (li.type == H5L_TYPE_SOFT || li.type == H5L_TYPE_EXTERNAL) {
    std::vector<char> buf(li.u.val_size + 1, '\0');
    CheckErr(H5Lget_val(loc, name, buf.data(), buf.size(), lapl), "cannot read the link value", loc, name);
    if (li.type == H5L_TYPE_SOFT) {
      o.Set("type", "soft");
      o.Set("path", Name(env, buf.data()));
    } else {
      const char* file = nullptr;
      const char* path = nullptr;
      unsigned flags = 0;
      CheckErr(H5Lunpack_elink_val(buf.data(), buf.size(), &flags, &file, &path), "cannot unpack the external link",
               loc, name);
      o.Set("type", "external");
      o.Set("file", Name(env, file ? file : ""));
      o.Set("path", Name(env, path ? path : ""));
    }
  } else {
    o.Set("type", "user");
  }
  return o;
}

// linkInfo(loc, name) -> { type, path?, file? }
Napi::Value LinkInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "link name");
    std::string full = JoinPath(loc, name);
    H5L_info_t li;
    hid_t lapl = LaplOf(loc);
    if (!LinkPathExists(loc->id(), lapl, name)) FailCode("ERR_H5_NOT_FOUND", "no link '" + full + "'", FileOf(loc), full);
    CheckErr(H5Lget_info(loc->id(), name.c_str(), &li, lapl), ("cannot get link '" + full + "'").c_str(), loc->id(),
             full);
    return DescribeLink(info.Env(), loc->id(), name.c_str(), li, lapl);
  });
}

struct VisitEntry {
  std::string name;
  H5L_type_t type;
};

herr_t VisitCb(hid_t, const char* name, const H5L_info_t* li, void* data) {
  static_cast<std::vector<VisitEntry>*>(data)->push_back({name, li->type});
  return 0;
}

// visitLinks(group) -> [[path, linkType], ...] for every link below the group, recursively (each group once).
Napi::Value VisitLinks(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* g = Unwrap(info[0]);
    hid_t gid = g->id();
    Hid root;
    if (g->isFile()) {
      root.reset(Check(H5Gopen2(gid, "/", H5P_DEFAULT), "cannot open the root group", gid));
      gid = root.get();
    }
    std::vector<VisitEntry> entries;
    CheckErr(H5Lvisit(gid, IndexFor(gid), H5_ITER_INC, VisitCb, &entries), "cannot visit the group", gid, g->path);
    Napi::Env env = info.Env();
    Napi::Array a = Napi::Array::New(env, entries.size());
    for (size_t i = 0; i < entries.size(); i++) {
      Napi::Array e = Napi::Array::New(env, 2);
      e.Set(0u, Name(env, entries[i].name));
      e.Set(1u, entries[i].type == H5L_TYPE_HARD       ? "hard"
                : entries[i].type == H5L_TYPE_SOFT     ? "soft"
                : entries[i].type == H5L_TYPE_EXTERNAL ? "external"
                                                       : "user");
      a.Set(static_cast<uint32_t>(i), e);
    }
    return a;
  });
}

Napi::Value LinkDelete(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "link name");
    std::string full = JoinPath(loc, name);
    if (!LinkPathExists(loc->id(), LaplOf(loc), name))
      FailCode("ERR_H5_NOT_FOUND", "cannot delete '" + full + "': no such link", FileOf(loc), full);
    ++LinkGeneration();
    CheckErr(H5Ldelete(loc->id(), name.c_str(), LaplOf(loc)), ("cannot delete '" + full + "'").c_str(), loc->id(),
             full);
    return info.Env().Undefined();
  });
}

// linkMove(srcLoc, srcName, dstLoc, dstName)
Napi::Value LinkMove(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* src = Unwrap(info[0]);
    std::string sname = StrArg(info, 1, "source name");
    Handle* dst = Unwrap(info[2]);
    std::string dname = StrArg(info, 3, "destination name");
    Hid lcpl = MakeLcpl();
    std::string full = JoinPath(src, sname);
    if (!LinkPathExists(src->id(), LaplOf(src), sname))
      FailCode("ERR_H5_NOT_FOUND", "cannot move '" + full + "': no such link", FileOf(src), full);
    ++LinkGeneration();
    CheckErr(H5Lmove(src->id(), sname.c_str(), dst->id(), dname.c_str(), lcpl, LaplOf(src)),
             ("cannot move '" + full + "' to '" + JoinPath(dst, dname) + "'").c_str(), src->id(), full);
    return info.Env().Undefined();
  });
}

// linkCreateSoft(loc, name, targetPath)
Napi::Value LinkCreateSoft(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "link name");
    std::string target = StrArg(info, 2, "target path");
    Hid lcpl = MakeLcpl();
    std::string full = JoinPath(loc, name);
    CheckErr(H5Lcreate_soft(target.c_str(), loc->id(), name.c_str(), lcpl, LaplOf(loc)),
             ("cannot create soft link '" + full + "'").c_str(), loc->id(), full);
    return info.Env().Undefined();
  });
}

// linkCreateHard(loc, name, targetLoc, targetPath)
Napi::Value LinkCreateHard(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "link name");
    Handle* tloc = Unwrap(info[2]);
    std::string target = StrArg(info, 3, "target path");
    Hid lcpl = MakeLcpl();
    std::string full = JoinPath(loc, name);
    CheckErr(H5Lcreate_hard(tloc->id(), target.c_str(), loc->id(), name.c_str(), lcpl, LaplOf(loc)),
             ("cannot create hard link '" + full + "' to '" + target + "'").c_str(), loc->id(), full);
    return info.Env().Undefined();
  });
}

// linkCreateExternal(loc, name, fileName, targetPath)
Napi::Value LinkCreateExternal(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "link name");
    std::string file = StrArg(info, 2, "file name");
    std::string target = StrArg(info, 3, "target path");
    Hid lcpl = MakeLcpl();
    std::string full = JoinPath(loc, name);
    CheckErr(H5Lcreate_external(file.c_str(), target.c_str(), loc->id(), name.c_str(), lcpl, LaplOf(loc)),
             ("cannot create external link '" + full + "'").c_str(), loc->id(), full);
    return info.Env().Undefined();
  });
}

// refCreate(loc, path) -> bigint object reference
Napi::Value RefCreate(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "path");
    hobj_ref_t ref = 0;
    std::string full = JoinPath(loc, name);
    CheckErr(H5Rcreate(&ref, loc->id(), name.c_str(), H5R_OBJECT, -1),
             ("cannot create a reference to '" + full + "'").c_str(), loc->id(), full);
    return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(ref));
  });
}

hobj_ref_t RefArg(const Napi::Value& v) {
  if (!v.IsBigInt()) FailType("expected an object reference");
  bool lossless;
  return static_cast<hobj_ref_t>(v.As<Napi::BigInt>().Uint64Value(&lossless));
}

// refOpen(loc, ref) -> { handle, kind, path }
Napi::Value RefOpen(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    hobj_ref_t ref = RefArg(info[1]);
    if (ref == 0) FailCode("ERR_H5_NULL_REFERENCE", "cannot resolve a null reference", FileOf(loc));
    hid_t id = H5Rdereference2(loc->id(), H5P_DEFAULT, H5R_OBJECT, &ref);
    if (id < 0) Fail("cannot resolve the object reference", loc->id());
    std::string path = ObjectNameOf(id);
    Napi::Object o = Opened(info.Env(), loc, id, path);
    o.Set("path", Name(info.Env(), path));
    return o;
  });
}

// refName(loc, ref) -> path of the referenced object (or null when it has none)
Napi::Value RefName(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    hobj_ref_t ref = RefArg(info[1]);
    ssize_t n = H5Rget_name(loc->id(), H5R_OBJECT, &ref, nullptr, 0);
    if (n < 0) Fail("cannot resolve the object reference", loc->id());
    if (n == 0) return info.Env().Null();
    std::string s(static_cast<size_t>(n) + 1, '\0');
    H5Rget_name(loc->id(), H5R_OBJECT, &ref, &s[0], s.size());
    s.resize(static_cast<size_t>(n));
    return Name(info.Env(), s);
  });
}

}  // namespace

void CheckCreatePath(Handle* loc, const std::string& name, const std::string& full) {
  // (only a file with a policy: without one, HDF5's traversal is the same as this one)
  if (!loc || !loc->file() || loc->file()->policy.mode == LinkPolicy::kAllow) return;
  hid_t lapl = LaplOf(loc);
  H5Lock lock;
  // Each prefix of the parent path: while it exists, open it (following its links under the file's policy).
  for (size_t cut = name.find('/', 1); cut != std::string::npos; cut = name.find('/', cut + 1)) {
    std::string prefix = name.substr(0, cut);
    if (prefix.empty() || prefix == "/") continue;
    htri_t e = H5Lexists(loc->id(), prefix.c_str(), lapl);
    if (e <= 0) {
      H5Eclear2(H5E_DEFAULT);
      if (e < 0) Fail("cannot create '" + full + "'", loc->id(), full);
      return;
    }
    hid_t o = H5Oopen(loc->id(), prefix.c_str(), lapl);
    if (o < 0) Fail("cannot create '" + full + "'", loc->id(), full);
    H5Oclose(o);
  }
}

// objCopy(srcLoc, srcName, dstLoc, dstName, { shallow, expandSoft, expandExternal, expandRefs, withoutAttrs,
//                                              mergeCommittedTypes })
void DoCopy(hid_t src, const std::string& sname, hid_t srcLapl, hid_t dst, const std::string& dname, unsigned flags,
            const std::string& srcFile, const std::string& dstFile) {
  H5Lock lock;
  Hid ocpypl(Check(H5Pcreate(H5P_OBJECT_COPY), "cannot create object copy list"));
  CheckErr(H5Pset_copy_object(ocpypl, flags), "cannot set object copy flags");
  Hid lcpl = MakeLcpl();
  auto fail = [&]() {
    H5Failure f = MakeFailure("cannot copy '" + sname + "' of " + srcFile + " to '" + dname + "' of " + dstFile, src,
                              sname);
    throw H5Exception{f};
  };
  // The source is opened first and copied as ".": H5Ocopy resolving a name through an external link can
  // dereference a file it has already let go of (a crash in H5F_get_high_bound, found by random link/copy
  // sequences); an open object keeps its file open for the whole copy.
  // (with the source file's link access list: its external-link policy applies to the copy's source too)
  hid_t obj = H5Oopen(src, sname.c_str(), srcLapl);
  if (obj < 0) fail();
  Hid held(obj);
  if (H5Ocopy(obj, ".", dst, dname.c_str(), ocpypl, lcpl) < 0) fail();
}

unsigned CopyFlags(const Napi::Value& opts) {
  unsigned flags = 0;
  if (Opt(opts, "shallow").ToBoolean()) flags |= H5O_COPY_SHALLOW_HIERARCHY_FLAG;
  if (Opt(opts, "expandSoft").ToBoolean()) flags |= H5O_COPY_EXPAND_SOFT_LINK_FLAG;
  if (Opt(opts, "expandExternal").ToBoolean()) flags |= H5O_COPY_EXPAND_EXT_LINK_FLAG;
  if (Opt(opts, "expandRefs").ToBoolean()) flags |= H5O_COPY_EXPAND_REFERENCE_FLAG;
  if (Opt(opts, "withoutAttrs").ToBoolean()) flags |= H5O_COPY_WITHOUT_ATTR_FLAG;
  if (Opt(opts, "mergeCommittedTypes").ToBoolean()) flags |= H5O_COPY_MERGE_COMMITTED_DTYPE_FLAG;
  return flags;
}

namespace {
Napi::Value ObjCopy(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* src = Unwrap(info[0]);
    std::string sname = StrArg(info, 1, "source name");
    Handle* dst = Unwrap(info[2]);
    std::string dname = StrArg(info, 3, "destination name");
    DoCopy(src->id(), sname, LaplOf(src), dst->id(), dname, CopyFlags(info[4]), FileOf(src), FileOf(dst));
    return info.Env().Undefined();
  });
}
}  // namespace

void InitGroup(Napi::Env env, Napi::Object exports) {
  exports.Set("groupCreate", Napi::Function::New(env, GroupCreate, "groupCreate"));
  exports.Set("objOpen", Napi::Function::New(env, ObjOpen, "objOpen"));
  exports.Set("typeCommit", Napi::Function::New(env, TypeCommit, "typeCommit"));
  exports.Set("typeInfo", Napi::Function::New(env, TypeInfo, "typeInfo"));
  exports.Set("objGet", Napi::Function::New(env, ObjGet, "objGet"));
  exports.Set("externalLinksResolved", Napi::Function::New(env, ExternalLinksResolved, "externalLinksResolved"));
  exports.Set("exists", Napi::Function::New(env, Exists, "exists"));
  exports.Set("objInfo", Napi::Function::New(env, ObjInfo, "objInfo"));
  exports.Set("linkNames", Napi::Function::New(env, LinkNames, "linkNames"));
  exports.Set("linkInfo", Napi::Function::New(env, LinkInfo, "linkInfo"));
  exports.Set("visitLinks", Napi::Function::New(env, VisitLinks, "visitLinks"));
  exports.Set("linkDelete", Napi::Function::New(env, LinkDelete, "linkDelete"));
  exports.Set("linkMove", Napi::Function::New(env, LinkMove, "linkMove"));
  exports.Set("linkCreateSoft", Napi::Function::New(env, LinkCreateSoft, "linkCreateSoft"));
  exports.Set("linkCreateHard", Napi::Function::New(env, LinkCreateHard, "linkCreateHard"));
  exports.Set("linkCreateExternal", Napi::Function::New(env, LinkCreateExternal, "linkCreateExternal"));
  exports.Set("refCreate", Napi::Function::New(env, RefCreate, "refCreate"));
  exports.Set("refOpen", Napi::Function::New(env, RefOpen, "refOpen"));
  exports.Set("refName", Napi::Function::New(env, RefName, "refName"));
  exports.Set("objCopy", Napi::Function::New(env, ObjCopy, "objCopy"));
}

}  // namespace h5nwb
