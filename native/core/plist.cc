#include "plist.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtype.h"
#include "errors.h"
#include "lock.h"

namespace h5nwb {

namespace {

std::string StrOpt(const Napi::Value& o, const char* key, const std::string& dflt) {
  Napi::Value v = Opt(o, key);
  if (!v.IsString()) return dflt;
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) FailType(std::string(key) + " must not contain NUL characters");
  return s;
}

double NumOpt(const Napi::Value& o, const char* key, double dflt) {
  Napi::Value v = Opt(o, key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : dflt;
}

H5F_libver_t Libver(const std::string& s) {
  if (s == "earliest") return H5F_LIBVER_EARLIEST;
  if (s == "v18") return H5F_LIBVER_V18;
  if (s == "v110") return H5F_LIBVER_V110;
#if H5NWB_HDF5_112
  if (s == "v112") return H5F_LIBVER_V112;
#endif
#if H5_VERSION_GE(1, 14, 0)
  if (s == "v114") return H5F_LIBVER_V114;
#endif
  if (s == "latest") return H5F_LIBVER_LATEST;
  FailRange("unknown library version bound '" + s + "'");
}

thread_local std::string g_linkRefusal;

std::string Normalize(const std::string& path) {
  // Lexical normalisation of an absolute path: removes ".", "..", and repeated slashes.
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

std::string RealOrNormal(const std::string& path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf)) return buf;
  return Normalize(path);
}

herr_t ElinkCallback(const char* parentFile, const char*, const char* childFile, const char* childObject,
                     unsigned* accFlags, hid_t, void* opData) {
  // HDF5 hands the callback the linking file's own open flags, which for a file made by File.open(.., 'w' | 'w-')
  // still say create and truncate (or fail if it exists); it then refuses them ("invalid file open flags"). The
  // target is opened for reading, or reading and writing, as the linking file was.
  if (accFlags) *accFlags &= ~static_cast<unsigned>(H5F_ACC_TRUNC | H5F_ACC_EXCL | H5F_ACC_CREAT);
  auto* policy = static_cast<LinkPolicy*>(opData);
  policy->seen.store(true, std::memory_order_relaxed);
  if (policy->mode == LinkPolicy::kAllow) return 0;
  std::string target = std::string(childFile) + ":" + childObject;
  if (policy->mode == LinkPolicy::kDeny) {
    g_linkRefusal = "external link to " + target + " refused: this file was opened with externalLinks 'deny'";
    return -1;
  }
  if (policy->mode == LinkPolicy::kRoot) {
    // The file HDF5 will open is the first of these that exists (HDF5's own search order for external link
    // targets): an absolute name as given; then, with the name relative (an absolute name reduced to its base
    // name), each folder of $HDF5_EXT_PREFIX, each folder of the link access prefix, the linking file's folder,
    // and the current folder. That file must lie inside the root.
    std::string child = childFile;
    std::vector<std::string> candidates;
    std::string rel = child;
    if (!child.empty() && child[0] == '/') {
      candidates.push_back(child);
      size_t slash = child.rfind('/');
      rel = child.substr(slash + 1);
    }
    auto addPrefixes = [&](const std::string& list) {
      size_t i = 0;
      while (i <= list.size()) {
        size_t j = list.find(':', i);
        if (j == std::string::npos) j = list.size();
        std::string dir = list.substr(i, j - i);
        if (!dir.empty()) candidates.push_back(dir + "/" + rel);
        i = j + 1;
      }
    };
    if (const char* env = getenv("HDF5_EXT_PREFIX")) addPrefixes(env);
    if (!policy->prefix.empty()) addPrefixes(policy->prefix);
    std::string parent = parentFile;
    size_t pslash = parent.rfind('/');
    candidates.push_back((pslash == std::string::npos ? std::string(".") : parent.substr(0, pslash)) + "/" + rel);
    candidates.push_back(rel);
    std::string found;
    for (const auto& c : candidates) {
      if (access(c.c_str(), F_OK) == 0) {
        found = c;
        break;
      }
    }
    const std::string& root = policy->root;
    if (found.empty()) {
      g_linkRefusal = "external link to " + target + " refused: the file is not found inside " + root;
      return -1;
    }
    std::string real = RealOrNormal(found);
    bool inside = real == root || (real.size() > root.size() && real.compare(0, root.size(), root) == 0 &&
                                   (root == "/" || real[root.size()] == '/'));
    if (!inside) {
      g_linkRefusal = "external link to " + target + " refused: it resolves to " + real +
                      ", outside the allowed folder " + root;
      return -1;
    }
  }
  return 0;
}

}  // namespace

