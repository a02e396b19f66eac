// Datasets: create, describe, read, write, resize, append, SWMR refresh/flush and direct chunk I/O.
#include <algorithm>
#include <cstring>

#include "../core/call.h"
#include "../core/plist.h"
#include "dataset_io.h"
#include "objects.h"

namespace h5nwb {

// The most data a compact dataset holds here (see DatasetCreate); lib/h5 checks the same number first.
constexpr uint64_t kMaxCompactBytes = 65520;

// Bytes per element in the file: a variable-length string or sequence is stored as a 16-byte global heap
// id whatever its size in memory, and a compound grows by what its members grow (HDF5 moves the later ones).
size_t StoredSize(hid_t t) {
  size_t size = H5Tget_size(t);
  switch (H5Tget_class(t)) {
    case H5T_STRING:
      return H5Tis_variable_str(t) > 0 ? 16 : size;
    case H5T_VLEN:
      return 16;
    case H5T_ARRAY: {
      Hid base(H5Tget_super(t));
      size_t bs = H5Tget_size(base);
      return bs ? size / bs * StoredSize(base) : size;
    }
    case H5T_COMPOUND: {
      int n = H5Tget_nmembers(t);
      for (int i = 0; i < n; i++) {
        Hid m(H5Tget_member_type(t, static_cast<unsigned>(i)));
        size += StoredSize(m) - H5Tget_size(m);
      }
      return size;
    }
    default:
      return size;
  }
}

Selection ParseSelection(const Napi::Value& v) {
  Selection s;
  if (v.IsUndefined() || v.IsNull()) return s;
  if (!v.IsObject()) FailType("selection must be an object");
  Napi::Value points = Opt(v, "points");
  if (points.IsArray()) {
    s.kind = Selection::kPoints;
    auto a = points.As<Napi::Array>();
    s.npoints = a.Length();
    for (uint32_t i = 0; i < a.Length(); i++) {
      std::vector<hsize_t> c = ToDims(a.Get(i));
      s.coords.insert(s.coords.end(), c.begin(), c.end());
    }
    return s;
  }
  s.kind = Selection::kHyperslab;
  s.start = ToDims(Opt(v, "start"));
  s.count = ToDims(Opt(v, "count"));
  s.stride = ToDims(Opt(v, "stride"));
  s.block = ToDims(Opt(v, "block"));
  if (s.start.size() != s.count.size()) FailRange("selection start and count differ in length");
  if (!s.stride.empty() && s.stride.size() != s.start.size()) FailRange("selection stride has the wrong length");
  if (!s.block.empty() && s.block.size() != s.start.size()) FailRange("selection block has the wrong length");
  return s;
}

namespace {

// Applies sel to space (a dataset's file space); returns the number of selected elements.
hsize_t SelectInto(hid_t space, const Selection& sel, const DataOp& op) {
  int rank = H5Sget_simple_extent_ndims(space);
  switch (sel.kind) {
    case Selection::kAll:
      H5Sselect_all(space);
      return static_cast<hsize_t>(H5Sget_simple_extent_npoints(space));
    case Selection::kHyperslab:
      if (static_cast<int>(sel.start.size()) != rank)
        FailRange("selection has rank " + std::to_string(sel.start.size()) + " but " + op.Where() + " has rank " +
                  std::to_string(rank));
      if (rank == 0) return 1;
      CheckErr(H5Sselect_hyperslab(space, H5S_SELECT_SET, sel.start.data(),
                                   sel.stride.empty() ? nullptr : sel.stride.data(), sel.count.data(),
                                   sel.block.empty() ? nullptr : sel.block.data()),
               ("invalid selection on " + op.Where()).c_str());
      if (H5Sselect_valid(space) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        FailRange("selection is out of the bounds of " + op.Where());
      }
      return static_cast<hsize_t>(H5Sget_select_npoints(space));
    case Selection::kPoints:
      if (sel.npoints * static_cast<size_t>(rank) != sel.coords.size())
        FailRange("point selection coordinates do not match the rank of " + op.Where());
      if (sel.npoints == 0) {
        H5Sselect_none(space);
        return 0;
      }
      CheckErr(H5Sselect_elements(space, H5S_SELECT_SET, sel.npoints, sel.coords.data()),
               ("invalid point selection on " + op.Where()).c_str());
      if (H5Sselect_valid(space) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        FailRange("point selection is out of the bounds of " + op.Where());
      }
      return sel.npoints;
  }
  return 0;
}

// A memory dataspace of the selection's own shape (HDF5 maps same-shape selections much faster than a flat
// one-dimensional buffer space).
Hid MemSpaceFor(const Selection& sel, hsize_t n) {
  if (sel.kind == Selection::kHyperslab && !sel.count.empty()) {
    std::vector<hsize_t> dims(sel.count);
    for (size_t i = 0; i < dims.size(); i++)
      if (!sel.block.empty()) dims[i] *= sel.block[i];
    return Hid(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  }
  return Hid(H5Screate_simple(1, &n, nullptr));
}

hid_t OpenId(DataOp& op) {
  if (!op.handle->open())
    FailCode("ERR_H5_CLOSED", "the dataset is closed: " + op.Where(), FileOf(op.handle), op.handle->path);
  return op.handle->id();
}

}  // namespace

hid_t CurrentSpace(Handle* h) {
  if (h->cachedFileSpace >= 0 && h->cachedSpaceGen == ExtentGeneration()) return h->cachedFileSpace;
  hid_t d = h->id();
  hid_t s = Check(H5Dget_space(d), "cannot get the dataspace", d, h->path);
  if (h->cachedFileSpace >= 0) H5Sclose(h->cachedFileSpace);
  h->cachedFileSpace = s;
  int rank = H5Sget_simple_extent_ndims(s);
  h->cachedRank = rank > 0 ? rank : 0;
  if (rank > 0) H5Sget_simple_extent_dims(s, h->cachedDims, h->cachedMaxDims);
  h->cachedSpaceGen = ExtentGeneration();
  return s;
}

bool InlineEligible(Handle* h) {
  if (h->inlineOk >= 0) return h->inlineOk == 1;
  hid_t d = h->id();
  bool ok = false;
  Hid dcpl(H5Dget_create_plist(d));
  if (dcpl.valid()) {
    H5D_layout_t layout = H5Pget_layout(dcpl);
    ok = H5Pget_nfilters(dcpl) == 0 && H5Pget_external_count(dcpl) == 0 &&
         (layout == H5D_CONTIGUOUS || layout == H5D_COMPACT || layout == H5D_CHUNKED);
    if (ok && layout == H5D_CHUNKED) {
      hsize_t chunk[H5S_MAX_RANK];
      int rank = H5Pget_chunk(dcpl, H5S_MAX_RANK, chunk);
      Hid type(H5Dget_type(d));
      Hid dapl(H5Dget_access_plist(d));
      size_t slots = 0, cacheBytes = 0;
      double w0 = 0;
      double bytes = type.valid() ? static_cast<double>(H5Tget_size(type)) : 0;
      for (int i = 0; i < rank; i++) bytes *= static_cast<double>(chunk[i]);
      // A chunk larger than the cache is read and written directly (only the selected part); one that fits is
      // read whole into the cache, and flushed whole when evicted.
      ok = rank > 0 && type.valid() && dapl.valid() && H5Pget_chunk_cache(dapl, &slots, &cacheBytes, &w0) >= 0 &&
           (bytes <= kInlineMaxChunk || bytes > static_cast<double>(cacheBytes));
    }
  }
  H5Eclear2(H5E_DEFAULT);
  h->inlineOk = ok ? 1 : 0;
  return ok;
}

void ExtentChanged(Handle* h) {
  ++ExtentGeneration();
  if (h) h->cachedSpaceGen = 0;
}

namespace {

// The memory type of the caller's TypedArray for this dataset (cached on the handle: the append path).
hid_t TypedMemType(DataOp& op, hid_t d) {
  Handle* h = op.handle;
  if (h->cachedKind == static_cast<int>(op.kind) && h->cachedMemType >= 0) {
    op.elementSize = h->cachedElementSize;
    return h->cachedMemType;
  }
  Hid ftype(Check(H5Dget_type(d), "cannot get the dataset type", d));
  // Numbers travel in HDF5's own native types (nothing to copy, nothing to close); enums, references and the
  // like in a type made for them.
  hid_t mt = PredefinedMemType(op.kind, ftype);
  bool owned = false;
  if (mt < 0) {
    RefuseStdRef(ftype, "read or write " + op.Where(), FileOf(h), h->path);
    Hid made = MemTypeForTypedArray(op.kind, ftype);
    if (!made.valid()) FailType("the array type does not fit the datatype of " + op.Where());
    mt = made.release();
    owned = true;
  }
  if (h->cachedMemType >= 0 && h->cachedMemTypeOwned) H5Tclose(h->cachedMemType);
  h->cachedMemType = mt;
  h->cachedMemTypeOwned = owned;
  h->cachedKind = static_cast<int>(op.kind);
  h->cachedElementSize = H5Tget_size(mt);
  op.elementSize = h->cachedElementSize;
  return mt;
}

void CheckBytes(DataOp& op, hid_t memType, hsize_t n) {
  size_t es = op.elementSize ? op.elementSize : H5Tget_size(memType);
  size_t need = static_cast<size_t>(n) * es;
  if (need != op.bytes)
    FailRange("the array holds " + std::to_string(op.bytes / std::max<size_t>(1, es)) +
              " elements but the selection of " + op.Where() + " has " + std::to_string(n));
}

// Takes v when it is a TypedArray (one N-API call: napi_get_typedarray_info refuses anything else).
bool TryTakeTyped(DataOp& op, const Napi::Value& v) {
  napi_typedarray_type kind;
  size_t length = 0;
  void* data = nullptr;
  if (v.IsEmpty() || napi_get_typedarray_info(v.Env(), v, &kind, &length, &data, nullptr, nullptr) != napi_ok)
    return false;
  op.typed = true;
  op.kind = kind;
  op.ptr = static_cast<char*>(data);
  op.bytes = length * TypedArrayElementSize(kind);
  return true;
}

}  // namespace

void PrepareWrite(DataOp& op, const Napi::Value& data) {
  // A TypedArray is taken as it is (no HDF5 call, so no lock: this is the hot path of appends).
  if (TryTakeTyped(op, data)) return;
  H5Lock lock;
  hid_t d = OpenId(op);
  Hid ftype(Check(H5Dget_type(d), "cannot get the dataset type", d));
  RefuseStdRef(ftype, "write " + op.Where(), FileOf(op.handle), op.handle->path);
  op.memType = MemTypeFor(ftype);
  size_t n = data.IsArray() ? data.As<Napi::Array>().Length() : 1;
  op.nvalues = n;
  op.packed.assign(n * H5Tget_size(op.memType) + 1, 0);
  op.arena.reset(new PackArena());
  PackValuesFor("writing " + op.Where(), data, n, op.memType, op.packed.data(), *op.arena);
  CheckWidenedFloats(ftype, op.memType, op.packed.data(), n, "writing " + op.Where());
}

void PrepareRead(DataOp& op, const Napi::Value& out) { TryTakeTyped(op, out); }

void ExecuteWrite(DataOp& op) {
  H5Lock lock;
  hid_t d = OpenId(op);
  op.handle->written = true;
  hid_t fspace = CurrentSpace(op.handle);
  hsize_t n = SelectInto(fspace, op.sel, op);
  hid_t mt;
  const void* buf;
  if (op.typed) {
    mt = TypedMemType(op, d);
    CheckBytes(op, mt, n);
    buf = op.ptr;
  } else {
    if (op.nvalues != n)
      FailRange("got " + std::to_string(op.nvalues) + " values for " + std::to_string(n) + " selected elements of " +
                op.Where());
    mt = op.memType;
    buf = op.packed.data();
  }
  if (n == 0) return;
  bool all = op.sel.kind == Selection::kAll;
  Hid mspace;
  if (!all) mspace = MemSpaceFor(op.sel, n);
  if (H5Dwrite(d, mt, all ? H5S_ALL : mspace.get(), all ? H5S_ALL : fspace, H5P_DEFAULT, buf) < 0)
    Fail("cannot write to " + op.Where(), d, op.handle->path);
}

void ExecuteAppend(DataOp& op) {
  H5Lock lock;
  hid_t d = OpenId(op);
  Handle* h = op.handle;
  h->written = true;
  hsize_t dims[H5S_MAX_RANK], start[H5S_MAX_RANK], count[H5S_MAX_RANK];
  // The extent as cached on the handle (fetched only when some extent changed since: see CurrentSpace).
  hid_t space = CurrentSpace(h);
  int rank = h->cachedRank;
  if (rank <= 0 || op.axis < 0 || op.axis >= rank) FailRange("cannot append along axis " + std::to_string(op.axis) + " of " + op.Where());
  std::copy(h->cachedDims, h->cachedDims + rank, dims);
  hsize_t old = dims[op.axis];
  hsize_t rowElems = 1;
  for (int i = 0; i < rank; i++) {
    start[i] = 0;
    count[i] = dims[i];
    if (i != op.axis) rowElems *= dims[i];
  }
  hid_t mt;
  const void* buf;
  hsize_t n;
  if (op.typed) {
    mt = TypedMemType(op, d);
    if (op.rowsFromData) {
      // As many whole rows as the array holds (datasetAppend called with the handle and the data only).
      hsize_t elems = op.bytes / op.elementSize;
      if (rowElems == 0 ? elems != 0 : elems % rowElems != 0)
        FailRange("cannot append " + std::to_string(elems) + " elements to " + op.Where() + ": rows hold " +
                  std::to_string(rowElems) + " elements");
      op.rows = rowElems == 0 ? 0 : elems / rowElems;
    }
    n = op.rows * rowElems;
    CheckBytes(op, mt, n);
    buf = op.ptr;
  } else {
    // (the row count comes from the data only for a TypedArray: datasetAppend(handle, data) takes no other)
    if (op.rowsFromData) FailType("an append without a row count needs a TypedArray");
    n = op.rows * rowElems;
    if (op.nvalues != n) FailRange("got " + std::to_string(op.nvalues) + " values to append " +
                                   std::to_string(op.rows) + " rows of " + std::to_string(n / std::max<hsize_t>(op.rows, 1)) +
                                   " elements to " + op.Where());
    mt = op.memType;
    buf = op.packed.data();
  }
  // Within maxshape (lib/h5's hot path leaves this check to the addon, which knows the current extent).
  hsize_t max = h->cachedMaxDims[op.axis];
  if (max != H5S_UNLIMITED && old + op.rows > max)
    FailRange("cannot append " + std::to_string(op.rows) + " rows to " + op.Where() + ": maxshape along axis " +
              std::to_string(op.axis) + " is " + std::to_string(max));
  dims[op.axis] = old + op.rows;
  if (H5Dset_extent(d, dims) < 0) {
    ExtentChanged(h);
    Fail("cannot grow " + op.Where(), d, op.handle->path);
  }
  // The extent changed: every other handle's cached dataspace is stale now; this one's is brought up to date
  // here (the same as fetching it again, one call less).
  ++ExtentGeneration();
  start[op.axis] = old;
  count[op.axis] = op.rows;
  bool ok = H5Sset_extent_simple(space, rank, dims, h->cachedMaxDims) >= 0;
  if (ok) {
    h->cachedDims[op.axis] = dims[op.axis];
    h->cachedSpaceGen = ExtentGeneration();
    ok = H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr) >= 0;
  }
  if (ok && n > 0) {
    // A memory space of the same shape as the file selection lets HDF5 take its fast same-shape path; it is
    // kept on the handle for the next append of the same shape.
    if (h->cachedMemSpace < 0 || h->cachedMemSpaceRank != rank ||
        !std::equal(count, count + rank, h->cachedMemSpaceDims)) {
      if (h->cachedMemSpace >= 0) H5Sclose(h->cachedMemSpace);
      h->cachedMemSpace = H5Screate_simple(rank, count, nullptr);
      h->cachedMemSpaceRank = rank;
      std::copy(count, count + rank, h->cachedMemSpaceDims);
    }
    ok = h->cachedMemSpace >= 0 && H5Dwrite(d, mt, h->cachedMemSpace, space, H5P_DEFAULT, buf) >= 0;
  }
  if (!ok) {
    H5Failure f = MakeFailure("cannot append to " + op.Where(), d, op.handle->path);
    dims[op.axis] = old;  // leave the dataset as it was
    H5Dset_extent(d, dims);
    ExtentChanged(h);
    H5Eclear2(H5E_DEFAULT);
    throw H5Exception{f};
  }
  op.newLength = old + op.rows;
}

void ExecuteRead(DataOp& op) {
  H5Lock lock;
  hid_t d = OpenId(op);
  hid_t fspace = CurrentSpace(op.handle);
  hsize_t n = SelectInto(fspace, op.sel, op);
  void* buf;
  hid_t mt;
  if (op.typed) {
    mt = TypedMemType(op, d);
    CheckBytes(op, mt, n);
    buf = op.ptr;
  } else {
    Hid ftype(Check(H5Dget_type(d), "cannot get the dataset type", d));
    RefuseStdRef(ftype, "read " + op.Where(), FileOf(op.handle), op.handle->path);
    op.memType = MemTypeFor(ftype);
    if (n > 0xFFFFFFFFull) FailRange("reading " + std::to_string(n) + " values of " + op.Where() + ": a JS array holds at most 2^32 - 1");
    try {
      op.packed.assign(static_cast<size_t>(n) * H5Tget_size(op.memType) + 1, 0);
    } catch (const std::bad_alloc&) {
      throw H5Exception{OutOfMemory("reading " + std::to_string(n) + " values of " + op.Where())};
    }
    op.nvalues = static_cast<size_t>(n);
    op.readValues = true;
    mt = op.memType;
    buf = op.packed.data();
  }
  if (n == 0) return;
  bool all = op.sel.kind == Selection::kAll;
  Hid mspace;
  if (!all) mspace = MemSpaceFor(op.sel, n);
  if (H5Dread(d, mt, all ? H5S_ALL : mspace.get(), all ? H5S_ALL : fspace, H5P_DEFAULT, buf) < 0) {
    op.readValues = false;
    Fail("cannot read " + op.Where(), d, op.handle->path);
  }
}

Napi::Value FinishRead(Napi::Env env, DataOp& op) {
  if (!op.readValues) return env.Undefined();
  H5Lock lock;
  Napi::Array values = UnpackValues(env, op.memType, op.packed.data(), op.nvalues);
  ReclaimVlen(op.memType, op.nvalues, op.packed.data());
  op.readValues = false;
  return values;
}

namespace {

DataOp NewOp(const Napi::Value& handle) {
  DataOp op;
  op.handle = Unwrap(handle);
  return op;
}

// datasetCreate(loc, name, dtypeDesc, shape|null (scalar)|'null' (null dataspace), maxshape|undefined, dcplOptions,
// chunkCache?)
Napi::Value DatasetCreate(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* loc = Unwrap(info[0]);
    std::string name = StrArg(info, 1, "dataset name");
    std::string full = JoinPath(loc, name);
    Hid type = TypeFromDesc(info[2]);
    Hid space;
    if (info[3].IsNull() || info[3].IsUndefined()) {
      space.reset(Check(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace"));
    } else if (info[3].IsString() && info[3].As<Napi::String>().Utf8Value() == "null") {
      space.reset(Check(H5Screate(H5S_NULL), "cannot create a null dataspace"));
    } else {
      std::vector<hsize_t> dims = ToDims(info[3]);
      std::vector<hsize_t> maxdims = ToDims(info[4]);
      if (!maxdims.empty() && maxdims.size() != dims.size()) FailRange("maxshape and shape differ in rank");
      if (dims.empty())
        space.reset(Check(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace"));
      else
        space.reset(Check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                           maxdims.empty() ? nullptr : maxdims.data()),
                          "cannot create the dataspace"));
    }
    Hid dcpl;
    try {
      dcpl = MakeDcpl(info[5], type);
    } catch (H5Exception& e) {
      // (the creation options are checked with no dataset yet: the failure names the one being created)
      e.failure.message = "creating dataset '" + full + "' of " + FileOf(loc) + ": " + e.failure.message;
      if (e.failure.file.empty()) e.failure.file = FileOf(loc);
      if (e.failure.path.empty()) e.failure.path = full;
      throw;
    }
    // (packing the fill value ran the caller's code, which may have closed the group or its file)
    if (!loc->open())
      FailCode("ERR_H5_CLOSED", "the group was closed while the fill value of dataset '" + full + "' was read; nothing was created",
               FileOf(loc), full);
    {
      // HDF5 1.10 creates compact datasets of 65525 to 65535 bytes that it cannot open again (an object header
      // message out of alignment): refuse them, and the larger ones it refuses itself, before anything is made.
      H5Lock lock;
      hssize_t n = H5Sget_simple_extent_npoints(space);
      double bytes = static_cast<double>(n < 0 ? 0 : n) * static_cast<double>(StoredSize(type));
      if (H5Pget_layout(dcpl) == H5D_COMPACT && bytes > kMaxCompactBytes)
        FailRange("dataset '" + full + "': " + std::to_string(static_cast<uint64_t>(bytes)) +
                  " bytes do not fit a compact dataset (at most " + std::to_string(kMaxCompactBytes) +
                  "); use the contiguous or chunked layout");
    }
    CheckCreatePath(loc, name, full);
    Hid lcpl = MakeLcpl();
    Hid dapl = MakeDapl(dcpl, space, type, info[6]);
    hid_t d = H5Dcreate2(loc->id(), name.c_str(), type, space, lcpl, dcpl, dapl.valid() ? dapl.get() : H5P_DEFAULT);
    if (d < 0) Fail("cannot create dataset '" + full + "'", loc->id(), full);
    return WrapHandle(info.Env(), d, loc->file(), full);
  });
}

Napi::Value DatasetShape(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    CurrentSpace(h);
    Napi::Env env = info.Env();
    Napi::Array a = Napi::Array::New(env, h->cachedRank);
    for (int i = 0; i < h->cachedRank; i++) a.Set(static_cast<uint32_t>(i), static_cast<double>(h->cachedDims[i]));
    return a;
  });
}

