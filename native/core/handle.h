// One owner per hid_t. A Handle wraps one HDF5 identifier; it is handed to JS as a type-tagged External.
// Every handle opened under a file is registered with that file's FileState, so closing the file closes them
// first (close cascades), and a closed handle is detected instead of reusing a stale id.
#pragma once
#include <atomic>
#include <unordered_set>

#include "common.h"

namespace h5nwb {

class Handle;
struct H5Failure;

// Which external links a file's traversals may follow (File.open's externalLinks option).
struct LinkPolicy {
  enum Mode { kAllow, kDeny, kRoot } mode = kAllow;
  std::string root;    // for kRoot: the real path of the folder links must stay inside
  std::string prefix;  // the link access prefix (searched before the linking file's folder)
  // Set by the link callback when HDF5 follows an external link from this file: from then on group.get()
  // resolves external links itself (objects/elink.cc). Written from whichever thread traverses.
  std::atomic<bool> seen{false};
};

struct FileState {
  hid_t fid = H5I_INVALID_HID;
  std::string name;  // the name it was opened with
  // Guarded by childrenMutex (not the HDF5 lock), so a finalizer can leave the set without waiting for a
  // long HDF5 call on the I/O thread.
  std::mutex childrenMutex;
  std::unordered_set<Handle*> children;
  LinkPolicy policy;
  hid_t lapl = H5I_INVALID_HID;  // link access list carrying the policy and search prefix (owned)
  // External links resolved by h5nwb (objects/elink.cc); all used under the HDF5 lock.
  std::string extDir;                 // the file's folder when it was opened, absolute, ending in '/'
  int elinkMode = -1;                 // -1 not decided yet, 0 HDF5 resolves, 1 h5nwb resolves
  hid_t elinkFapl = H5I_INVALID_HID;  // the file's access list with weak close, for target files (owned)
  unsigned elinkIntent = 0;           // H5F_ACC_RDWR or H5F_ACC_RDONLY, as the file was opened
  unsigned long fileno = 0;           // HDF5's number for the file, to tell its objects from linked files'
  size_t efcSize = 0;                 // externalLinkCacheSize
  std::vector<std::pair<std::string, hid_t>> efc;  // open target files by the name that opened them, oldest first
  uint64_t elinksResolved = 0;        // links resolved by h5nwb (tests read it)
  // Paths from the root found to be hard links of this file (groups on the way to an external link), valid
  // while LinkGeneration() equals hardPathsGen.
  std::unordered_set<std::string> hardPaths;
  uint64_t hardPathsGen = 0;
  bool writable = false;  // opened or created for writing
  // Closes every child, then the file, writing out first what they hold (takes the lock). When that write
  // fails, nothing is closed: with keepOnFailure everything stays as it was (the caller reports it and may try
  // again); without, the file and its objects are left open for the rest of the process, unreachable (see
  // LeaveOpen in handle.cc). Returns false, with why filled when given, when the write or a close failed.
  bool CloseAll(bool keepOnFailure = false, H5Failure* why = nullptr);
  ~FileState();
};

// The link access property list to use for traversals starting at h (H5P_DEFAULT when none is set).
hid_t LaplOf(Handle* h);

class Handle {
 public:
  Handle(hid_t id, std::shared_ptr<FileState> file, bool isFile);
  ~Handle();
  hid_t id() const { return id_; }
  bool open() const { return id_ >= 0; }
  bool isFile() const { return isFile_; }
  const std::shared_ptr<FileState>& file() const { return file_; }
  // Closes what the handle holds (a file: everything opened under it too), writing out first what is pending.
  // When that write fails the handle stays open and false is returned with why filled; false also when HDF5
  // failed the close itself (the handle is closed then). Idempotent.
  bool Close(H5Failure* why = nullptr);
  // Under the lock: releases the id (file ids excepted) and cached types; false when the id could not be
  // closed (left open, or lost: see handle.cc).
  bool ReleaseIds();
  void Invalidate()  // called by FileState::CloseAll after it released the id itself
  {
    id_ = H5I_INVALID_HID;
  }
  std::string path;  // the path the object was opened by (for messages)
  H5I_type_t type = H5I_BADID;
  // Set when data was written through this handle (a dataset) since its last flush: it is flushed before its
  // id is released, so that a failing write is seen there and not inside HDF5's close (see handle.cc).
  bool written = false;
  // Cached per-dataset state (the append path): element type, rank.
  hid_t cachedMemType = H5I_INVALID_HID;
  bool cachedMemTypeOwned = true;  // false for HDF5's predefined native types (never closed)
  int cachedKind = -1;
  size_t cachedElementSize = 0;
  // The append path's memory dataspace, kept for appends of the same shape.
  hid_t cachedMemSpace = H5I_INVALID_HID;
  int cachedMemSpaceRank = 0;
  hsize_t cachedMemSpaceDims[32] = {0};
  // The dataset's file dataspace at its current extent, with its rank and dims, kept between calls so that
  // appends and reads need not fetch it (H5Dget_space) every time. Current only while cachedSpaceGen equals
  // ExtentGeneration(); the selection on it is whatever the last call set.
  // Whether tiny async operations may run inline on this dataset (see InlineEligible): -1 not known yet.
  int inlineOk = -1;
  // Whether the object lies in its FileState's own file rather than in a file reached through an external
  // link (-1 not known yet): links are resolved by h5nwb only from the file's own groups.
  int ownFile = -1;
  // For an object in another file than its FileState's (reached through an external link): a reference to that
  // file's id, released after the object's own. Without it the object would be all that keeps the target file
  // open, and the file's last close -- the one that writes its pending changes -- would happen inside the
  // object's close, where a failing write leaves a dangling id (see handle.cc). Held, the file is written out
  // and closed by h5nwb's rules like any other.
  hid_t heldFile = H5I_INVALID_HID;
  hid_t cachedFileSpace = H5I_INVALID_HID;
  uint64_t cachedSpaceGen = 0;
  int cachedRank = 0;
  hsize_t cachedDims[32] = {0};
  hsize_t cachedMaxDims[32] = {0};

