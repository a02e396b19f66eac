#include "handle.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_set>

#include "env.h"
#include "errors.h"
#include "lock.h"

namespace h5nwb {

namespace {
// Distinguishes our Externals from any other External a caller might pass.
const napi_type_tag kHandleTag = {0x6e05f5a3c1d24b7aULL, 0x9e1b40f2d3c8a517ULL};
// Bumped whenever a Handle is destroyed (any thread).
std::atomic<uint64_t> g_handlesFreed{0};
// The handle this thread checked the type tag of last, and g_handlesFreed at that time. Checking a type tag costs
// a property lookup (tens of ns: a noticeable part of a one-row append); an External holding the same pointer
// while no Handle was destroyed since holds the same live Handle, so its tag need not be checked again.
thread_local void* t_lastChecked = nullptr;
thread_local uint64_t t_lastCheckedGen = 0;

// Every file opened in the process (all environments), for the exit handler. Never destroyed: the exit handler
// may run after static destructors have started.
std::mutex& AllFilesMutex() {
  static auto* m = new std::mutex();
  return *m;
}
std::vector<std::weak_ptr<FileState>>& AllFiles() {
  static auto* v = new std::vector<std::weak_ptr<FileState>>();
  return *v;
}

// Adds a file to a list of them, dropping the entries of files that are gone so the list does not grow without
// bound.
void Track(std::vector<std::weak_ptr<FileState>>& list, const std::shared_ptr<FileState>& state) {
  list.erase(std::remove_if(list.begin(), list.end(), [](const std::weak_ptr<FileState>& w) { return w.expired(); }),
             list.end());
  list.push_back(state);
}

// Ids h5nwb never hands to HDF5 again, under the HDF5 lock. When HDF5 fails to close an object or a file (a
// write of its pending data fails: disk full, an I/O error; or an internal error), it frees the object anyway
// but keeps the id, pointing at the freed memory (1.10 and 1.14 alike): any later call that walks the ids of
// that kind -- every file flush and close walks all dataset ids -- crashes the process. So:
// - what must be closed by a finalizer, a worker's end or the exit, and whose pending data cannot be written,
//   is not closed but left open, unreachable, for the rest of the process ("left open"; its data could not be
//   saved anyway);
// - an id whose close failed all the same is "lost": nothing may touch it, nor enumerate ids (which reads them).
std::unordered_set<hid_t>& LeftOpen() {
  static auto* s = new std::unordered_set<hid_t>();
  return *s;
}
std::unordered_set<hid_t>& Lost() {
  static auto* s = new std::unordered_set<hid_t>();
  return *s;
}

bool Writable(hid_t fid) {
  unsigned intent = 0;
  return H5Fget_intent(fid, &intent) >= 0 && (intent & H5F_ACC_RDWR) != 0;
}

// Writes out a file's pending changes when its close is near: it is open for writing and this is its last
// reference (the one whose release closes it).
herr_t FlushIfLast(hid_t fid) { return H5Iget_ref(fid) <= 1 && Writable(fid) ? H5Fflush(fid, H5F_SCOPE_LOCAL) : 0; }

// Releases one reference to an id, writing out first (flushFirst) what it holds: a dataset written since its
// last flush; a file by FlushIfLast. False when the id was left open (the write failed) or lost.
bool ReleaseId(hid_t id, bool flushFirst) {
  if (id < 0) return true;
  if (flushFirst) {
    herr_t r = H5Iget_type(id) == H5I_FILE ? FlushIfLast(id) : H5Dflush(id);
    if (r < 0) {
      LeftOpen().insert(id);
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
  }
  if (H5Idec_ref(id) < 0 && H5Iis_valid(id) > 0) {
    Lost().insert(id);
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  return true;
}

// Releases every HDF5 id of these kinds still open in the process, one at a time, by the rules above.
void ReleaseAll(unsigned types) {
  // Listing ids reads the objects behind them: not with a lost one among them.
  if (!Lost().empty()) return;
  ssize_t n = H5Fget_obj_count(H5F_OBJ_ALL, types);
  if (n <= 0) return;
  std::vector<hid_t> ids(static_cast<size_t>(n));
  n = H5Fget_obj_ids(H5F_OBJ_ALL, types, static_cast<size_t>(n), ids.data());
  for (ssize_t i = 0; i < n; i++) {
    hid_t id = ids[i];
    if (LeftOpen().count(id)) continue;
    H5I_type_t t = H5Iget_type(id);
    bool flush = t == H5I_DATASET || t == H5I_FILE;
    // (an id may hold more than one reference: a dataset is written out at the first release, a file at its last)
    for (int k = 0; k < 1000 && H5Iis_valid(id) > 0; k++)
      if (!ReleaseId(id, flush && (k == 0 || t == H5I_FILE))) break;
    if (!Lost().empty()) return;
  }
}

void CloseFilesAtExit() {
  // Taken and never released: an operation under way on the I/O thread finishes first, and nothing starts an
  // HDF5 call after this.
  Hdf5Mutex().lock();
  DrainDeferredCloses();
  std::vector<std::shared_ptr<FileState>> open;
  {
    std::lock_guard<std::mutex> g(AllFilesMutex());
    for (auto& w : AllFiles())
      if (auto s = w.lock()) open.push_back(std::move(s));
  }
  for (auto& s : open) s->CloseAll();
  // Whatever else is open (ids whose owners were dropped while their release waited, files kept open by them):
  // objects first, then files.
  ReleaseAll(H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR);
  ReleaseAll(H5F_OBJ_FILE);
  H5Eclear2(H5E_DEFAULT);
}
}  // namespace

void RegisterExitClose() { atexit(CloseFilesAtExit); }

size_t LeftOpenCount() { return LeftOpen().size() + Lost().size(); }
bool AnyLostIds() { return !Lost().empty(); }
bool CloseFileId(hid_t fid) {
  H5Lock lock;
  return ReleaseId(fid, true);
}

EnvData& GetEnvData(Napi::Env env) {
  EnvData* d = env.GetInstanceData<EnvData>();
  if (!d) {
    d = new EnvData();
    env.SetInstanceData<EnvData>(d);
  }
  return *d;
}

bool FileState::CloseAll(bool keepOnFailure, H5Failure* why) {
  H5Lock lock;
  DrainDeferredCloses();
  if (fid < 0) return true;
  std::lock_guard<std::mutex> g(childrenMutex);
  // Everything pending is written out before anything is closed, so that a failing write is seen here and not
  // inside a close. One flush of the file writes what every dataset of it holds; the files reached through
  // external links (held by objects opened in them, kept by the link cache) are flushed the same way. Every file
  // gets its flush even after another's failed.
  std::vector<hid_t> others;
  auto addOther = [&others](hid_t f) {
    if (f >= 0 && std::find(others.begin(), others.end(), f) == others.end()) others.push_back(f);
  };
  for (Handle* h : children) addOther(h->heldFile);
  for (auto& e : efc) addOther(e.second);
  std::vector<hid_t> failed;
  if (writable && H5Fflush(fid, H5F_SCOPE_LOCAL) < 0) {
    if (why) {
      *why = MakeFailure("cannot write the pending changes of '" + name + "' (the file stays open)", fid);
      why->file = name;
    }
    failed.push_back(fid);
  }
  for (hid_t f : others) {
    if (!Writable(f) || H5Fflush(f, H5F_SCOPE_LOCAL) >= 0) continue;
    if (why && failed.empty()) {
      *why = MakeFailure("", f);  // (the stack first: the file's name look-up would clear it)
      why->message = "cannot write the pending changes of '" + why->file + "', reached through an external link from '" +
                     name + "' (both files stay open)";
    }
    failed.push_back(f);
  }
  H5Eclear2(H5E_DEFAULT);
  auto isFailed = [&failed](hid_t f) { return std::find(failed.begin(), failed.end(), f) != failed.end(); };
  if (!failed.empty() && keepOnFailure) return false;
  // What lies in a file that could not be written is left open for good (see LeftOpen), the file too; the rest
  // is closed, objects before the files they lie in.
  bool ok = failed.empty();
  bool ownLeft = isFailed(fid);
  for (Handle* h : children) {
    if (isFailed(h->heldFile >= 0 ? h->heldFile : fid)) {
      if (h->id() >= 0) LeftOpen().insert(h->id());
      if (h->heldFile >= 0) LeftOpen().insert(h->heldFile);
      if (h->heldFile < 0) ownLeft = true;
      h->Invalidate();
      h->heldFile = H5I_INVALID_HID;
      h->ReleaseIds();  // (the cached types and dataspaces only)
      continue;
    }
    h->written = false;  // flushed just now
    // An object that could not be closed: closing the file would walk into it (HDF5 walks every dataset id).
    if (!h->ReleaseIds()) {
      ownLeft = true;
      ok = false;
    }
  }
  children.clear();
  // Target files kept open for external links (objects/elink.cc), after the objects opened in them.
  for (auto& e : efc) {
    if (isFailed(e.second))
      LeftOpen().insert(e.second);
    else
      ok = ReleaseId(e.second, true) && ok;
  }
  efc.clear();
  if (ownLeft)
    LeftOpen().insert(fid);
  else
    ok = ReleaseId(fid, false) && ok;
  fid = H5I_INVALID_HID;
  if (!ok && failed.empty() && why) {
    H5Failure f;
    f.code = "ERR_H5";
    f.message = "HDF5 failed to close '" + name + "' or an object in it after writing it out; h5nwb will not touch them again";
    f.file = name;
    *why = f;
  }
  H5Eclear2(H5E_DEFAULT);
  return ok;
}

namespace {
// Ids whose Handle was finalized while another thread held the HDF5 lock: released later, under the lock.
std::mutex g_deferredMutex;
std::vector<std::pair<hid_t, bool>> g_deferred;  // (id, flush first: see ReleaseId)
// Set (under g_deferredMutex) when g_deferred gets ids, so that the common case -- nothing deferred -- costs
// every call one atomic load instead of a mutex round trip.
std::atomic<bool> g_deferredPending{false};

void Defer(hid_t id, bool flushFirst = false) {
  if (id < 0) return;
  g_deferred.emplace_back(id, flushFirst);
  g_deferredPending.store(true, std::memory_order_release);
}
}  // namespace

uint64_t& ExtentGeneration() {
  static uint64_t gen = 1;
  return gen;
}

uint64_t& LinkGeneration() {
  static uint64_t gen = 1;
  return gen;
}

void DrainDeferredCloses() {
  if (!g_deferredPending.load(std::memory_order_acquire)) return;
  std::vector<std::pair<hid_t, bool>> ids;
  {
    std::lock_guard<std::mutex> g(g_deferredMutex);
    ids.swap(g_deferred);
    g_deferredPending.store(false, std::memory_order_relaxed);
  }
  for (auto& e : ids) ReleaseId(e.first, e.second);
  if (!ids.empty()) H5Eclear2(H5E_DEFAULT);
}

// Runs when the last handle of the file goes, often in a finalizer: like Handle's destructor it does not wait
// for the HDF5 lock (no child handle exists any more, so only the file's own ids remain to release).
FileState::~FileState() {
  std::unique_lock<std::recursive_mutex> lock(Hdf5Mutex(), std::try_to_lock);
  if (lock.owns_lock()) {
    CloseAll();
    if (lapl >= 0) H5Pclose(lapl);
    if (elinkFapl >= 0) H5Pclose(elinkFapl);
    H5Eclear2(H5E_DEFAULT);
    return;
  }
  std::lock_guard<std::mutex> g(g_deferredMutex);
  for (auto& e : efc) Defer(e.second, true);
  Defer(fid, true);
  Defer(lapl);
  Defer(elinkFapl);
}

hid_t LaplOf(Handle* h) {
  if (h && h->file() && h->file()->lapl >= 0) return h->file()->lapl;
  return H5P_DEFAULT;
}

Handle::Handle(hid_t id, std::shared_ptr<FileState> file, bool isFile)
    : id_(id), file_(std::move(file)), isFile_(isFile) {
  if (!isFile_ && file_) {
    std::lock_guard<std::mutex> g(file_->childrenMutex);
    file_->children.insert(this);
  }
}

// Runs on the JS thread when the garbage collector drops the handle. It must not wait for the HDF5 lock (a
// I/O thread may hold it for a long write, and the event loop would stall): when the lock is busy the ids are
// handed to the deferred list and released by the next call that takes the lock.
Handle::~Handle() {
  g_handlesFreed.fetch_add(1, std::memory_order_acq_rel);
  if (!isFile_ && file_) {
    std::lock_guard<std::mutex> g(file_->childrenMutex);
    file_->children.erase(this);
  }
  std::unique_lock<std::recursive_mutex> lock(Hdf5Mutex(), std::try_to_lock);
  if (lock.owns_lock()) {
    if (isFile_) {
      if (file_) file_->CloseAll();
      id_ = H5I_INVALID_HID;
    }
    ReleaseIds();
    DrainDeferredCloses();
    return;
  }
  std::lock_guard<std::mutex> g(g_deferredMutex);
  if (!isFile_) Defer(id_, written);
  Defer(heldFile, true);  // after the object (the list is released in order)
  heldFile = H5I_INVALID_HID;
  if (cachedMemTypeOwned) Defer(cachedMemType);
  Defer(cachedMemSpace);
  Defer(cachedFileSpace);
  cachedMemSpace = H5I_INVALID_HID;
  cachedFileSpace = H5I_INVALID_HID;
  id_ = H5I_INVALID_HID;
  cachedMemType = H5I_INVALID_HID;
}

bool Handle::ReleaseIds() {
  bool ok = true;
  if (id_ >= 0 && !isFile_) ok = ReleaseId(id_, written);
  id_ = H5I_INVALID_HID;
  written = false;
  if (heldFile >= 0) {
    // The object's file, once the object is closed (its last reference writes it out first); left open with the
    // object when that could not be closed.
    if (ok)
      ok = ReleaseId(heldFile, true);
    else
      LeftOpen().insert(heldFile);
    heldFile = H5I_INVALID_HID;
  }
  if (cachedMemType >= 0 && cachedMemTypeOwned) H5Tclose(cachedMemType);
  cachedMemType = H5I_INVALID_HID;
  cachedKind = -1;
  if (cachedMemSpace >= 0) H5Sclose(cachedMemSpace);
  cachedMemSpace = H5I_INVALID_HID;
  if (cachedFileSpace >= 0) H5Sclose(cachedFileSpace);
  cachedFileSpace = H5I_INVALID_HID;
  cachedSpaceGen = 0;
  H5Eclear2(H5E_DEFAULT);
  return ok;
}

bool Handle::Close(H5Failure* why) {
  H5Lock lock;
  if (isFile_) {
    if (!file_ || id_ < 0) return true;
    bool ok = file_->CloseAll(/*keepOnFailure=*/true, why);
    if (file_->fid >= 0) return false;  // the write failed: still open
    id_ = H5I_INVALID_HID;
    return ok;
  }
  if (id_ < 0) return true;
  // Written data goes out first, so that a failing write leaves the dataset open (and reported) rather than
  // failing inside HDF5's close.
  if (written) {
    if (H5Dflush(id_) < 0) {
      if (why) *why = MakeFailure("cannot write the pending data of dataset '" + path + "' (it stays open)", id_, path);
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    written = false;
  }
  // The same for the file of an object reached through an external link, when the object holds its last
  // reference: its close would write the file's pending changes.
  if (heldFile >= 0 && FlushIfLast(heldFile) < 0) {
    if (why) {
      *why = MakeFailure("", heldFile, path);  // (the stack first: the file's name look-up would clear it)
      why->message = "cannot write the pending changes of '" + why->file + "', the file of '" + path +
                     "' (reached through an external link; it stays open)";
    }
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  hid_t id = id_;
  bool ok = ReleaseIds();
  if (file_) {
    std::lock_guard<std::mutex> g(file_->childrenMutex);
    file_->children.erase(this);
  }
  if (!ok && why) {
    H5Failure f;
    f.code = "ERR_H5";
    f.message = "HDF5 failed to close '" + path + "' (id " + std::to_string(id) + ")";
    f.file = file_ ? file_->name : "";
    f.path = path;
    *why = f;
  }
  return ok;
}

Napi::Value WrapHandle(Napi::Env env, hid_t id, std::shared_ptr<FileState> file, const std::string& path,
                       H5I_type_t knownType) {
  H5I_type_t t = knownType;
  if (t == H5I_BADID) {
    H5Lock lock;
    t = H5Iget_type(id);
  }
  if (t == H5I_BADID) {
    FailCode("ERR_H5", "internal: wrapping an invalid HDF5 identifier");
  }
  auto* h = new Handle(id, std::move(file), t == H5I_FILE);
  h->type = t;
  h->path = path;
  if (!h->isFile() && h->file() && (t == H5I_GROUP || t == H5I_DATASET || t == H5I_DATATYPE)) {
    // An object in another file (through an external link) holds that file (see Handle::heldFile). HDF5 gives
    // the id of the file the object lies in, with one more reference: the FileState's own for its own objects.
    H5Lock lock;
    hid_t f = H5Iget_file_id(id);
    if (f < 0) {
      H5Eclear2(H5E_DEFAULT);
    } else if (f == h->file()->fid) {
      H5Idec_ref(f);
      h->ownFile = 1;
    } else {
      h->heldFile = f;
      h->ownFile = 0;
    }
  }
  auto ext = Napi::External<Handle>::New(env, h, [](Napi::Env, Handle* p) { delete p; });
  ext.TypeTag(&kHandleTag);
  return ext;
}

Napi::Value WrapFile(Napi::Env env, hid_t fid, const std::string& name) {
  auto state = std::make_shared<FileState>();
  state->fid = fid;
  state->name = name;
  {
    H5Lock lock;
    state->writable = Writable(fid);
  }
  Track(GetEnvData(env).files, state);
  {
    std::lock_guard<std::mutex> g(AllFilesMutex());
    Track(AllFiles(), state);
  }
  return WrapHandle(env, fid, state, "/");
}

Handle* TryUnwrap(const Napi::Value& v) {
  void* p = nullptr;
  // Fails (napi_invalid_arg) for anything that is not an External.
  if (v.IsEmpty() || napi_get_value_external(v.Env(), v, &p) != napi_ok || p == nullptr) return nullptr;
  uint64_t gen = g_handlesFreed.load(std::memory_order_acquire);
  if (p == t_lastChecked && gen == t_lastCheckedGen) return static_cast<Handle*>(p);
  bool tagged = false;
  if (napi_check_object_type_tag(v.Env(), v, &kHandleTag, &tagged) != napi_ok || !tagged) return nullptr;
  t_lastChecked = p;
  t_lastCheckedGen = gen;
  return static_cast<Handle*>(p);
}

Handle* Unwrap(const Napi::Value& v) {
  Handle* h = TryUnwrap(v);
  if (!h) FailType("expected an HDF5 object handle");
  if (!h->open()) {
    FailCode("ERR_H5_CLOSED", "the object is closed", h->file() ? h->file()->name : "", h->path);
  }
  return h;
}

hid_t Id(const Napi::Value& v) { return Unwrap(v)->id(); }

void RegisterEnvCleanup(Napi::Env env) {
  napi_add_env_cleanup_hook(
      env,
      [](void* arg) {
        auto* data = static_cast<EnvData*>(arg);
        for (auto& w : data->files) {
          if (auto s = w.lock()) s->CloseAll();
        }
        data->files.clear();
      },
      &GetEnvData(env));
}

}  // namespace h5nwb