// datasetInfo(handle) -> everything h5py shows about a dataset.
Napi::Value DatasetInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Handle* h = Unwrap(info[0]);
    hid_t d = h->id();
    Hid type(Check(H5Dget_type(d), "cannot get the dataset type", d));
    Hid space(Check(H5Dget_space(d), "cannot get the dataspace", d));
    Hid dcpl(Check(H5Dget_create_plist(d), "cannot get the creation properties", d));
    Hid dapl(Check(H5Dget_access_plist(d), "cannot get the access properties", d));
    Napi::Object o = Napi::Object::New(env);
    o.Set("dtype", DescFromType(env, type));
    H5S_class_t sc = H5Sget_simple_extent_type(space);
    int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(rank > 0 ? rank : 0), maxdims(rank > 0 ? rank : 0);
    if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), maxdims.data());
    o.Set("spaceClass", sc == H5S_NULL ? "null" : sc == H5S_SCALAR ? "scalar" : "simple");
    o.Set("shape", FromDims(env, dims));
    o.Set("maxshape", FromDims(env, maxdims));
    H5D_layout_t layout = H5Pget_layout(dcpl);
    o.Set("layout", layout == H5D_CHUNKED ? "chunked" : layout == H5D_COMPACT ? "compact"
                    : layout == H5D_VIRTUAL ? "virtual" : "contiguous");
    if (layout == H5D_CHUNKED) {
      std::vector<hsize_t> chunk(rank > 0 ? rank : 1);
      int cr = H5Pget_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
      chunk.resize(cr > 0 ? cr : 0);
      o.Set("chunks", FromDims(env, chunk));
    } else {
      o.Set("chunks", env.Null());
    }
    int nf = H5Pget_nfilters(dcpl);
    Napi::Array filters = Napi::Array::New(env, nf > 0 ? nf : 0);
    for (int i = 0; i < nf; i++) {
      unsigned flags = 0, cfg = 0;
      size_t nvals = 16;
      unsigned vals[16];
      char name[128] = {0};
      H5Z_filter_t id = H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nvals, vals, sizeof name, name, &cfg);
      Napi::Object f = Napi::Object::New(env);
      f.Set("id", static_cast<double>(id));
      f.Set("name", name);
      f.Set("optional", (flags & H5Z_FLAG_OPTIONAL) != 0);
      Napi::Array va = Napi::Array::New(env, std::min<size_t>(nvals, 16));
      for (size_t j = 0; j < std::min<size_t>(nvals, 16); j++) va.Set(static_cast<uint32_t>(j), vals[j]);
      f.Set("values", va);
      filters.Set(static_cast<uint32_t>(i), f);
    }
    o.Set("filters", filters);
    H5D_fill_value_t fv;
    o.Set("fillValue", env.Null());
    // A fill value never set is the type's zero, as HDF5 fills it (h5py reports the same); only an
    // explicitly undefined one is null.
    if (H5Pfill_value_defined(dcpl, &fv) >= 0 &&
        (fv == H5D_FILL_VALUE_USER_DEFINED || fv == H5D_FILL_VALUE_DEFAULT) && !HasStdRef(type)) {
      Hid mt = MemTypeFor(type);
      std::vector<char> buf(H5Tget_size(mt) + 8, 0);
      if (H5Pget_fill_value(dcpl, mt, buf.data()) >= 0) {
        o.Set("fillValue", UnpackOne(env, mt, buf.data()));
        ReclaimVlen(mt, 1, buf.data());
      }
    }
    H5D_fill_time_t ft;
    if (H5Pget_fill_time(dcpl, &ft) >= 0)
      o.Set("fillTime", ft == H5D_FILL_TIME_ALLOC ? "alloc" : ft == H5D_FILL_TIME_NEVER ? "never" : "ifset");
    size_t slots = 0, bytes = 0;
    double w0 = 0;
    if (H5Pget_chunk_cache(dapl, &slots, &bytes, &w0) >= 0) {
      Napi::Object c = Napi::Object::New(env);
      c.Set("slots", static_cast<double>(slots));
      c.Set("bytes", static_cast<double>(bytes));
      c.Set("w0", w0);
      o.Set("chunkCache", c);
    }
    o.Set("storageSize", static_cast<double>(H5Dget_storage_size(d)));
    int ne = H5Pget_external_count(dcpl);
    o.Set("external", ne > 0);
    H5Eclear2(H5E_DEFAULT);
    return o;
  });
}