std::string TakeLinkRefusal() {
  std::string s;
  s.swap(g_linkRefusal);
  return s;
}

void ConfigureLinkAccess(FileState& fs, const Napi::Value& opts) {
  H5Lock lock;
  // HDF5's "extpath" for this file: its folder as opened, made absolute with the cwd of the moment. Relative
  // external-link targets are looked for there (objects/elink.cc makes HDF5's search).
  size_t slash = fs.name.rfind('/');
  std::string dir = slash == std::string::npos ? std::string() : fs.name.substr(0, slash + 1);
  if (fs.name.empty() || fs.name[0] != '/') {
    char cwd[PATH_MAX];
    dir = getcwd(cwd, sizeof cwd) ? std::string(cwd) + "/" + dir : std::string();
  }
  fs.extDir = dir;
  Napi::Value el = Opt(opts, "externalLinks");
  Napi::Value prefix = Opt(opts, "externalLinkPrefix");
  if (el.IsString() && el.As<Napi::String>().Utf8Value() == "deny") {
    fs.policy.mode = LinkPolicy::kDeny;
  } else if (el.IsObject() && Has(el, "root")) {
    fs.policy.mode = LinkPolicy::kRoot;
    fs.policy.root = RealOrNormal(Opt(el, "root").As<Napi::String>().Utf8Value());
  }
  hid_t lapl = Check(H5Pcreate(H5P_LINK_ACCESS), "cannot create link access list");
  fs.lapl = lapl;
  if (prefix.IsString()) {
    fs.policy.prefix = prefix.As<Napi::String>().Utf8Value();
    CheckErr(H5Pset_elink_prefix(lapl, fs.policy.prefix.c_str()), "cannot set link prefix");
  }
  // Always set: with no policy the callback only notes that an external link was followed (see LinkPolicy).
  CheckErr(H5Pset_elink_cb(lapl, ElinkCallback, &fs.policy), "cannot set the external link policy");
}

std::vector<std::string> LockProbes(const Napi::Value& opts) {
  std::vector<std::string> out;
  Napi::Value v = Opt(opts, "probeLocks");
  if (!v.IsArray()) return out;
  auto a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value e = a.Get(i);
    if (e.IsString()) out.push_back(EncodeString(e));
  }
  return out;
}

void ProbeLocks(const std::vector<std::string>& files, const std::string& path) {
  for (const std::string& f : files) {
    // (non-blocking: opening a FIFO for reading would wait for a writer)
    int fd = open(f.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;  // gone or unreadable: the create itself reports what it finds
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      continue;  // only regular files hold HDF5 data to lose
    }
    // An exclusive lock taken and at once released; HDF5 locks with flock() too, so a file another open holds
    // (even one of this process: flock locks belong to the open, not the process) refuses it.
    int r = flock(fd, LOCK_EX | LOCK_NB);
    int err = errno;
    if (r == 0) flock(fd, LOCK_UN);
    close(fd);
    if (r != 0 && err == EWOULDBLOCK) {
      std::string which = f == path ? std::string() : " (its member '" + f + "')";
      FailCode("ERR_H5_FILE_LOCKED",
               "cannot create file '" + path + "' (mode w): the file" + which +
                   " is open in this or another program, which holds its lock; it was left as it was",
               path);
    }
    // Any other failure (a file system without locks): HDF5 decides, as it would have without the probe.
  }
}

