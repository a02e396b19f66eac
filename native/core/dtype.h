// Datatypes: the JS descriptor <-> hid_t mapping, and packing/unpacking of JS values for non-numeric data
// (strings, references, compounds, enums in compounds, vlen sequences).
#pragma once
#include <deque>

#include "common.h"
#include "hid.h"

namespace h5nwb {

// Builds a new datatype from a JS descriptor ({ class: 'integer', size, signed, order } and so on).
Hid TypeFromDesc(const Napi::Value& desc);
// Describes a datatype as a JS descriptor.
Napi::Object DescFromType(Napi::Env env, hid_t t);

// The in-memory type used to read file type t into values (native byte order and layout).
Hid MemTypeFor(hid_t fileType);
// After values were packed into memType = MemTypeFor(fileType): a RangeError (naming `where`) when one of them
// does not fit a half-precision float of the file type, which HDF5 would store as infinity.
void CheckWidenedFloats(hid_t fileType, hid_t memType, const char* buf, size_t n, const std::string& where);
// The memory type of a TypedArray (given the file type, for enums: the enum's native form); invalid when the
// array kind does not fit the file type's class.
Hid MemTypeForTypedArray(napi_typedarray_type kind, hid_t fileType);
size_t TypedArrayElementSize(napi_typedarray_type kind);
// The bytes a TypedArray (or Buffer) views, also when its memory is a SharedArrayBuffer, which
// Napi::TypedArray::ArrayBuffer() refuses. Null (and 0 bytes) when v is not a TypedArray.
char* TypedBytes(const Napi::Value& v, size_t* byteLength);
// HDF5's predefined native type (never to be closed) for a TypedArray read into or written from a file type of
// integer or float class, as MemTypeForTypedArray would copy it; H5I_INVALID_HID for every other case.
hid_t PredefinedMemType(napi_typedarray_type kind, hid_t fileType);

// Storage that keeps packed pointers (vlen strings, vlen sequences) alive until the write is done.
struct PackArena {
  std::deque<std::string> strings;
  std::deque<std::vector<char>> blobs;
};

// Packs JS values into n elements of memType at out (out must hold n * H5Tget_size(memType) bytes).
// values is either a JS array of length n, or (n == 1) a single value.
void PackValues(const Napi::Value& values, size_t n, hid_t memType, char* out, PackArena& arena);
// PackValues with `where` (the object the values are for: "writing dataset '/d' of f.h5") before the message of
// any error it raises; the error keeps its class and code.
void PackValuesFor(const std::string& where, const Napi::Value& values, size_t n, hid_t memType, char* out,
                   PackArena& arena);
// Unpacks n elements of memType at in into a JS array.
Napi::Array UnpackValues(Napi::Env env, hid_t memType, const char* in, size_t n);
// Bytes to a JS string: valid UTF-8 decodes as usual; each byte outside a valid sequence becomes the lone
// surrogate U+DC80 + (byte - 0x80), as Python's surrogateescape (h5py reads string attributes so).
Napi::String DecodeString(Napi::Env env, const char* p, size_t n);
// A JS string to the bytes to store: UTF-8, with the escaped bytes of DecodeString restored as they were.
std::string EncodeString(const Napi::Value& v);
// n-dimensional C-order values of base type as nested arrays, from dimension k of dims on.
Napi::Array UnpackNested(Napi::Env env, hid_t base, size_t baseSize, const std::vector<hsize_t>& dims, size_t k,
                         const char* in);
Napi::Value UnpackOne(Napi::Env env, hid_t memType, const char* in);

// Whether t is (IsStdRef) or holds at any depth (HasStdRef) HDF5 1.12's references (H5T_STD_REF; never with HDF5
// 1.10), whose values are in-memory H5R_ref_t structs that h5nwb neither reads nor writes.
bool IsStdRef(hid_t t);
bool HasStdRef(hid_t t);
// An Hdf5Error (ERR_H5_TYPE_CONVERSION) when t holds such references: "cannot <doing>: it holds ...".
void RefuseStdRef(hid_t t, const std::string& doing, const std::string& file, const std::string& path);

// Frees what HDF5 allocated for variable-length data read into buf (n elements of memType).
void ReclaimVlen(hid_t memType, size_t n, void* buf);
bool TypeHasVlen(hid_t t);

}  // namespace h5nwb