// datasetRead(handle, selection, out?) -> undefined (filled out) | values
Napi::Value DatasetRead(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    DataOp op = NewOp(info[0]);
    op.sel = ParseSelection(info[1]);
    PrepareRead(op, info[2]);
    ExecuteRead(op);
    return FinishRead(info.Env(), op);
  });
}

}  // namespace

void ReadSlabNumbers(napi_env env, const Napi::Value& slab, uint32_t n, hsize_t* start, hsize_t* count) {
  napi_typedarray_type kind;
  size_t length = 0;
  void* data = nullptr;
  if (n == 0 || n > H5S_MAX_RANK || napi_get_typedarray_info(env, slab, &kind, &length, &data, nullptr, nullptr) != napi_ok ||
      kind != napi_float64_array || length < 2 * static_cast<size_t>(n))
    FailType("a hyperslab's numbers must come as a Float64Array of start then count");
  const double* v = static_cast<const double*>(data);
  for (uint32_t i = 0; i < 2 * n; i++) {
    double d = v[i];
    if (!(d >= 0) || d > 9007199254740991.0 || d != static_cast<double>(static_cast<hsize_t>(d)))
      FailRange(std::string(i < n ? "start" : "count") + " must hold integers >= 0");
    if (i < n)
      start[i] = static_cast<hsize_t>(d);
    else
      count[i - n] = static_cast<hsize_t>(d);
  }
}