Hid MakeFapl(const Napi::Value& opts) {
  H5Lock lock;
  Hid fapl(Check(H5Pcreate(H5P_FILE_ACCESS), "cannot create file access list"));
  std::string driver = StrOpt(opts, "driver", "sec2");
  if (driver == "sec2") {
    CheckErr(H5Pset_fapl_sec2(fapl), "cannot select the sec2 driver");
  } else if (driver == "stdio") {
    CheckErr(H5Pset_fapl_stdio(fapl), "cannot select the stdio driver");
  } else if (driver == "core") {
    size_t increment = static_cast<size_t>(NumOpt(opts, "increment", 1 << 20));
    bool backing = Opt(opts, "backingStore").ToBoolean();
    CheckErr(H5Pset_fapl_core(fapl, increment, backing), "cannot select the core driver");
    Napi::Value image = Opt(opts, "image");
    if (image.IsBuffer()) {
      auto b = image.As<Napi::Buffer<char>>();
      CheckErr(H5Pset_file_image(fapl, b.Data(), b.Length()), "cannot set the file image");
    }
  } else if (driver == "family") {
    double ms = NumOpt(opts, "memberSize", 0);
    if (!(ms > 0)) FailRange("the family driver needs a positive memberSize");
    Hid member(Check(H5Pcreate(H5P_FILE_ACCESS), "cannot create file access list"));
    CheckErr(H5Pset_fapl_family(fapl, static_cast<hsize_t>(ms), member), "cannot select the family driver");
  } else if (driver == "split") {
    std::string meta = StrOpt(opts, "metaExt", "-m.h5");
    std::string raw = StrOpt(opts, "rawExt", "-r.h5");
    CheckErr(H5Pset_fapl_split(fapl, meta.c_str(), H5P_DEFAULT, raw.c_str(), H5P_DEFAULT),
             "cannot select the split driver");
  } else if (driver == "multi") {
    // members: { super, btree, draw, gheap, lheap, ohdr } -> file name suffix; types that share a suffix share
    // a member file. Unnamed types go to the 'super' member.
    static const struct {
      const char* key;
      H5FD_mem_t type;
      const char* dflt;
    } kinds[] = {{"super", H5FD_MEM_SUPER, "-s.h5"}, {"btree", H5FD_MEM_BTREE, "-b.h5"},
                 {"draw", H5FD_MEM_DRAW, "-r.h5"},   {"gheap", H5FD_MEM_GHEAP, "-g.h5"},
                 {"lheap", H5FD_MEM_LHEAP, "-l.h5"}, {"ohdr", H5FD_MEM_OHDR, "-o.h5"}};
    Napi::Value members = Opt(opts, "members");
    H5FD_mem_t map[H5FD_MEM_NTYPES];
    hid_t fapls[H5FD_MEM_NTYPES];
    const char* names[H5FD_MEM_NTYPES];
    haddr_t addrs[H5FD_MEM_NTYPES];
    std::vector<std::string> suffixes;  // stable storage for names
    suffixes.reserve(8);
    for (int i = 0; i < H5FD_MEM_NTYPES; i++) {
      map[i] = H5FD_MEM_SUPER;
      fapls[i] = H5P_DEFAULT;
      names[i] = nullptr;
      addrs[i] = 0;
    }
    // The 'super' member always exists; other types join the member whose suffix they name, or 'super'.
    std::vector<std::pair<H5FD_mem_t, std::string>> owners;
    owners.push_back({H5FD_MEM_SUPER, members.IsObject() ? StrOpt(members, "super", "-s.h5") : "-s.h5"});
    map[H5FD_MEM_DEFAULT] = H5FD_MEM_SUPER;
    for (auto& k : kinds) {
      if (k.type == H5FD_MEM_SUPER) continue;
      std::string suffix = members.IsObject() ? StrOpt(members, k.key, "") : k.dflt;
      if (suffix.empty()) continue;  // stays with 'super'
      H5FD_mem_t owner = k.type;
      for (auto& o : owners)
        if (o.second == suffix) owner = o.first;
      if (owner == k.type) owners.push_back({k.type, suffix});
      map[k.type] = owner;
    }
    suffixes.clear();
    // HDF5 uses member names as printf templates of the file name: "%s-s.h5" (a literal % doubled).
    for (auto& o : owners) {
      std::string escaped;
      for (char ch : o.second) escaped += ch == '%' ? std::string("%%") : std::string(1, ch);
      suffixes.push_back("%s" + escaped);
    }
    haddr_t step = HADDR_MAX / (owners.size() + 1);
    for (size_t i = 0; i < owners.size(); i++) {
      names[owners[i].first] = suffixes[i].c_str();
      addrs[owners[i].first] = step * i;
    }
    CheckErr(H5Pset_fapl_multi(fapl, map, fapls, names, addrs, Opt(opts, "relax").ToBoolean() ? 1 : 0),
             "cannot select the multi driver");
  } else {
    FailRange("unknown driver '" + driver + "'");
  }
  Napi::Value libver = Opt(opts, "libver");
  if (libver.IsString()) {
    H5F_libver_t lv = Libver(libver.As<Napi::String>().Utf8Value());
    CheckErr(H5Pset_libver_bounds(fapl, lv, H5F_LIBVER_LATEST), "cannot set library version bounds");
  } else if (libver.IsArray()) {
    auto a = libver.As<Napi::Array>();
    CheckErr(H5Pset_libver_bounds(fapl, Libver(a.Get(0u).As<Napi::String>().Utf8Value()),
                                  Libver(a.Get(1u).As<Napi::String>().Utf8Value())),
             "cannot set library version bounds");
  }
  Napi::Value efc = Opt(opts, "externalLinkCacheSize");
  if (efc.IsNumber())
    CheckErr(H5Pset_elink_file_cache_size(fapl, static_cast<unsigned>(efc.As<Napi::Number>().Uint32Value())),
             "cannot set the external link file cache");
  Napi::Value mdc = Opt(opts, "metadataCacheSize");
  (void)mdc;
#if H5_VERSION_GE(1, 10, 7)
  Napi::Value locking = Opt(opts, "locking");
  if (locking.IsBoolean())
    CheckErr(H5Pset_file_locking(fapl, locking.As<Napi::Boolean>().Value(), true), "cannot set file locking");
#endif
  return fapl;
}

