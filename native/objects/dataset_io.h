// Dataset I/O as plain C++ operations, prepared on the JS thread and executed under the lock on any thread
// (the sync functions run them in place; the async twins on the addon's I/O thread, native/async/queue.h).
#pragma once
#include "../core/dtype.h"
#include "../core/handle.h"

namespace h5nwb {

struct Selection {
  enum Kind { kAll, kHyperslab, kPoints } kind = kAll;
  std::vector<hsize_t> start, count, stride, block;
  std::vector<hsize_t> coords;  // kPoints: npoints * rank
  size_t npoints = 0;
};

// Parses { start, count, stride?, block? } | { points: [[...], ...] } | null/undefined (everything).
Selection ParseSelection(const Napi::Value& v);

struct DataOp {
  Handle* handle = nullptr;
  // File and path for messages (built only when a message needs it: the append path is hot).
  std::string Where() const { return "dataset '" + handle->path + "' of " + (handle->file() ? handle->file()->name : ""); }
  Selection sel;
  // TypedArray path: the caller's memory, read into or written from directly.
  bool typed = false;
  napi_typedarray_type kind = napi_uint8_array;
  char* ptr = nullptr;
  size_t bytes = 0;
  // Value path (strings, references, compounds...): packed buffer.
  std::vector<char> packed;
  // Created only when values are packed: two std::deque members allocate on construction, which the
  // TypedArray path (the hot one) must not pay for on every call.
  std::unique_ptr<PackArena> arena;
  Hid memType;
  size_t elementSize = 0;  // of the TypedArray path's memory type
  size_t nvalues = 0;  // number of elements packed (writes) or read (reads)
  // Append: grow axis by `rows` and write there (rowsFromData: as many whole rows as the TypedArray holds).
  int axis = -1;
  hsize_t rows = 0;
  bool rowsFromData = false;
  hsize_t newLength = 0;
  // Read result of the value path, unpacked on the JS thread.
  bool readValues = false;
};

// On the JS thread: takes the data argument (TypedArray or JS array of values) of a write or append.
void PrepareWrite(DataOp& op, const Napi::Value& data);
// On the JS thread: takes the output TypedArray (or undefined for values) of a read.
void PrepareRead(DataOp& op, const Napi::Value& out);
// On the JS thread: the axis and rows of datasetAppend(handle, data, axis, rows) into op (checked: an integer
// axis in 0..H5S_MAX_RANK-1, an integer number of rows >= 0), or axis 0 and rows from the data when called with
// the handle and the data only.
void AppendArgs(const Napi::CallbackInfo& info, DataOp& op);
void AppendArgs(napi_env env, size_t argc, const napi_value* argv, DataOp& op);
// Under the lock, any thread.
void ExecuteWrite(DataOp& op);
void ExecuteAppend(DataOp& op);
void ExecuteRead(DataOp& op);
// Under the lock: the handle's file dataspace at the dataset's current extent (cached on the handle; fetched
// again only after an extent change anywhere in the process). Its rank and dims are h->cachedRank/cachedDims.
hid_t CurrentSpace(Handle* h);
// On the JS thread: the numbers of a plain hyperslab as lib/h5 passes them, a Float64Array holding start (n
// numbers) then count (n numbers), filled just before the call (one N-API call instead of one per number). Checks
// that they are integers >= 0 (resolveSelection's message in lib/h5).
void ReadSlabNumbers(napi_env env, const Napi::Value& slab, uint32_t n, hsize_t* start, hsize_t* count);
// Under the lock: checks a plain hyperslab given as above against the dataset's cached extent and the TypedArray
// taken into op (resolveSelection's checks and messages in lib/h5); fills start, count and *elements. Returns the
// rank, or 0 for a scalar dataset (left to the general path).
int CheckSlab(napi_env env, DataOp& op, const Napi::Value& slab, uint32_t n, hsize_t* start, hsize_t* count,
              hsize_t* elements);
// Under the lock: the checks of CheckSlab for op.sel (a hyperslab of start and count only, read by
// ReadSlabNumbers) and the TypedArray taken into op, against the dataset's current extent.
void CheckSlabLocked(DataOp& op);
// Under the lock: whether a tiny async operation (at most kInlineMaxBytes of TypedArray data) on dataset h may
// run at once on the calling thread instead of the I/O thread. Only when it cannot turn into bulk work inside
// HDF5: no filters (a tiny read or write of a filtered dataset may decompress or compress whole chunks), no
// external or virtual storage, and no chunk that the chunk cache would read or flush whole larger than
// kInlineMaxChunk. Worked out once per handle.
constexpr size_t kInlineMaxBytes = 64 * 1024;
constexpr size_t kInlineMaxChunk = 1 << 20;
bool InlineEligible(Handle* h);
// Under the lock, after a call that may have changed h's extent (resize, refresh, a failed append).
void ExtentChanged(Handle* h);
// On the JS thread after ExecuteRead: the values (for the value path) or undefined; frees vlen memory.
Napi::Value FinishRead(Napi::Env env, DataOp& op);

}  // namespace h5nwb