namespace {

std::string JoinDims(const hsize_t* v, int n) {
  std::string s;
  for (int i = 0; i < n; i++) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

// The bounds and the array-size checks of a plain hyperslab against the extent cached on op's handle
// (resolveSelection's messages); the number of elements it selects.
hsize_t SlabElements(DataOp& op, int rank, const hsize_t* start, const hsize_t* count) {
  Handle* h = op.handle;
  hsize_t n = 1;
  for (int i = 0; i < rank; i++) {
    hsize_t last = count[i] == 0 ? start[i] : start[i] + count[i];
    if (last > h->cachedDims[i] || start[i] > h->cachedDims[i])
      FailRange("selection [" + JoinDims(start, rank) + "] + [" + JoinDims(count, rank) + "] is outside the shape [" +
                JoinDims(h->cachedDims, rank) + "] of " + op.Where());
    n *= count[i];
  }
  size_t es = TypedArrayElementSize(op.kind);
  if (op.bytes / es != n)
    FailRange("the array holds " + std::to_string(op.bytes / es) + " elements; the selection has " + std::to_string(n));
  return n;
}

}  // namespace

int CheckSlab(napi_env env, DataOp& op, const Napi::Value& slab, uint32_t n, hsize_t* start, hsize_t* count,
              hsize_t* elements) {
  Handle* h = op.handle;
  CurrentSpace(h);
  int rank = h->cachedRank;
  if (rank <= 0) return 0;
  if (n != static_cast<uint32_t>(rank)) FailRange("start must be an array of " + std::to_string(rank) + " integers");
  ReadSlabNumbers(env, slab, n, start, count);
  *elements = SlabElements(op, rank, start, count);
  return rank;
}

void CheckSlabLocked(DataOp& op) {
  H5Lock lock;
  Handle* h = op.handle;
  if (!h->open()) FailCode("ERR_H5_CLOSED", "the object is closed", h->file() ? h->file()->name : "", h->path);
  CurrentSpace(h);
  int rank = h->cachedRank;
  if (static_cast<int>(op.sel.start.size()) != rank || rank <= 0)
    FailRange("start must be an array of " + std::to_string(std::max(rank, 0)) + " integers");
  SlabElements(op, rank, op.sel.start.data(), op.sel.count.data());
}

namespace {

// datasetReadSlab(handle, slab, n, out) -> undefined | null. readInto()'s path for a plain { start, count }
// hyperslab, its n + n numbers in the Float64Array slab (lib/h5 checks the form and fills it just before the
// call: one N-API call reads them all): the checks resolveSelection makes (integers, bounds, the array's size),
// against the extent cached on the handle and with the same messages, then the read; nothing is allocated and
// the memory dataspace is kept on the handle. null for scalar datasets (the general path handles them).
Napi::Value DatasetReadSlab(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    napi_env env = info.Env();
    DataOp op = NewOp(info[0]);
    if (!TryTakeTyped(op, info[3])) FailType("readInto needs a TypedArray");
    Handle* h = op.handle;
    hid_t d = h->id();
    hid_t space = CurrentSpace(h);
    hsize_t start[H5S_MAX_RANK], count[H5S_MAX_RANK], n = 0;
    int rank = CheckSlab(env, op, info[1], info[2].As<Napi::Number>().Uint32Value(), start, count, &n);
    if (rank <= 0) return info.Env().Null();
    hid_t mt = TypedMemType(op, d);
    CheckBytes(op, mt, n);
    if (n == 0) return info.Env().Undefined();
    CheckErr(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr),
             ("invalid selection on " + op.Where()).c_str());
    if (h->cachedMemSpace < 0 || h->cachedMemSpaceRank != rank || !std::equal(count, count + rank, h->cachedMemSpaceDims)) {
      if (h->cachedMemSpace >= 0) H5Sclose(h->cachedMemSpace);
      h->cachedMemSpace = H5Screate_simple(rank, count, nullptr);
      h->cachedMemSpaceRank = rank;
      std::copy(count, count + rank, h->cachedMemSpaceDims);
    }
    if (h->cachedMemSpace < 0 || H5Dread(d, mt, h->cachedMemSpace, space, H5P_DEFAULT, op.ptr) < 0)
      Fail("cannot read " + op.Where(), d, h->path);
    return info.Env().Undefined();
  });
}