 private:
  hid_t id_;
  std::shared_ptr<FileState> file_;
  bool isFile_;
};

// Wraps an id (taking ownership) into a JS External; checks the id's HDF5 type (or takes it from the caller
// that just asked HDF5 for it).
Napi::Value WrapHandle(Napi::Env env, hid_t id, std::shared_ptr<FileState> file, const std::string& path,
                       H5I_type_t knownType = H5I_BADID);
Napi::Value WrapFile(Napi::Env env, hid_t fid, const std::string& name);

// Unwraps; throws a JS TypeError for a non-handle, and an Hdf5Error ERR_H5_CLOSED for a closed one.
Handle* Unwrap(const Napi::Value& v);
hid_t Id(const Napi::Value& v);
// The handle object for a location argument, or nullptr when the value is not a handle.
Handle* TryUnwrap(const Napi::Value& v);

// Releases ids whose owners were finalized while the HDF5 lock was busy. Call with the lock held.
void DrainDeferredCloses();

// How many ids h5nwb left open because closing them failed or would fail (libraryInfo's leftOpen). Under the lock.
size_t LeftOpenCount();
// Releases a file id held outside any FileState (a file opened and closed within one call, a link target),
// under the lock: a writable file is flushed first and left open when that fails. False when it was left open.
bool CloseFileId(hid_t fid);
// Whether HDF5 failed a close and kept a dangling id: listing or counting open ids would read it.
bool AnyLostIds();

// Process-wide count of dataset extent changes, read and bumped under the HDF5 lock. Every call that changes
// an extent (append, resize, SWMR refresh) bumps it, so a dataspace cached on any handle (Handle::
// cachedFileSpace) is trusted only while no extent changed since it was taken; an append through the handle
// itself re-stamps its own cache after bumping. Shared by every environment (worker threads) of the process.
uint64_t& ExtentGeneration();

// Process-wide count of link removals and renames (group.delete(), group.move()), under the HDF5 lock: a path
// once found to be a hard link stays one until a link is removed or renamed somewhere (HDF5 never replaces a
// link in place).
uint64_t& LinkGeneration();

// Closes every open file of this environment (cleanup hook).
void RegisterEnvCleanup(Napi::Env env);

// Registers (once, at load) a process exit handler that closes every file still open in the process. It covers
// the exits that skip the environments' cleanup hooks (process.exit(), an uncaught exception). HDF5's own exit
// handler is turned off (H5dont_atexit, addon.cc): it closes whatever is open without looking, crashes in 1.14
// when one file is open read-write under three or more ids, and walks into the ids h5nwb had to leave open.
void RegisterExitClose();

}  // namespace h5nwb