Hid MakeFcpl(const Napi::Value& opts) {
  H5Lock lock;
  Hid fcpl(Check(H5Pcreate(H5P_FILE_CREATE), "cannot create file creation list"));
  if (Opt(opts, "trackOrder").ToBoolean()) {
    CheckErr(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
    CheckErr(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  }
  double ub = NumOpt(opts, "userblock", 0);
  if (ub > 0) CheckErr(H5Pset_userblock(fcpl, static_cast<hsize_t>(ub)), "cannot set the user block size");
  return fcpl;
}

Hid MakeGcpl(const Napi::Value& opts) {
  H5Lock lock;
  Hid gcpl(Check(H5Pcreate(H5P_GROUP_CREATE), "cannot create group creation list"));
  if (Opt(opts, "trackOrder").ToBoolean()) {
    CheckErr(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
    CheckErr(H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  }
  return gcpl;
}

Hid MakeLcpl() {
  H5Lock lock;
  Hid lcpl(Check(H5Pcreate(H5P_LINK_CREATE), "cannot create link creation list"));
  CheckErr(H5Pset_create_intermediate_group(lcpl, 1), "cannot set intermediate group creation");
  CheckErr(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8), "cannot set link name encoding");
  return lcpl;
}

Hid MakeAcpl() {
  H5Lock lock;
  Hid acpl(Check(H5Pcreate(H5P_ATTRIBUTE_CREATE), "cannot create attribute creation list"));
  CheckErr(H5Pset_char_encoding(acpl, H5T_CSET_UTF8), "cannot set attribute name encoding");
  return acpl;
}

Hid MakeDcpl(const Napi::Value& opts, hid_t fileType) {
  H5Lock lock;
  Hid dcpl(Check(H5Pcreate(H5P_DATASET_CREATE), "cannot create dataset creation list"));
  std::vector<hsize_t> chunks = ToDims(Opt(opts, "chunks"));
  std::string layout = StrOpt(opts, "layout", chunks.empty() ? "contiguous" : "chunked");
  if (layout == "compact") {
    CheckErr(H5Pset_layout(dcpl, H5D_COMPACT), "cannot set compact layout");
  } else if (layout == "chunked" || !chunks.empty()) {
    if (chunks.empty()) FailRange("a chunked layout needs chunk dimensions");
    CheckErr(H5Pset_chunk(dcpl, static_cast<int>(chunks.size()), chunks.data()), "cannot set the chunk shape");
  }
  // Filter order as h5py applies it: shuffle, then compression, then checksum.
  Napi::Value scaleoffset = Opt(opts, "scaleoffset");
  if (scaleoffset.IsNumber()) {
    H5T_class_t cls = H5Tget_class(fileType);
    CheckErr(H5Pset_scaleoffset(dcpl, cls == H5T_FLOAT ? H5Z_SO_FLOAT_DSCALE : H5Z_SO_INT,
                                scaleoffset.As<Napi::Number>().Int32Value()),
             "cannot set the scale-offset filter");
  }
  if (Opt(opts, "shuffle").ToBoolean()) CheckErr(H5Pset_shuffle(dcpl), "cannot set the shuffle filter");
  Napi::Value deflate = Opt(opts, "deflate");
  if (deflate.IsNumber()) CheckErr(H5Pset_deflate(dcpl, deflate.As<Napi::Number>().Uint32Value()), "cannot set gzip");
  Napi::Value szip = Opt(opts, "szip");
  if (szip.IsObject()) {
    std::string coding = StrOpt(szip, "coding", "nn");
    unsigned mask = coding == "ec" ? H5_SZIP_EC_OPTION_MASK : H5_SZIP_NN_OPTION_MASK;
    CheckErr(H5Pset_szip(dcpl, mask, static_cast<unsigned>(NumOpt(szip, "pixelsPerBlock", 8))),
             "cannot set the szip filter");
  }
  Napi::Value filters = Opt(opts, "filters");
  if (filters.IsArray()) {
    auto a = filters.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) {
      Napi::Value f = a.Get(i);
      auto id = static_cast<H5Z_filter_t>(NumOpt(f, "id", -1));
      std::vector<unsigned> values;
      Napi::Value vals = Opt(f, "values");
      if (vals.IsArray())
        for (uint32_t j = 0; j < vals.As<Napi::Array>().Length(); j++)
          values.push_back(vals.As<Napi::Array>().Get(j).As<Napi::Number>().Uint32Value());
      unsigned flags = Opt(f, "optional").ToBoolean() ? H5Z_FLAG_OPTIONAL : H5Z_FLAG_MANDATORY;
      CheckErr(H5Pset_filter(dcpl, id, flags, values.size(), values.data()), "cannot add the filter");
    }
  }
  if (Opt(opts, "fletcher32").ToBoolean()) CheckErr(H5Pset_fletcher32(dcpl), "cannot set fletcher32");
  Napi::Value fill = Opt(opts, "fill");
  if (!fill.IsUndefined() && !fill.IsNull()) {
    Hid memType = MemTypeFor(fileType);
    std::vector<char> buf(H5Tget_size(memType));
    PackArena arena;
    Napi::Value fv = fill;
    try {
      PackValues(fv, 1, memType, buf.data(), arena);
    } catch (H5Exception& e) {
      e.failure.message = "fill value: " + e.failure.message;
      throw;
    }
    CheckWidenedFloats(fileType, memType, buf.data(), 1, "fill value");
    CheckErr(H5Pset_fill_value(dcpl, memType, buf.data()), "cannot set the fill value");
  }
  std::string fillTime = StrOpt(opts, "fillTime", "");
  if (!fillTime.empty())
    CheckErr(H5Pset_fill_time(dcpl, fillTime == "alloc" ? H5D_FILL_TIME_ALLOC
                                    : fillTime == "never" ? H5D_FILL_TIME_NEVER
                                                          : H5D_FILL_TIME_IFSET),
             "cannot set the fill time");
  std::string allocTime = StrOpt(opts, "allocTime", "");
  if (!allocTime.empty())
    CheckErr(H5Pset_alloc_time(dcpl, allocTime == "early"  ? H5D_ALLOC_TIME_EARLY
                                     : allocTime == "late" ? H5D_ALLOC_TIME_LATE
                                                           : H5D_ALLOC_TIME_INCR),
             "cannot set the allocation time");
  Napi::Value tt = Opt(opts, "trackTimes");
  CheckErr(H5Pset_obj_track_times(dcpl, tt.IsBoolean() ? tt.As<Napi::Boolean>().Value() : false),
           "cannot set time tracking");
  if (Opt(opts, "trackOrder").ToBoolean())
    CheckErr(H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  Napi::Value external = Opt(opts, "external");
  if (external.IsArray() && external.As<Napi::Array>().Length() > 0) {
    // HDF5 accepts external files on a compact or chunked list and then crashes creating the dataset.
    if (H5Pget_layout(dcpl) != H5D_CONTIGUOUS) FailRange("external storage needs a contiguous layout");
    auto a = external.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) {
      Napi::Value e = a.Get(i);
      std::string name = StrOpt(e, "name", "");
      double size = NumOpt(e, "size", -1);
      CheckErr(H5Pset_external(dcpl, name.c_str(), static_cast<off_t>(NumOpt(e, "offset", 0)),
                               size < 0 ? H5F_UNLIMITED : static_cast<hsize_t>(size)),
               "cannot add the external storage file");
    }
  }
  return dcpl;
}

ChunkCachePlan ChooseChunkCache(hid_t dcpl, hid_t space, hid_t type) {
  H5Lock lock;
  ChunkCachePlan plan;
  if (H5Pget_layout(dcpl) != H5D_CHUNKED) return plan;
  int rank = H5Pget_chunk(dcpl, 0, nullptr);
  if (rank <= 0) return plan;
  std::vector<hsize_t> chunk(rank), dims(rank), maxdims(rank);
  H5Pget_chunk(dcpl, rank, chunk.data());
  H5Sget_simple_extent_dims(space, dims.data(), maxdims.data());
  size_t chunkBytes = H5Tget_size(type);
  for (auto c : chunk) chunkBytes *= c;
  // Only filtered datasets get a bigger cache: without one, every partial write of a compressed chunk
  // decompresses and recompresses it (about 5x slower appends). Unfiltered chunks larger than the default
  // cache are better left to HDF5's direct path, which bypasses the cache: measured with bench/ (W1, W3),
  // a cache holding them made block appends 0.66-0.86x and window reads ~10x slower, while only tiny appends
  // gained (they can ask for a cache with the chunkCache option).
  bool filtered = H5Pget_nfilters(dcpl) > 0;
  const size_t kDefault = 1 << 20;
  if (!filtered) return plan;
  // Chunks one append along the first axis touches: every chunk across the other axes.
  double across = 1;
  for (int d = 1; d < rank; d++) {
    hsize_t extent = maxdims[d] == H5S_UNLIMITED ? dims[d] : maxdims[d];
    across *= std::max<hsize_t>(1, (extent + chunk[d] - 1) / chunk[d]);
  }
  const double kCap = 64.0 * (1 << 20);
  double want = std::max<double>(static_cast<double>(chunkBytes) * std::min(across, 4096.0) * 2, kDefault);
  want = std::min(want, std::max(kCap, static_cast<double>(chunkBytes) * 2));
  plan.custom = true;
  plan.nbytes = static_cast<size_t>(want);
  size_t slots = static_cast<size_t>(want / std::max<size_t>(chunkBytes, 1)) * 100 + 1;
  plan.nslots = std::max<size_t>(slots, 521);
  plan.w0 = 1.0;
  return plan;
}

Hid MakeDaplFromPlan(size_t nslots, size_t nbytes, double w0, hid_t base) {
  H5Lock lock;
  // A dataset access list is a kind of link access list: copy the link settings (prefix, external-link policy)
  // of `base` into it so the reopen traverses links under the same rules.
  Hid dapl(Check(H5Pcreate(H5P_DATASET_ACCESS), "cannot create dataset access list"));
  if (base != H5P_DEFAULT) {
    size_t n = 0;
    H5L_elink_traverse_t cb = nullptr;
    void* data = nullptr;
    if (H5Pget_elink_cb(base, &cb, &data) >= 0 && cb) H5Pset_elink_cb(dapl, cb, data);
    ssize_t len = H5Pget_elink_prefix(base, nullptr, 0);
    if (len > 0) {
      std::string prefix(static_cast<size_t>(len) + 1, '\0');
      H5Pget_elink_prefix(base, &prefix[0], prefix.size());
      H5Pset_elink_prefix(dapl, prefix.c_str());
    }
    (void)n;
    H5Eclear2(H5E_DEFAULT);
  }
  CheckErr(H5Pset_chunk_cache(dapl, nslots, nbytes, w0), "cannot set the chunk cache");
  return dapl;
}

Hid MakeDapl(hid_t dcpl, hid_t space, hid_t type, const Napi::Value& cacheOpts) {
  if (cacheOpts.IsObject()) {
    return MakeDaplFromPlan(static_cast<size_t>(NumOpt(cacheOpts, "slots", 521)),
                            static_cast<size_t>(NumOpt(cacheOpts, "bytes", 1 << 20)),
                            NumOpt(cacheOpts, "w0", 0.75));
  }
  ChunkCachePlan plan = ChooseChunkCache(dcpl, space, type);
  if (!plan.custom) return Hid();
  return MakeDaplFromPlan(plan.nslots, plan.nbytes, plan.w0);
}

}  // namespace h5nwb