// datasetWrite(handle, selection, data)
Napi::Value DatasetWrite(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    DataOp op = NewOp(info[0]);
    op.sel = ParseSelection(info[1]);
    PrepareWrite(op, info[2]);
    ExecuteWrite(op);
    return info.Env().Undefined();
  });
}

}  // namespace

void AppendArgs(napi_env env, size_t argc, const napi_value* argv, DataOp& op) {
  if (argc == 2) {
    op.axis = 0;
    op.rowsFromData = true;
    return;
  }
  // (lib/h5 checks both first; these keep a direct call from indexing outside the dimensions)
  auto number = [&](size_t i) {
    double v = -1;
    if (i >= argc || napi_get_value_double(env, argv[i], &v) != napi_ok) return -1.0;
    return v;
  };
  double axis = number(2);
  if (!(axis >= 0 && axis < H5S_MAX_RANK) || axis != static_cast<int>(axis))
    FailRange("the axis of an append must be an integer from 0 to " + std::to_string(H5S_MAX_RANK - 1));
  double rows = number(3);
  if (!(rows >= 0 && rows <= 9007199254740991.0) || rows != static_cast<double>(static_cast<int64_t>(rows)))
    FailRange("the number of rows to append must be an integer >= 0");
  op.axis = static_cast<int>(axis);
  op.rows = static_cast<hsize_t>(rows);
}

