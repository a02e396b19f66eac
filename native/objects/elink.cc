// External links resolved by h5nwb itself. HDF5's traversal of an external link builds a copy of the linking
// file's access property list every time it crosses one (and closes it again); with the link file cache on,
// that copy is most of the cost of opening an object through a link. Here the link is read, the target file
// found by HDF5's own search, kept in a cache like HDF5's, and the object opened in it. Whenever this path does
// not apply or anything on it fails, the caller lets HDF5 traverse the link as before, so errors and edge cases
// stay HDF5's.
#include <cstdlib>

#include "../core/call.h"
#include "objects.h"

namespace h5nwb {

namespace {

bool FilenoOf(hid_t id, unsigned long* out) {
#if H5NWB_HDF5_112
  H5O_info2_t oi;
  if (H5Oget_info3(id, &oi, H5O_INFO_BASIC) < 0) return false;
#else
  H5O_info_t oi;
  if (H5Oget_info2(id, &oi, H5O_INFO_BASIC) < 0) return false;
#endif
  *out = oi.fileno;
  return true;
}

// Decides once per file whether h5nwb resolves its links: files on the default (sec2) driver, opened without
// SWMR, with no link policy and no search prefix. (HDF5 opens targets with the linking file's access list, so
// other drivers would apply to the targets too: left to HDF5.)
bool Prepare(FileState& fs) {
  if (fs.elinkMode >= 0) return fs.elinkMode == 1;
  fs.elinkMode = 0;
  if (fs.policy.mode != LinkPolicy::kAllow || !fs.policy.prefix.empty() || fs.extDir.empty()) return false;
  unsigned intent = 0;
  unsigned efc = 0;
  unsigned long fileno = 0;
  if (H5Fget_intent(fs.fid, &intent) < 0 || !FilenoOf(fs.fid, &fileno)) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  if (intent & (H5F_ACC_SWMR_READ | H5F_ACC_SWMR_WRITE)) return false;
  Hid fapl(H5Fget_access_plist(fs.fid));
  if (!fapl.valid() || H5Pget_driver(fapl) != H5FD_SEC2 || H5Pget_elink_file_cache_size(fapl, &efc) < 0 ||
      H5Pset_fclose_degree(fapl, H5F_CLOSE_WEAK) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  fs.elinkIntent = (intent & H5F_ACC_RDWR) ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
  fs.efcSize = efc;
  fs.fileno = fileno;
  fs.elinkFapl = fapl.release();
  fs.elinkMode = 1;
  return true;
}

// Whether loc is a group of its FileState's own file (not one reached through an external link): relative
// target names resolve against the folder of the file holding the link. Found once per handle.
bool InOwnFile(Handle* loc, const FileState& fs) {
  if (loc->isFile()) return true;
  if (loc->ownFile < 0) {
    unsigned long n = 0;
    bool ok = FilenoOf(loc->id(), &n);
    if (!ok) H5Eclear2(H5E_DEFAULT);
    loc->ownFile = ok && n == fs.fileno ? 1 : 0;
  }
  return loc->ownFile == 1;
}

// Opens the target file of a link the way HDF5 searches for it (with no HDF5_EXT_PREFIX and no link prefix):
// an absolute name as it is, then the name (an absolute one reduced to its last component) in the linking
// file's folder, then relative to the cwd. The first that opens wins. *cached: the id belongs to the cache.
hid_t OpenTarget(FileState& fs, const std::string& child, bool* cached) {
  std::string rel = child;
  std::string cands[3];
  int n = 0;
  if (!child.empty() && child[0] == '/') {
    cands[n++] = child;
    rel = child.substr(child.rfind('/') + 1);
  }
  cands[n++] = fs.extDir + rel;
  cands[n++] = rel;
  for (int i = 0; i < n; i++) {
    const std::string& c = cands[i];
    if (fs.efcSize > 0) {
      for (size_t k = 0; k < fs.efc.size(); k++) {
        if (fs.efc[k].first != c) continue;
        // most recently used last
        std::pair<std::string, hid_t> e = std::move(fs.efc[k]);
        fs.efc.erase(fs.efc.begin() + static_cast<std::ptrdiff_t>(k));
        fs.efc.push_back(std::move(e));
        *cached = true;
        return fs.efc.back().second;
      }
    }
    hid_t f = H5Fopen(c.c_str(), fs.elinkIntent, fs.elinkFapl);
    if (f < 0) {
      H5Eclear2(H5E_DEFAULT);
      continue;
    }
    if (fs.efcSize > 0) {
      // Closing the least recently used target is a weak close: objects opened in it keep it open.
      while (fs.efc.size() >= fs.efcSize) {
        CloseFileId(fs.efc.front().second);
        fs.efc.erase(fs.efc.begin());
      }
      fs.efc.emplace_back(c, f);
      *cached = true;
    } else {
      *cached = false;
    }
    return f;
  }
  return H5I_INVALID_HID;
}

}  // namespace

bool OpenExternal(Handle* loc, const std::string& name, hid_t lapl, ExternalOpen* out) {
  FileState* fs = loc->file().get();
  if (!fs || !fs->policy.seen.load(std::memory_order_relaxed) || !Prepare(*fs) || !InOwnFile(loc, *fs)) return false;
  // HDF5 searches the folders of HDF5_EXT_PREFIX first (read at each traversal): left to HDF5 when any is set.
  const char* envPrefix = getenv("HDF5_EXT_PREFIX");
  if (envPrefix && *envPrefix) return false;
  H5L_info_t li;
  // Every group on the way must be a hard link of this file (a soft or external link could lead elsewhere).
  // Looked up one by one (a look-up of the whole path would follow an external link on the way), and
  // remembered for paths from the file itself.
  if (loc->isFile() && fs->hardPathsGen != LinkGeneration()) {
    fs->hardPaths.clear();
    fs->hardPathsGen = LinkGeneration();
  }
  for (size_t j = name.find('/', 1); j != std::string::npos; j = name.find('/', j + 1)) {
    std::string prefix = name.substr(0, j);
    if (loc->isFile() && fs->hardPaths.count(prefix)) continue;
    if (H5Lget_info(loc->id(), prefix.c_str(), &li, lapl) < 0 || li.type != H5L_TYPE_HARD) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    if (loc->isFile()) fs->hardPaths.insert(std::move(prefix));
  }
  if (H5Lget_info(loc->id(), name.c_str(), &li, lapl) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  if (li.type != H5L_TYPE_EXTERNAL) return false;
  std::vector<char> buf(li.u.val_size + 1, '\0');
  const char* file = nullptr;
  const char* path = nullptr;
  unsigned flags = 0;
  if (H5Lget_val(loc->id(), name.c_str(), buf.data(), buf.size(), lapl) < 0 ||
      H5Lunpack_elink_val(buf.data(), li.u.val_size, &flags, &file, &path) < 0 || !file || !path || !*file) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  bool cached = false;
  hid_t tf = OpenTarget(*fs, file, &cached);
  if (tf < 0) return false;
  hid_t id = H5Oopen(tf, path, lapl);
  if (id < 0) {
    H5Eclear2(H5E_DEFAULT);
    if (!cached) CloseFileId(tf);
    return false;
  }
  out->obj = id;
  out->file = tf;
  out->ownsFile = !cached;
  out->path = path;
  fs->elinksResolved++;
  return true;
}

}  // namespace h5nwb
