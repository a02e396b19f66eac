// Property lists built from typed option objects: one function per kind of list.
#pragma once
#include "common.h"
#include "handle.h"
#include "hid.h"

namespace h5nwb {

// File access: { driver, memberSize, backingStore, increment, image, metaExt, rawExt, members, libver,
//                elinkCacheSize, fileLocking }.
Hid MakeFapl(const Napi::Value& opts);
// File creation: { trackOrder, userblock }.
Hid MakeFcpl(const Napi::Value& opts);
// Group creation: { trackOrder }.
Hid MakeGcpl(const Napi::Value& opts);
// Dataset creation: { chunks, layout, deflate, shuffle, fletcher32, scaleoffset, szip, filters, fill, fillTime,
//                     allocTime, trackTimes, trackOrder, external } (fill: { type, value } packed by the caller).
Hid MakeDcpl(const Napi::Value& opts, hid_t fileType);
// Link creation: intermediate groups created, UTF-8 names.
Hid MakeLcpl();
// Attribute creation: UTF-8 names.
Hid MakeAcpl();
// Dataset access with a chunk cache sized for the dataset (see ChooseChunkCache).
Hid MakeDapl(hid_t dcpl, hid_t space, hid_t type, const Napi::Value& cacheOpts);
Hid MakeDaplFromPlan(size_t nslots, size_t nbytes, double w0, hid_t base = H5P_DEFAULT);

struct ChunkCachePlan {
  bool custom = false;
  size_t nslots = 0, nbytes = 0;
  double w0 = 0.75;
};
// The cache rule: a chunked dataset with a filter gets a cache holding every chunk that one row-block append
// touches (twice that, capped), so chunks are compressed once; unfiltered datasets keep HDF5's default cache.
ChunkCachePlan ChooseChunkCache(hid_t dcpl, hid_t space, hid_t type);

// The files a create (mode 'w') would truncate, as the JS layer listed them in opts.probeLocks.
std::vector<std::string> LockProbes(const Napi::Value& opts);
// Refuses (ERR_H5_FILE_LOCKED) when one of these files is locked by another open: HDF5 truncates a file before it
// takes its own lock, so creating over a file open elsewhere would empty it and only then fail.
void ProbeLocks(const std::vector<std::string>& files, const std::string& path);

// Sets the link access list (search prefix, external link policy) of a file.
void ConfigureLinkAccess(FileState& fs, const Napi::Value& opts);
// If the last traversal on this thread was refused by the external-link policy, the reason; cleared on read.
std::string TakeLinkRefusal();

}  // namespace h5nwb