void AppendArgs(const Napi::CallbackInfo& info, DataOp& op) {
  napi_value argv[4];
  size_t argc = std::min<size_t>(info.Length(), 4);
  for (size_t i = 0; i < argc; i++) argv[i] = info[i];
  AppendArgs(info.Env(), argc, argv, op);
}

namespace {

// The inline forms of the async twins (lib/h5 calls them when nothing is queued on the file): run the
// operation now when the HDF5 lock is free, the data is a TypedArray of at most kInlineMaxBytes and the
// dataset allows it (InlineEligible); otherwise return null at once and the caller queues the async form.

// datasetAppend(handle, data, axis, rows) -> new length along axis; datasetAppend(handle, data) -> new length, or
// null when data is not a TypedArray (its rows are counted here); datasetAppendNow -> new length | null.
// The hot path of appends as plain N-API functions (no node-addon-api call wrapper, which costs a few percent of
// a one-row append); same checks, same errors as the Run/RunNow forms.
template <bool kNow>
napi_value RawAppend(napi_env env, napi_callback_info cbinfo) {
  size_t argc = 4;
  napi_value argv[4];  // (N-API fills those past the arguments given with undefined)
  if (napi_get_cb_info(env, cbinfo, &argc, argv, nullptr, nullptr) != napi_ok) return nullptr;
  return RunRaw<kNow>(env, [&]() -> napi_value {
    DataOp op = NewOp(Napi::Value(env, argv[0]));
    Napi::Value data(env, argv[1]);
    if (kNow) {
      if (!TryTakeTyped(op, data) || op.bytes > kInlineMaxBytes || !InlineEligible(op.handle)) return NullValue(env);
    } else if (argc == 2) {
      // Rows counted here: only a TypedArray has them (lib/h5 takes anything else down its general path).
      if (!TryTakeTyped(op, data)) return NullValue(env);
    }
    AppendArgs(env, argc, argv, op);
    if (!kNow && !op.typed) PrepareWrite(op, data);
    ExecuteAppend(op);
    napi_value out = nullptr;
    napi_create_double(env, static_cast<double>(op.newLength), &out);
    return out;
  });
}

// datasetReadNow(handle, selection, out) -> true | null
Napi::Value DatasetReadNow(const Napi::CallbackInfo& info) {
  return RunNow(info, [&]() -> Napi::Value {
    DataOp op = NewOp(info[0]);
    if (!TryTakeTyped(op, info[2]) || op.bytes > kInlineMaxBytes || !InlineEligible(op.handle))
      return info.Env().Null();
    op.sel = ParseSelection(info[1]);
    ExecuteRead(op);
    return Napi::Boolean::New(info.Env(), true);
  });
}

// datasetWriteNow(handle, selection, data) -> true | null
Napi::Value DatasetWriteNow(const Napi::CallbackInfo& info) {
  return RunNow(info, [&]() -> Napi::Value {
    DataOp op = NewOp(info[0]);
    if (!TryTakeTyped(op, info[2]) || op.bytes > kInlineMaxBytes || !InlineEligible(op.handle))
      return info.Env().Null();
    op.sel = ParseSelection(info[1]);
    ExecuteWrite(op);
    return Napi::Boolean::New(info.Env(), true);
  });
}

Napi::Value DatasetResize(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    std::vector<hsize_t> dims = ToDims(info[1]);
    h->written = true;
    herr_t r = H5Dset_extent(h->id(), dims.data());
    ExtentChanged(h);
    CheckErr(r, ("cannot resize dataset '" + h->path + "'").c_str(), h->id(), h->path);
    return info.Env().Undefined();
  });
}

Napi::Value DatasetRefresh(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    herr_t r = H5Drefresh(h->id());
    ExtentChanged(h);
    CheckErr(r, ("cannot refresh dataset '" + h->path + "'").c_str(), h->id(), h->path);
    return info.Env().Undefined();
  });
}

Napi::Value DatasetFlush(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    CheckErr(H5Dflush(h->id()), ("cannot flush dataset '" + h->path + "'").c_str(), h->id(), h->path);
    h->written = false;
    return info.Env().Undefined();
  });
}

// chunkWrite(handle, offset, bytes, filterMask)
Napi::Value ChunkWrite(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    std::vector<hsize_t> offset = ToDims(info[1]);
    if (!info[2].IsTypedArray()) FailType("chunk bytes must be a Buffer or TypedArray");
    auto ta = info[2].As<Napi::TypedArray>();
    uint32_t mask = info[3].IsNumber() ? info[3].As<Napi::Number>().Uint32Value() : 0;
    size_t nbytes;
    char* p = TypedBytes(ta, &nbytes);
    h->written = true;
    CheckErr(H5Dwrite_chunk(h->id(), H5P_DEFAULT, mask, offset.data(), nbytes, p),
             ("cannot write a chunk of '" + h->path + "'").c_str(), h->id(), h->path);
    return info.Env().Undefined();
  });
}

// chunkRead(handle, offset) -> { data: Buffer, filterMask }
Napi::Value ChunkRead(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Handle* h = Unwrap(info[0]);
    std::vector<hsize_t> offset = ToDims(info[1]);
    // The chunk index knows the chunk's mask and size (H5Dread_chunk reports a stale mask for chunks written
    // in the same session with some HDF5 versions).
    unsigned mask = 0;
    haddr_t addr = 0;
    hsize_t size = 0;
    CheckErr(H5Dget_chunk_info_by_coord(h->id(), offset.data(), &mask, &addr, &size),
             ("cannot look up the chunk of '" + h->path + "'").c_str(), h->id(), h->path);
    if (addr == HADDR_UNDEF)
      FailCode("ERR_H5_NOT_FOUND", "no chunk is stored at that offset of '" + h->path + "'", FileOf(h), h->path);
    auto buf = Napi::Buffer<char>::New(info.Env(), static_cast<size_t>(size));
    uint32_t readMask = 0;
    if (size > 0)
      CheckErr(H5Dread_chunk(h->id(), H5P_DEFAULT, offset.data(), &readMask, buf.Data()),
               ("cannot read a chunk of '" + h->path + "'").c_str(), h->id(), h->path);
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("data", buf);
    o.Set("filterMask", mask);
    return o;
  });
}

// chunkInfo(handle) -> [{ offset, filterMask, address, size }]
Napi::Value ChunkInfo(const Napi::CallbackInfo& info) {
  return Run(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    Handle* h = Unwrap(info[0]);
    Hid space(Check(H5Dget_space(h->id()), "cannot get the dataspace", h->id()));
    Hid dcpl(H5Dget_create_plist(h->id()));
    if (H5Pget_layout(dcpl) != H5D_CHUNKED) FailType("dataset '" + h->path + "' is not chunked");
    int rank = H5Sget_simple_extent_ndims(space);
    hsize_t n = 0;
    CheckErr(H5Dget_num_chunks(h->id(), space, &n), "cannot count chunks", h->id(), h->path);
    Napi::Array out = Napi::Array::New(env, static_cast<size_t>(n));
    std::vector<hsize_t> off(rank > 0 ? rank : 1);
    for (hsize_t i = 0; i < n; i++) {
      unsigned mask = 0;
      haddr_t addr = 0;
      hsize_t size = 0;
      CheckErr(H5Dget_chunk_info(h->id(), space, i, off.data(), &mask, &addr, &size), "cannot get chunk information",
               h->id(), h->path);
      Napi::Object c = Napi::Object::New(env);
      c.Set("offset", FromDims(env, std::vector<hsize_t>(off.begin(), off.begin() + rank)));
      c.Set("filterMask", mask);
      c.Set("address", static_cast<double>(addr));
      c.Set("size", static_cast<double>(size));
      out.Set(static_cast<uint32_t>(i), c);
    }
    return out;
  });
}

}  // namespace

void InitDataset(Napi::Env env, Napi::Object exports) {
  exports.Set("datasetCreate", Napi::Function::New(env, DatasetCreate, "datasetCreate"));
  exports.Set("datasetShape", Napi::Function::New(env, DatasetShape, "datasetShape"));
  exports.Set("datasetInfo", Napi::Function::New(env, DatasetInfo, "datasetInfo"));
  exports.Set("datasetRead", Napi::Function::New(env, DatasetRead, "datasetRead"));
  exports.Set("datasetReadSlab", Napi::Function::New(env, DatasetReadSlab, "datasetReadSlab"));
  exports.Set("datasetWrite", Napi::Function::New(env, DatasetWrite, "datasetWrite"));
  exports.Set("datasetAppend", RawFunction(env, "datasetAppend", RawAppend<false>));
  exports.Set("datasetAppendNow", RawFunction(env, "datasetAppendNow", RawAppend<true>));
  exports.Set("datasetReadNow", Napi::Function::New(env, DatasetReadNow, "datasetReadNow"));
  exports.Set("datasetWriteNow", Napi::Function::New(env, DatasetWriteNow, "datasetWriteNow"));
  exports.Set("datasetResize", Napi::Function::New(env, DatasetResize, "datasetResize"));
  exports.Set("datasetRefresh", Napi::Function::New(env, DatasetRefresh, "datasetRefresh"));
  exports.Set("datasetFlush", Napi::Function::New(env, DatasetFlush, "datasetFlush"));
  exports.Set("chunkWrite", Napi::Function::New(env, ChunkWrite, "chunkWrite"));
  exports.Set("chunkRead", Napi::Function::New(env, ChunkRead, "chunkRead"));
  exports.Set("chunkInfo", Napi::Function::New(env, ChunkInfo, "chunkInfo"));
}

}  // namespace h5nwb
