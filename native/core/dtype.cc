#include "dtype.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "errors.h"
#include "handle.h"

namespace h5nwb {

namespace {

std::string Str(const Napi::Value& v, const char* what) {
  if (!v.IsString()) FailType(std::string("dtype descriptor: ") + what + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

// Length of the valid UTF-8 sequence at p[0..n), or 0 when the bytes there are not one.
size_t Utf8SeqLen(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;       // no overlong forms
    else if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < len; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return len;
}

// Appends code point cp (a valid one, below U+110000) to a UTF-8 string.
void PutUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A Proxy of a JS array is an object to N-API, not an array: a value that JS's Array.isArray calls an array is
// copied into a plain one (Array.from, through the proxy's traps). Anything else is returned as it is. Only
// values that are neither arrays nor TypedArrays pay the two calls.
Napi::Value Unproxied(const Napi::Value& v) {
  if (!v.IsObject() || v.IsArray() || v.IsTypedArray() || v.IsBuffer() || v.IsFunction()) return v;
  Napi::Env env = v.Env();
  Napi::Object array = env.Global().Get("Array").As<Napi::Object>();
  if (!array.Get("isArray").As<Napi::Function>().Call(array, {v}).ToBoolean().Value()) return v;
  return array.Get("from").As<Napi::Function>().Call(array, {v});
}

// The leaves of nested JS arrays shaped dims[k..] appended to flat (array-type values given nested).
void FlattenNested(const Napi::Value& given, const std::vector<hsize_t>& dims, size_t k, Napi::Array& flat, uint32_t& at) {
  Napi::Value v = Unproxied(given);
  if (!v.IsArray() || v.As<Napi::Array>().Length() != dims[k])
    FailRange("an array-type value must be nested " + std::to_string(dims.size()) + " deep with " +
              std::to_string(dims[k]) + " elements at depth " + std::to_string(k) + " (or flat)");
  auto a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) {
    if (k + 1 == dims.size()) flat.Set(at++, a.Get(i));
    else FlattenNested(a.Get(i), dims, k + 1, flat, at);
  }
}

// A field or member name: UTF-8 (escaped bytes restored, as names are); NUL refused, as HDF5 would cut the name
// at it.
std::string Name(const Napi::Value& v, const char* what) {
  if (!v.IsString()) FailType(std::string("dtype descriptor: ") + what + " must be a string");
  std::string s;
  try {
    s = EncodeString(v);
  } catch (H5Exception& e) {
    e.failure.message = std::string("dtype descriptor: ") + what + " " + e.failure.message;
    throw;
  }
  if (s.find('\0') != std::string::npos)
    FailType(std::string("dtype descriptor: ") + what + " must not contain NUL characters");
  return s;
}

size_t Size(const Napi::Value& desc) {
  Napi::Value s = Opt(desc, "size");
  if (!s.IsNumber()) FailType("dtype descriptor: size must be a number");
  double d = s.As<Napi::Number>().DoubleValue();
  if (!(d >= 1) || d > (1u << 30)) FailRange("dtype descriptor: size out of range");
  return static_cast<size_t>(d);
}

bool BigEndian(const Napi::Value& desc) {
  Napi::Value o = Opt(desc, "order");
  return o.IsString() && o.As<Napi::String>().Utf8Value() == "be";
}

hid_t IntType(size_t size, bool sign, bool be) {
  switch (size) {
    case 1: return sign ? (be ? H5T_STD_I8BE : H5T_STD_I8LE) : (be ? H5T_STD_U8BE : H5T_STD_U8LE);
    case 2: return sign ? (be ? H5T_STD_I16BE : H5T_STD_I16LE) : (be ? H5T_STD_U16BE : H5T_STD_U16LE);
    case 4: return sign ? (be ? H5T_STD_I32BE : H5T_STD_I32LE) : (be ? H5T_STD_U32BE : H5T_STD_U32LE);
    case 8: return sign ? (be ? H5T_STD_I64BE : H5T_STD_I64LE) : (be ? H5T_STD_U64BE : H5T_STD_U64LE);
  }
  FailRange("integer size must be 1, 2, 4 or 8");
}

const char* OrderName(hid_t t) { return H5Tget_order(t) == H5T_ORDER_BE ? "be" : "le"; }

// A string for messages: UTF-8, each lone surrogate written as \uXXXX; long strings cut.
std::string ShownUtf16(const std::u16string& w) {
  std::string out;
  for (size_t i = 0; i < w.size() && out.size() < 60; i++) {
    uint32_t c = w[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < w.size() && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF) {
      PutUtf8(out, 0x10000 + ((c - 0xD800) << 10) + (w[i + 1] - 0xDC00));
      i++;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\u%04X", static_cast<unsigned>(c));
      out += hex;
    } else {
      PutUtf8(out, c);
    }
  }
  return out.size() >= 60 ? out + "..." : out;
}

}  // namespace

Napi::String DecodeString(Napi::Env env, const char* p, size_t n) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  size_t i = 0;
  while (i < n) {
    size_t k = Utf8SeqLen(u + i, n - i);
    if (k == 0) break;
    i += k;
  }
  if (i == n) return Napi::String::New(env, p, n);  // valid UTF-8: the common case
  std::u16string out;
  out.reserve(n);
  for (i = 0; i < n;) {
    size_t k = Utf8SeqLen(u + i, n - i);
    if (k == 0) {
      out += static_cast<char16_t>(0xDC00 + u[i]);  // a byte of no valid sequence: escaped
      i++;
      continue;
    }
    uint32_t cp = k == 1 ? u[i] : k == 2 ? (u[i] & 0x1Fu) : k == 3 ? (u[i] & 0x0Fu) : (u[i] & 0x07u);
    for (size_t j = 1; j < k; j++) cp = (cp << 6) | (u[i + j] & 0x3Fu);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
    i += k;
  }
  return Napi::String::New(env, out);
}

std::string EncodeString(const Napi::Value& v) {
  std::string s = v.As<Napi::String>().Utf8Value();
  // V8 writes a lone surrogate as U+FFFD: only then can the string hold escaped bytes to restore.
  if (s.find("\xEF\xBF\xBD") == std::string::npos) return s;
  std::u16string w = v.As<Napi::String>().Utf16Value();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < w.size(); i++) {
    uint32_t c = w[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < w.size() && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF) {
      PutUtf8(out, 0x10000 + ((c - 0xD800) << 10) + (w[i + 1] - 0xDC00));
      i++;
    } else if (c >= 0xDC80 && c <= 0xDCFF) {
      out += static_cast<char>(c - 0xDC00);  // an escaped byte goes back as it was read
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      // Any other lone surrogate has no UTF-8 form (V8 would write U+FFFD in its place: a silently other string).
      char hex[8];
      std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(c));
      FailRange("'" + ShownUtf16(w) + "' contains a lone surrogate U+" + hex + " at index " + std::to_string(i) +
                ", which UTF-8 cannot encode");
    } else {
      PutUtf8(out, c);
    }
  }
  return out;
}

namespace {
// How deep TypeFromDesc is in nested descriptors on this thread: a descriptor that contains itself (or one nested
// thousands deep) must be an error, not a native stack overflow.
thread_local int t_descDepth = 0;
constexpr int kMaxDescDepth = 64;
struct DescDepth {
  DescDepth() {
    if (++t_descDepth > kMaxDescDepth) {
      --t_descDepth;  // (this level's destructor will not run; the outer ones restore the rest as they unwind)
      FailRange("dtype descriptor nested more than " + std::to_string(kMaxDescDepth) + " levels deep (does it contain itself?)");
    }
  }
  ~DescDepth() { --t_descDepth; }
};
}  // namespace

Hid TypeFromDesc(const Napi::Value& desc) {
  if (!desc.IsObject()) FailType("dtype descriptor must be an object");
  DescDepth depth;
  H5Lock lock;
  // A named (committed) datatype of the file, given as its open handle: objects created with it share it.
  Napi::Value committed = Opt(desc, "committed");
  if (!committed.IsUndefined()) {
    Handle* h = TryUnwrap(committed);
    if (!h || !h->open() || H5Iget_type(h->id()) != H5I_DATATYPE) FailType("committed must be an open named datatype");
    Check(H5Iinc_ref(h->id()), "cannot use the named datatype");
    return Hid(h->id());
  }
  std::string cls = Str(Opt(desc, "class"), "class");
  if (cls == "integer") {
    bool sign = Opt(desc, "signed").ToBoolean();
    return Hid(Check(H5Tcopy(IntType(Size(desc), sign, BigEndian(desc))), "cannot create integer type"));
  }
  if (cls == "float") {
    size_t s = Size(desc);
    bool be = BigEndian(desc);
    if (s == 4) return Hid(Check(H5Tcopy(be ? H5T_IEEE_F32BE : H5T_IEEE_F32LE), "cannot create float type"));
    if (s == 8) return Hid(Check(H5Tcopy(be ? H5T_IEEE_F64BE : H5T_IEEE_F64LE), "cannot create float type"));
    if (s == 2) {
      // IEEE half precision, as h5py defines float16.
      Hid t(Check(H5Tcopy(H5T_IEEE_F32LE), "cannot create float type"));
      CheckErr(H5Tset_fields(t, 15, 10, 5, 0, 10), "cannot set float16 fields");
      CheckErr(H5Tset_size(t, 2), "cannot set float16 size");
      CheckErr(H5Tset_ebias(t, 15), "cannot set float16 bias");
      if (be) CheckErr(H5Tset_order(t, H5T_ORDER_BE), "cannot set order");
      return t;
    }
    if (s == 16 && H5Tget_size(H5T_NATIVE_LDOUBLE) == 16 && !be) {
      // x86-64's long double (numpy's float128, as h5py stores it); its values travel as doubles
      return Hid(Check(H5Tcopy(H5T_NATIVE_LDOUBLE), "cannot create float type"));
    }
    FailRange(s == 16 ? "a 16-byte float is this machine's long double only in its own byte order"
                      : "float size must be 2, 4, 8 or 16 (long double)");
  }
  if (cls == "string") {
    Hid t(Check(H5Tcopy(H5T_C_S1), "cannot create string type"));
    bool vlen = Opt(desc, "vlen").ToBoolean();
    CheckErr(H5Tset_size(t, vlen ? H5T_VARIABLE : Size(desc)), "cannot set string size");
    Napi::Value cset = Opt(desc, "cset");
    bool utf8 = !cset.IsString() || cset.As<Napi::String>().Utf8Value() != "ascii";
    CheckErr(H5Tset_cset(t, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "cannot set string cset");
    Napi::Value pad = Opt(desc, "pad");
    H5T_str_t p = vlen ? H5T_STR_NULLTERM : H5T_STR_NULLPAD;  // h5py's defaults
    if (pad.IsString()) {
      std::string ps = pad.As<Napi::String>().Utf8Value();
      p = ps == "spacepad" ? H5T_STR_SPACEPAD : ps == "nullpad" ? H5T_STR_NULLPAD : H5T_STR_NULLTERM;
    }
    CheckErr(H5Tset_strpad(t, p), "cannot set string padding");
    return t;
  }
  if (cls == "enum") {
    Hid base = TypeFromDesc(Opt(desc, "base"));
    Hid t(Check(H5Tenum_create(base), "cannot create enum type"));
    Napi::Value members = Opt(desc, "members");
    if (!members.IsArray()) FailType("enum members must be an array of [name, value]");
    auto arr = members.As<Napi::Array>();
    size_t bs = H5Tget_size(base);
    for (uint32_t i = 0; i < arr.Length(); i++) {
      Napi::Value m = arr.Get(i);
      if (!m.IsArray() || m.As<Napi::Array>().Length() != 2) FailType("enum member must be [name, value]");
      std::string name = Name(m.As<Napi::Array>().Get(0u), "enum member name");
      Napi::Value val = m.As<Napi::Array>().Get(1u);
      std::vector<char> buf(bs);
      PackArena arena;
      // PackValues writes native byte order; H5Tenum_insert takes the value in the base type's own order.
      Hid nativeBase(Check(H5Tget_native_type(base, H5T_DIR_ASCEND), "cannot derive enum base memory type"));
      PackValues(val, 1, nativeBase, buf.data(), arena);
      if (H5Tequal(nativeBase, base) <= 0)
        CheckErr(H5Tconvert(nativeBase, base, 1, buf.data(), nullptr, H5P_DEFAULT), "cannot convert enum member value");
      CheckErr(H5Tenum_insert(t, name.c_str(), buf.data()), "cannot insert enum member");
    }
    return t;
  }
  if (cls == "compound") {
    Napi::Value fields = Opt(desc, "fields");
    if (!fields.IsArray()) FailType("compound fields must be an array");
    auto arr = fields.As<Napi::Array>();
    std::vector<Hid> types;
    std::vector<std::string> names;
    std::vector<size_t> offsets;
    size_t packed = 0;
    for (uint32_t i = 0; i < arr.Length(); i++) {
      Napi::Value f = arr.Get(i);
      names.push_back(Name(Opt(f, "name"), "compound field name"));
      types.push_back(TypeFromDesc(Opt(f, "type")));
      Napi::Value off = Opt(f, "offset");
      if (off.IsNumber()) {
        // (checked here: a negative offset would wrap round to a huge one, which HDF5's own bounds check misses
        // in its own arithmetic, and values would then be packed outside their buffer)
        double o = off.As<Napi::Number>().DoubleValue();
        if (!(o >= 0 && o <= 4294967295.0) || o != static_cast<double>(static_cast<int64_t>(o)))
          FailRange("compound field '" + names.back() + "': the offset must be an integer from 0 to 2^32-1");
        offsets.push_back(static_cast<size_t>(o));
      } else {
        offsets.push_back(packed);
      }
      packed = std::max(packed, offsets.back() + H5Tget_size(types.back()));
    }
    size_t size = packed;
    if (size == 0) FailRange("a compound type needs at least one field");
    if (Has(desc, "size")) {
      // (a given size is kept, padding after the fields as numpy's itemsize; one the fields do not fit in is an
      // error, not silently grown)
      size = Size(desc);
      if (size < packed)
        FailRange("dtype descriptor: compound size " + std::to_string(size) + " is smaller than its fields need (" +
                  std::to_string(packed) + " bytes)");
    }
    Hid t(Check(H5Tcreate(H5T_COMPOUND, size), "cannot create compound type"));
    for (size_t i = 0; i < names.size(); i++)
      CheckErr(H5Tinsert(t, names[i].c_str(), offsets[i], types[i]), "cannot insert compound field");
    return t;
  }
  if (cls == "reference") {
    Napi::Value kind = Opt(desc, "kind");
    std::string k = kind.IsString() ? kind.As<Napi::String>().Utf8Value() : "";
    if (k == "std")
      FailType("dtype descriptor: h5nwb does not write HDF5 1.12 references (kind 'std'); use kind 'object' "
               "(dtype 'ref', as h5py writes) or 'region'");
    bool region = k == "region";
    return Hid(Check(H5Tcopy(region ? H5T_STD_REF_DSETREG : H5T_STD_REF_OBJ), "cannot create reference type"));
  }
  if (cls == "array") {
    Hid base = TypeFromDesc(Opt(desc, "base"));
    std::vector<hsize_t> dims = ToDims(Opt(desc, "dims"));
    if (dims.empty()) FailRange("array dtype needs dims");
    return Hid(Check(H5Tarray_create2(base, static_cast<unsigned>(dims.size()), dims.data()),
                     "cannot create array type"));
  }
  if (cls == "vlen") {
    Hid base = TypeFromDesc(Opt(desc, "base"));
    return Hid(Check(H5Tvlen_create(base), "cannot create vlen type"));
  }
  if (cls == "opaque") {
    Hid t(Check(H5Tcreate(H5T_OPAQUE, Size(desc)), "cannot create opaque type"));
    Napi::Value tag = Opt(desc, "tag");
    if (tag.IsString()) CheckErr(H5Tset_tag(t, tag.As<Napi::String>().Utf8Value().c_str()), "cannot set tag");
    return t;
  }
  if (cls == "bitfield") {
    size_t s = Size(desc);
    bool be = BigEndian(desc);
    if (s != 1 && s != 2 && s != 4 && s != 8) FailRange("bitfield size must be 1, 2, 4 or 8");
    hid_t b = s == 1 ? (be ? H5T_STD_B8BE : H5T_STD_B8LE)
              : s == 2 ? (be ? H5T_STD_B16BE : H5T_STD_B16LE)
              : s == 4 ? (be ? H5T_STD_B32BE : H5T_STD_B32LE)
                       : (be ? H5T_STD_B64BE : H5T_STD_B64LE);
    return Hid(Check(H5Tcopy(b), "cannot create bitfield type"));
  }
  FailType("unknown dtype class '" + cls + "'");
}

Napi::Object DescFromType(Napi::Env env, hid_t t) {
  H5Lock lock;
  Napi::Object d = Napi::Object::New(env);
  H5T_class_t cls = H5Tget_class(t);
  size_t size = H5Tget_size(t);
  switch (cls) {
    case H5T_INTEGER:
      d.Set("class", "integer");
      d.Set("size", static_cast<double>(size));
      d.Set("signed", H5Tget_sign(t) == H5T_SGN_2);
      d.Set("order", OrderName(t));
      break;
    case H5T_FLOAT:
      d.Set("class", "float");
      d.Set("size", static_cast<double>(size));
      d.Set("order", OrderName(t));
      break;
    case H5T_STRING: {
      d.Set("class", "string");
      htri_t vl = H5Tis_variable_str(t);
      d.Set("vlen", vl > 0);
      if (vl <= 0) d.Set("size", static_cast<double>(size));
      d.Set("cset", H5Tget_cset(t) == H5T_CSET_UTF8 ? "utf8" : "ascii");
      H5T_str_t p = H5Tget_strpad(t);
      d.Set("pad", p == H5T_STR_SPACEPAD ? "spacepad" : p == H5T_STR_NULLPAD ? "nullpad" : "nullterm");
      break;
    }
    case H5T_ENUM: {
      d.Set("class", "enum");
      Hid base(H5Tget_super(t));
      d.Set("base", DescFromType(env, base));
      int n = H5Tget_nmembers(t);
      Napi::Array members = Napi::Array::New(env, n > 0 ? n : 0);
      size_t bs = H5Tget_size(base);
      Hid nbase(H5Tget_native_type(base, H5T_DIR_ASCEND));
      for (int i = 0; i < n; i++) {
        char* name = H5Tget_member_name(t, static_cast<unsigned>(i));
        std::vector<char> buf(std::max(bs, H5Tget_size(nbase)) + 8);
        H5Tget_member_value(t, static_cast<unsigned>(i), buf.data());
        // Values are stored in the base type's order; convert to native for unpacking.
        H5Tconvert(base, nbase, 1, buf.data(), nullptr, H5P_DEFAULT);
        Napi::Array m = Napi::Array::New(env, 2);
        m.Set(0u, Napi::String::New(env, name ? name : ""));
        m.Set(1u, UnpackOne(env, nbase, buf.data()));
        members.Set(static_cast<uint32_t>(i), m);
        H5free_memory(name);
      }
      d.Set("members", members);
      break;
    }
    case H5T_COMPOUND: {
      d.Set("class", "compound");
      d.Set("size", static_cast<double>(size));
      int n = H5Tget_nmembers(t);
      Napi::Array fields = Napi::Array::New(env, n > 0 ? n : 0);
      for (int i = 0; i < n; i++) {
        Napi::Object f = Napi::Object::New(env);
        char* name = H5Tget_member_name(t, static_cast<unsigned>(i));
        f.Set("name", name ? name : "");
        H5free_memory(name);
        f.Set("offset", static_cast<double>(H5Tget_member_offset(t, static_cast<unsigned>(i))));
        Hid mt(H5Tget_member_type(t, static_cast<unsigned>(i)));
        f.Set("type", DescFromType(env, mt));
        fields.Set(static_cast<uint32_t>(i), f);
      }
      d.Set("fields", fields);
      break;
    }
    case H5T_REFERENCE:
      d.Set("class", "reference");
      // ('std': HDF5 1.12's references, H5T_STD_REF, which h5nwb describes but neither reads nor writes)
      d.Set("kind", IsStdRef(t) ? "std" : H5Tequal(t, H5T_STD_REF_DSETREG) > 0 ? "region" : "object");
      d.Set("size", static_cast<double>(size));
      break;
    case H5T_ARRAY: {
      d.Set("class", "array");
      Hid base(H5Tget_super(t));
      d.Set("base", DescFromType(env, base));
      int r = H5Tget_array_ndims(t);
      std::vector<hsize_t> dims(r > 0 ? r : 0);
      if (r > 0) H5Tget_array_dims2(t, dims.data());
      d.Set("dims", FromDims(env, dims));
      break;
    }
    case H5T_VLEN: {
      d.Set("class", "vlen");
      Hid base(H5Tget_super(t));
      d.Set("base", DescFromType(env, base));
      break;
    }
    case H5T_OPAQUE: {
      d.Set("class", "opaque");
      d.Set("size", static_cast<double>(size));
      char* tag = H5Tget_tag(t);
      d.Set("tag", tag ? tag : "");
      H5free_memory(tag);
      break;
    }
    case H5T_BITFIELD:
      d.Set("class", "bitfield");
      d.Set("size", static_cast<double>(size));
      d.Set("order", OrderName(t));
      break;
    default:
      d.Set("class", "unsupported");
      d.Set("size", static_cast<double>(size));
      break;
  }
  H5Eclear2(H5E_DEFAULT);
  return d;
}

namespace {

// Whether type t holds a float (at any depth: compound members, array and sequence bases) that `pick` names.
template <typename Pick>
bool AnyFloat(hid_t t, Pick pick) {
  switch (H5Tget_class(t)) {
    case H5T_FLOAT: return pick(H5Tget_size(t));
    case H5T_COMPOUND: {
      int n = H5Tget_nmembers(t);
      for (int i = 0; i < n; i++) {
        Hid m(H5Tget_member_type(t, static_cast<unsigned>(i)));
        if (m.valid() && AnyFloat(m.get(), pick)) return true;
      }
      return false;
    }
    case H5T_ARRAY:
    case H5T_VLEN: {
      Hid b(H5Tget_super(t));
      return b.valid() && AnyFloat(b.get(), pick);
    }
    default: return false;
  }
}

// Floats JS numbers cannot be read from or written to as they are: half precision, long double, other sizes.
bool OddSize(size_t s) { return s != 4 && s != 8; }
// Floats narrower than float32 (half precision): JS numbers packed for them may be out of their range.
bool HalfSize(size_t s) { return s < 4; }

// A copy of memory type mem in which each float is what `floatFor(memFloat, fileFloat)` makes of it, file being
// the type mem was derived from (the same shape: members in the same order); compounds packed.
template <typename FloatFor>
Hid MapFloats(hid_t mem, hid_t file, FloatFor floatFor) {
  switch (H5Tget_class(mem)) {
    case H5T_FLOAT: return floatFor(mem, file);
    case H5T_COMPOUND: {
      int n = H5Tget_nmembers(mem);
      std::vector<Hid> members;
      size_t total = 0;
      for (int i = 0; i < n; i++) {
        Hid m(Check(H5Tget_member_type(mem, static_cast<unsigned>(i)), "cannot get a compound member type"));
        Hid f(Check(H5Tget_member_type(file, static_cast<unsigned>(i)), "cannot get a compound member type"));
        members.push_back(MapFloats(m.get(), f.get(), floatFor));
        total += H5Tget_size(members.back());
      }
      Hid c(Check(H5Tcreate(H5T_COMPOUND, total > 0 ? total : 1), "cannot create a compound type"));
      size_t off = 0;
      for (int i = 0; i < n; i++) {
        char* name = H5Tget_member_name(mem, static_cast<unsigned>(i));
        herr_t r = H5Tinsert(c, name, off, members[i]);
        H5free_memory(name);
        CheckErr(r, "cannot build a compound type");
        off += H5Tget_size(members[i]);
      }
      return c;
    }
    case H5T_ARRAY: {
      Hid mb(Check(H5Tget_super(mem), "cannot get the array base type"));
      Hid fb(Check(H5Tget_super(file), "cannot get the array base type"));
      int r = H5Tget_array_ndims(mem);
      std::vector<hsize_t> dims(r > 0 ? r : 1);
      if (r > 0) H5Tget_array_dims2(mem, dims.data());
      Hid nb = MapFloats(mb.get(), fb.get(), floatFor);
      return Hid(Check(H5Tarray_create2(nb, static_cast<unsigned>(r), dims.data()), "cannot build an array type"));
    }
    case H5T_VLEN: {
      Hid mb(Check(H5Tget_super(mem), "cannot get the sequence base type"));
      Hid fb(Check(H5Tget_super(file), "cannot get the sequence base type"));
      Hid nb = MapFloats(mb.get(), fb.get(), floatFor);
      return Hid(Check(H5Tvlen_create(nb), "cannot build a sequence type"));
    }
    default: return Hid(Check(H5Tcopy(mem), "cannot copy a type"));
  }
}

// Memory type t with every odd float a native double (HDF5 converts to and from it).
Hid WidenFloats(hid_t t) {
  return MapFloats(t, t, [](hid_t m, hid_t) {
    return Hid(Check(H5Tcopy(OddSize(H5Tget_size(m)) ? H5T_NATIVE_DOUBLE : m), "cannot copy a float type"));
  });
}

// Memory type mem (MemTypeFor's for file type file) with each of the file's half floats in its place, in native
// byte order: converting packed values to it finds those out of range.
Hid NarrowAs(hid_t mem, hid_t file) {
  return MapFloats(mem, file, [](hid_t m, hid_t f) {
    if (!HalfSize(H5Tget_size(f))) return Hid(Check(H5Tcopy(m), "cannot copy a float type"));
    Hid t(Check(H5Tcopy(f), "cannot copy a float type"));
    CheckErr(H5Tset_order(t, H5Tget_order(H5T_NATIVE_FLOAT)), "cannot set the float byte order");
    return t;
  });
}

struct RangeFlag {
  bool hit = false;
};

H5T_conv_ret_t FlagRange(H5T_conv_except_t kind, hid_t src, hid_t, void* srcBuf, void*, void* data) {
  if (kind == H5T_CONV_EXCEPT_RANGE_HI || kind == H5T_CONV_EXCEPT_RANGE_LOW) {
    // (an infinity is reported as out of range too; it is stored as the infinity it is)
    if (srcBuf && H5Tget_class(src) == H5T_FLOAT) {
      size_t size = H5Tget_size(src);
      double d = 0;
      if (size == 8) {
        std::memcpy(&d, srcBuf, 8);
      } else if (size == 4) {
        float f;
        std::memcpy(&f, srcBuf, 4);
        d = f;
      }
      if (std::isinf(d)) return H5T_CONV_UNHANDLED;
    }
    static_cast<RangeFlag*>(data)->hit = true;
    return H5T_CONV_ABORT;
  }
  return H5T_CONV_UNHANDLED;
}

}  // namespace

void CheckWidenedFloats(hid_t fileType, hid_t memType, const char* buf, size_t n, const std::string& where) {
  H5Lock lock;
  if (n == 0 || !AnyFloat(fileType, HalfSize)) return;
  // The packed values are converted once more, into the file's half floats in memory, with HDF5 told to stop at
  // a value out of range (left alone, it would store infinity).
  Hid narrow = NarrowAs(memType, fileType);
  size_t wide = H5Tget_size(memType), tight = H5Tget_size(narrow);
  std::vector<char> scratch(n * std::max(wide, tight));
  std::memcpy(scratch.data(), buf, n * wide);
  std::vector<char> background(n * tight, 0);
  Hid dxpl(Check(H5Pcreate(H5P_DATASET_XFER), "cannot create a transfer list"));
  RangeFlag flag;
  CheckErr(H5Pset_type_conv_cb(dxpl, FlagRange, &flag), "cannot set the conversion check");
  herr_t r = H5Tconvert(memType, narrow, n, scratch.data(), background.data(), dxpl);
  H5Eclear2(H5E_DEFAULT);
  if (r >= 0) {
    ReclaimVlen(narrow, n, scratch.data());
    return;
  }
  // (after a stopped conversion the buffer holds a mix of converted and packed sequences: not reclaimed, a small
  // leak on this error path rather than a free of memory HDF5 did not allocate)
  if (flag.hit) FailRange(where + ": a value is out of the range of its float type (float16 holds at most 65504)");
  FailRange(where + ": the values cannot be converted to the stored float type");
}

Hid MemTypeFor(hid_t fileType) {
  H5Lock lock;
  H5T_class_t cls = H5Tget_class(fileType);
  if (cls == H5T_STRING || cls == H5T_REFERENCE || cls == H5T_OPAQUE) {
    Hid t(Check(H5Tcopy(fileType), "cannot copy datatype"));
    if (cls == H5T_STRING && H5Tis_variable_str(fileType) <= 0) {
      // fixed strings keep their size and padding
    }
    return t;
  }
  Hid mt(Check(H5Tget_native_type(fileType, H5T_DIR_ASCEND), "cannot derive the memory type"));
  // (values of half-precision and long double floats travel as JS numbers: doubles in memory)
  if (AnyFloat(mt, OddSize)) return WidenFloats(mt);
  return mt;
}

size_t TypedArrayElementSize(napi_typedarray_type kind) {
  switch (kind) {
    case napi_int8_array:
    case napi_uint8_array:
    case napi_uint8_clamped_array: return 1;
    case napi_int16_array:
    case napi_uint16_array: return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array: return 4;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array: return 8;
    default: return 0;
  }
}

char* TypedBytes(const Napi::Value& v, size_t* byteLength) {
  napi_typedarray_type kind;
  size_t length = 0;
  void* data = nullptr;
  *byteLength = 0;
  if (napi_get_typedarray_info(v.Env(), v, &kind, &length, &data, nullptr, nullptr) != napi_ok) return nullptr;
  *byteLength = length * TypedArrayElementSize(kind);
  return static_cast<char*>(data);
}

hid_t PredefinedMemType(napi_typedarray_type kind, hid_t fileType) {
  H5Lock lock;
  H5T_class_t cls = H5Tget_class(fileType);
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) return H5I_INVALID_HID;
  switch (kind) {
    case napi_int8_array: return H5T_NATIVE_INT8;
    case napi_uint8_array:
    case napi_uint8_clamped_array: return H5T_NATIVE_UINT8;
    case napi_int16_array: return H5T_NATIVE_INT16;
    case napi_uint16_array: return H5T_NATIVE_UINT16;
    case napi_int32_array: return H5T_NATIVE_INT32;
    case napi_uint32_array: return H5T_NATIVE_UINT32;
    case napi_float32_array: return H5T_NATIVE_FLOAT;
    case napi_float64_array: return H5T_NATIVE_DOUBLE;
    case napi_bigint64_array: return H5T_NATIVE_INT64;
    case napi_biguint64_array: return H5T_NATIVE_UINT64;
    default: return H5I_INVALID_HID;
  }
}

Hid MemTypeForTypedArray(napi_typedarray_type kind, hid_t fileType) {
  H5Lock lock;
  H5T_class_t cls = H5Tget_class(fileType);
  hid_t base = H5I_INVALID_HID;
  switch (kind) {
    case napi_int8_array: base = H5T_NATIVE_INT8; break;
    case napi_uint8_array:
    case napi_uint8_clamped_array: base = H5T_NATIVE_UINT8; break;
    case napi_int16_array: base = H5T_NATIVE_INT16; break;
    case napi_uint16_array: base = H5T_NATIVE_UINT16; break;
    case napi_int32_array: base = H5T_NATIVE_INT32; break;
    case napi_uint32_array: base = H5T_NATIVE_UINT32; break;
    case napi_float32_array: base = H5T_NATIVE_FLOAT; break;
    case napi_float64_array: base = H5T_NATIVE_DOUBLE; break;
    case napi_bigint64_array: base = H5T_NATIVE_INT64; break;
    case napi_biguint64_array: base = H5T_NATIVE_UINT64; break;
    default: return Hid();
  }
  if (cls == H5T_INTEGER || cls == H5T_FLOAT) return Hid(Check(H5Tcopy(base), "cannot copy type"));
  if (cls == H5T_ENUM) {
    // Enums (bool among them) travel as their integer values: use the enum's native form when the sizes
    // agree, since HDF5 converts between enums by name, never from plain integers.
    Hid native(Check(H5Tget_native_type(fileType, H5T_DIR_ASCEND), "cannot derive enum memory type"));
    if (H5Tget_size(native) == TypedArrayElementSize(kind)) return native;
    return Hid();
  }
  if (cls == H5T_REFERENCE && H5Tequal(fileType, H5T_STD_REF_OBJ) > 0 &&
      (kind == napi_biguint64_array || kind == napi_bigint64_array))
    return Hid(Check(H5Tcopy(H5T_STD_REF_OBJ), "cannot copy type"));
  if (cls == H5T_BITFIELD) {
    // Bits as the unsigned integer of their size, in the machine's byte order (h5py reads them so): HDF5
    // swaps the bytes of a big-endian bitfield on the way.
    if (H5Tget_size(fileType) == TypedArrayElementSize(kind) &&
        (kind == napi_uint8_array || kind == napi_uint8_clamped_array || kind == napi_uint16_array ||
         kind == napi_uint32_array || kind == napi_biguint64_array))
      return Hid(Check(H5Tget_native_type(fileType, H5T_DIR_ASCEND), "cannot derive the bitfield memory type"));
    return Hid();
  }
  if (cls == H5T_OPAQUE) {
    if (H5Tget_size(fileType) == TypedArrayElementSize(kind) || kind == napi_uint8_array)
      return Hid(Check(H5Tcopy(fileType), "cannot copy type"));
  }
  return Hid();
}

// n elements of type t from a JS array or TypedArray of n values (one value: a single value).
// (nameElement: an error names the element that failed, for the top-level list of values)
void PackElements(const Napi::Value& values, size_t n, hid_t t, char* out, PackArena& arena, bool nameElement = false);

namespace {

void PackOne(const Napi::Value& v, hid_t t, char* out, PackArena& arena);

double NumberOf(const Napi::Value& v) {
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? 1 : 0;
  if (v.IsBigInt()) {
    bool lossless;
    return static_cast<double>(v.As<Napi::BigInt>().Int64Value(&lossless));
  }
  FailType("expected a number");
}

// The value as JS would print it (for messages).
std::string Shown(const Napi::Value& v) {
  Napi::Value s = v.ToString();
  return s.IsString() ? s.As<Napi::String>().Utf8Value() : std::string("(value)");
}

// Integers must fit the type exactly, as for plain numeric data (lib/h5 data.ts): no wrap-around, no truncation
// of fractions, and 64-bit values given as Numbers only while they are exact (otherwise a BigInt).
template <typename T>
void PutInt(const Napi::Value& v, char* out) {
  constexpr bool kSigned = std::is_signed<T>::value;
  const std::string name = std::string(kSigned ? "int" : "uint") + std::to_string(sizeof(T) * 8);
  T x;
  if (v.IsBigInt()) {
    bool lossless = false;
    if (kSigned) {
      int64_t w = v.As<Napi::BigInt>().Int64Value(&lossless);
      if (!lossless || w < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
          w > static_cast<int64_t>(std::numeric_limits<T>::max()))
        FailRange(Shown(v) + " does not fit " + name + " exactly");
      x = static_cast<T>(w);
    } else {
      uint64_t w = v.As<Napi::BigInt>().Uint64Value(&lossless);
      if (!lossless || w > static_cast<uint64_t>(std::numeric_limits<T>::max()))
        FailRange(Shown(v) + " does not fit " + name + " exactly");
      x = static_cast<T>(w);
    }
  } else {
    double d = NumberOf(v);
    if (d != d) FailRange("NaN cannot be stored in an integer");
    if (sizeof(T) == 8 && !(std::fabs(d) <= 9007199254740991.0))
      FailRange(Shown(v) + " cannot be stored exactly as a 64-bit integer; pass a BigInt");
    if (d != std::trunc(d) || d < static_cast<double>(std::numeric_limits<T>::min()) ||
        d > static_cast<double>(std::numeric_limits<T>::max()))
      FailRange(Shown(v) + " does not fit " + name + " exactly");
    x = static_cast<T>(d);
  }
  std::memcpy(out, &x, sizeof x);
}

// Text bound for an ASCII string type must be ASCII (as lib/h5 data.ts checks top-level strings): anything else
// would be stored as UTF-8 bytes under an ASCII cset. Escaped bytes (U+DC80..U+DCFF, see DecodeString) of a
// string read from the file go back as the bytes they were.
void CheckAscii(const Napi::Value& v, const std::string& encoded) {
  bool plain = true;
  for (char c : encoded)
    if (static_cast<unsigned char>(c) > 0x7F) plain = false;
  if (plain) return;
  std::u16string w = v.As<Napi::String>().Utf16Value();
  for (char16_t c : w)
    if (c > 0x7F && !(c >= 0xDC80 && c <= 0xDCFF))
      FailRange("the type holds ASCII strings; '" + v.As<Napi::String>().Utf8Value() + "' is not ASCII");
}

// h5py's bool: an enum of a 1-byte integer with exactly FALSE = 0 and TRUE = 1.
bool IsBoolEnum(hid_t t) {
  if (H5Tget_class(t) != H5T_ENUM || H5Tget_size(t) != 1 || H5Tget_nmembers(t) != 2) return false;
  char name[8];
  for (unsigned char value = 0; value < 2; value++) {
    if (H5Tenum_nameof(t, &value, name, sizeof name) < 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    if (std::strcmp(name, value ? "TRUE" : "FALSE") != 0) return false;
  }
  return true;
}

void PackOne(const Napi::Value& v, hid_t t, char* out, PackArena& arena) {
  H5T_class_t cls = H5Tget_class(t);
  size_t size = H5Tget_size(t);
  // Values that are arrays (sequences, array-type elements) may come as a Proxy of an array.
  if ((cls == H5T_ARRAY || cls == H5T_VLEN) && !v.IsArray() && !v.IsTypedArray()) {
    Napi::Value plain = Unproxied(v);
    if (plain.IsArray()) return PackOne(plain, t, out, arena);
  }
  switch (cls) {
    case H5T_INTEGER:
    case H5T_ENUM:
    case H5T_BITFIELD: {
      bool sign = cls == H5T_INTEGER ? H5Tget_sign(t) == H5T_SGN_2 : false;
      if (cls == H5T_ENUM) {
        Hid base(H5Tget_super(t));
        sign = H5Tget_sign(base) == H5T_SGN_2;
        if (v.IsString()) {
          std::string name = v.As<Napi::String>().Utf8Value();
          if (H5Tenum_valueof(t, name.c_str(), out) < 0) {
            H5Eclear2(H5E_DEFAULT);
            FailRange("'" + name + "' is not a member of the enum");
          }
          return;
        }
        // Booleans and the numbers 0 and 1 pack as they are below; anything else bound for h5py's bool takes its
        // truthiness (as bool data at the top level, numpy's cast), stored as 0 or 1 only. (The member look-up
        // stays off the common path: it runs per value.)
        bool plain = v.IsBoolean() || (v.IsNumber() && (v.As<Napi::Number>().DoubleValue() == 0 ||
                                                        v.As<Napi::Number>().DoubleValue() == 1));
        if (!plain && IsBoolEnum(t)) {
          bool b = v.IsBigInt() ? NumberOf(v) != 0 : v.ToBoolean().Value();
          *reinterpret_cast<unsigned char*>(out) = b ? 1 : 0;
          return;
        }
      }
      switch (size) {
        case 1: sign ? PutInt<int8_t>(v, out) : PutInt<uint8_t>(v, out); break;
        case 2: sign ? PutInt<int16_t>(v, out) : PutInt<uint16_t>(v, out); break;
        case 4: sign ? PutInt<int32_t>(v, out) : PutInt<uint32_t>(v, out); break;
        case 8: sign ? PutInt<int64_t>(v, out) : PutInt<uint64_t>(v, out); break;
        default: FailRange("unsupported integer size");
      }
      return;
    }
    case H5T_FLOAT: {
      double d = NumberOf(v);
      if (size == 4) {
        // (a finite double beyond float32's range would become infinity; NaN and infinities stay what they are)
        if (std::isfinite(d) && std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max()))
          FailRange(Shown(v) + " does not fit float32: out of its range (HDF5 would store infinity)");
        float f = static_cast<float>(d);
        std::memcpy(out, &f, 4);
      } else if (size == 8) {
        std::memcpy(out, &d, 8);
      } else {
        FailRange("unsupported float size for values");
      }
      return;
    }
    case H5T_STRING: {
      if (!v.IsString()) FailType("expected a string");
      std::string s = EncodeString(v);
      if (H5Tget_cset(t) == H5T_CSET_ASCII) CheckAscii(v, s);
      // Variable-length and null-terminated strings end at the first NUL: refuse one rather than store a cut
      // string (as h5py). Null-padded fixed-length strings keep NULs inside (they read back so), not at the end.
      bool vlen = H5Tis_variable_str(t) > 0;
      size_t nul = s.find('\0');
      if (nul != std::string::npos) {
        std::string shown = "'" + s.substr(0, nul) + "\\0...'";
        if (vlen || H5Tget_strpad(t) != H5T_STR_NULLPAD)
          FailRange("variable-length and null-terminated strings cannot hold NUL characters: " + shown);
        if (s.back() == '\0')
          FailRange("a null-padded string cannot end with NUL characters (they read back as padding): " + shown);
      }
      if (vlen) {
        arena.strings.push_back(std::move(s));
        const char* p = arena.strings.back().c_str();
        std::memcpy(out, &p, sizeof p);
      } else {
        if (s.size() > size) FailRange("string '" + s + "' is longer than the fixed length " + std::to_string(size));
        char fill = H5Tget_strpad(t) == H5T_STR_SPACEPAD ? ' ' : '\0';
        std::memset(out, fill, size);
        std::memcpy(out, s.data(), s.size());
      }
      return;
    }
    case H5T_REFERENCE: {
      if (H5Tequal(t, H5T_STD_REF_OBJ) > 0) {
        uint64_t addr = 0;
        if (v.IsBigInt()) {
          bool lossless;
          addr = v.As<Napi::BigInt>().Uint64Value(&lossless);
        } else if (v.IsNull() || v.IsUndefined()) {
          addr = 0;
        } else {
          FailType("expected an object reference");
        }
        std::memcpy(out, &addr, sizeof addr);
        return;
      }
      if (!v.IsBuffer() || v.As<Napi::Buffer<char>>().Length() != size) FailType("expected a region reference");
      std::memcpy(out, v.As<Napi::Buffer<char>>().Data(), size);
      return;
    }
    case H5T_COMPOUND: {
      if (!v.IsObject()) FailType("expected an object for a compound value");
      int n = H5Tget_nmembers(t);
      auto obj = v.As<Napi::Object>();
      for (int i = 0; i < n; i++) {
        char* name = H5Tget_member_name(t, static_cast<unsigned>(i));
        std::string nm = name ? name : "";
        H5free_memory(name);
        Hid mt(H5Tget_member_type(t, static_cast<unsigned>(i)));
        size_t off = H5Tget_member_offset(t, static_cast<unsigned>(i));
        Napi::Value fv = obj.Get(nm);
        if (fv.IsUndefined()) FailType("compound value lacks field '" + nm + "'");
        try {
          PackOne(fv, mt, out + off, arena);
        } catch (H5Exception& e) {
          e.failure.message = "field '" + nm + "': " + e.failure.message;
          throw;
        }
      }
      return;
    }
    case H5T_ARRAY: {
      Hid base(H5Tget_super(t));
      size_t bs = H5Tget_size(base);
      size_t count = bs ? size / bs : 0;
      int r = H5Tget_array_ndims(t);
      if (r > 1 && v.IsArray()) {
        std::vector<hsize_t> dims(static_cast<size_t>(r));
        H5Tget_array_dims2(t, dims.data());
        // Nested as reads give them ([[a, b, c], [d, e, f]] for dims [2, 3]), or flat in C order.
        uint32_t top = v.As<Napi::Array>().Length();
        if (top == dims[0] && top != count) {
          Napi::Array flat = Napi::Array::New(v.Env());
          uint32_t at = 0;
          FlattenNested(v, dims, 0, flat, at);
          PackElements(flat, count, base, out, arena);
          return;
        }
      }
      PackElements(v, count, base, out, arena);
      return;
    }
    case H5T_VLEN: {
      Hid base(H5Tget_super(t));
      size_t bs = H5Tget_size(base);
      if (!v.IsArray() && !v.IsTypedArray()) FailType("expected an array for a variable-length value");
      size_t count = v.IsArray() ? v.As<Napi::Array>().Length() : v.As<Napi::TypedArray>().ElementLength();
      arena.blobs.emplace_back(count * bs + 1);
      char* data = arena.blobs.back().data();
      PackElements(v, count, base, data, arena);
      hvl_t h{count, count ? data : nullptr};
      std::memcpy(out, &h, sizeof h);
      return;
    }
    case H5T_OPAQUE: {
      if (!v.IsBuffer() && !v.IsTypedArray()) FailType("expected a Buffer for an opaque value");
      size_t nbytes;
      const char* bytes = TypedBytes(v, &nbytes);
      if (nbytes != size) FailRange("opaque value has the wrong size");
      std::memcpy(out, bytes, size);
      return;
    }
    default: FailType("values of this datatype class cannot be written");
  }
}

}  // namespace

void PackValues(const Napi::Value& values, size_t n, hid_t t, char* out, PackArena& arena) {
  H5Lock lock;
  // One value, for a type whose values are themselves sequences, arrays or bytes: a TypedArray is that value (a
  // sequence of one element is still a sequence), and so is a JS array unless it is a list holding the one value.
  if (n == 1 && (values.IsTypedArray() || values.IsArray())) {
    H5T_class_t cls = H5Tget_class(t);
    if (cls == H5T_VLEN || cls == H5T_ARRAY || cls == H5T_OPAQUE) {
      bool whole = values.IsTypedArray();
      if (!whole) {
        auto arr = values.As<Napi::Array>();
        Napi::Value first = arr.Length() == 1 ? Unproxied(arr.Get(0u)) : Napi::Value();
        whole = arr.Length() != 1 || !(first.IsArray() || first.IsTypedArray());
      }
      if (whole) {
        PackOne(values, t, out, arena);
        return;
      }
    }
  }
  // (the element that failed named, as data.ts names it for plain numeric data; not for a single value)
  PackElements(values, n, t, out, arena, n > 1);
}

void PackValuesFor(const std::string& where, const Napi::Value& values, size_t n, hid_t memType, char* out,
                   PackArena& arena) {
  try {
    PackValues(values, n, memType, out, arena);
  } catch (H5Exception& e) {
    e.failure.message = where + ": " + e.failure.message;
    throw;
  }
}

void PackElements(const Napi::Value& values, size_t n, hid_t t, char* out, PackArena& arena, bool nameElement) {
  size_t size = H5Tget_size(t);
  if (values.IsArray()) {
    auto arr = values.As<Napi::Array>();
    if (arr.Length() != n)
      FailRange("expected " + std::to_string(n) + " values, got " + std::to_string(arr.Length()));
    uint32_t i = 0;
    try {
      for (; i < n; i++) PackOne(arr.Get(i), t, out + i * size, arena);
    } catch (H5Exception& e) {
      if (nameElement) e.failure.message = "element " + std::to_string(i) + ": " + e.failure.message;
      throw;
    }
    return;
  }
  if (values.IsTypedArray()) {
    auto ta = values.As<Napi::TypedArray>();
    if (ta.ElementLength() != n) FailRange("expected " + std::to_string(n) + " values");
    Napi::Env env = values.Env();
    for (uint32_t i = 0; i < n; i++) {
      Napi::Value x = ta.As<Napi::Object>().Get(i);
      PackOne(x, t, out + i * size, arena);
    }
    (void)env;
    return;
  }
  if (n != 1) FailRange("expected an array of " + std::to_string(n) + " values");
  PackOne(values, t, out, arena);
}

Napi::Value UnpackOne(Napi::Env env, hid_t t, const char* in) {
  H5T_class_t cls = H5Tget_class(t);
  size_t size = H5Tget_size(t);
  switch (cls) {
    case H5T_INTEGER:
    case H5T_ENUM:
    case H5T_BITFIELD: {
      // Bitfields read as unsigned integers of their size (as h5py has them).
      bool sign = false;
      if (cls == H5T_ENUM) {
        Hid base(H5Tget_super(t));
        sign = H5Tget_sign(base) == H5T_SGN_2;
      } else if (cls == H5T_INTEGER) {
        sign = H5Tget_sign(t) == H5T_SGN_2;
      }
      switch (size) {
        case 1: return Napi::Number::New(env, sign ? *reinterpret_cast<const int8_t*>(in) : *reinterpret_cast<const uint8_t*>(in));
        case 2: {
          int16_t a; uint16_t b;
          std::memcpy(&a, in, 2); std::memcpy(&b, in, 2);
          return Napi::Number::New(env, sign ? a : b);
        }
        case 4: {
          int32_t a; uint32_t b;
          std::memcpy(&a, in, 4); std::memcpy(&b, in, 4);
          return Napi::Number::New(env, sign ? static_cast<double>(a) : static_cast<double>(b));
        }
        case 8: {
          int64_t a; uint64_t b;
          std::memcpy(&a, in, 8); std::memcpy(&b, in, 8);
          return sign ? Napi::BigInt::New(env, a) : Napi::BigInt::New(env, b);
        }
      }
      break;
    }
    case H5T_FLOAT: {
      if (size == 4) {
        float f; std::memcpy(&f, in, 4);
        return Napi::Number::New(env, f);
      }
      if (size == 8) {
        double d; std::memcpy(&d, in, 8);
        return Napi::Number::New(env, d);
      }
      break;
    }
    case H5T_STRING: {
      if (H5Tis_variable_str(t) > 0) {
        const char* p;
        std::memcpy(&p, in, sizeof p);
        return p ? DecodeString(env, p, std::strlen(p)) : Napi::String::New(env, "");
      }
      // A null-terminated string ends at its first NUL (what follows may be left-over bytes); null-padded
      // and space-padded ones lose only the padding at the end, as h5py reads them.
      size_t len = size;
      H5T_str_t pad = H5Tget_strpad(t);
      if (pad == H5T_STR_NULLTERM) {
        const void* z = std::memchr(in, 0, size);
        if (z) len = static_cast<size_t>(static_cast<const char*>(z) - in);
      } else {
        char padding = pad == H5T_STR_SPACEPAD ? ' ' : '\0';
        while (len > 0 && in[len - 1] == padding) len--;
      }
      return DecodeString(env, in, len);
    }
    case H5T_REFERENCE: {
      if (H5Tequal(t, H5T_STD_REF_OBJ) > 0) {
        uint64_t a; std::memcpy(&a, in, 8);
        return Napi::BigInt::New(env, a);
      }
      return Napi::Buffer<char>::Copy(env, in, size);
    }
    case H5T_COMPOUND: {
      Napi::Object o = Napi::Object::New(env);
      int n = H5Tget_nmembers(t);
      for (int i = 0; i < n; i++) {
        char* name = H5Tget_member_name(t, static_cast<unsigned>(i));
        Hid mt(H5Tget_member_type(t, static_cast<unsigned>(i)));
        size_t off = H5Tget_member_offset(t, static_cast<unsigned>(i));
        o.Set(name ? name : "", UnpackOne(env, mt, in + off));
        H5free_memory(name);
      }
      return o;
    }
    case H5T_ARRAY: {
      Hid base(H5Tget_super(t));
      size_t bs = H5Tget_size(base);
      int r = H5Tget_array_ndims(t);
      if (r <= 1) return UnpackValues(env, base, in, bs ? size / bs : 0);
      // Several dimensions read as nested arrays, as h5py's sub-arrays: [[a, b, c], [d, e, f]] for dims [2, 3].
      std::vector<hsize_t> dims(static_cast<size_t>(r));
      H5Tget_array_dims2(t, dims.data());
      return UnpackNested(env, base, bs, dims, 0, in);
    }
    case H5T_VLEN: {
      Hid base(H5Tget_super(t));
      hvl_t h;
      std::memcpy(&h, in, sizeof h);
      return UnpackValues(env, base, static_cast<const char*>(h.p), h.len);
    }
    default: break;
  }
  return Napi::Buffer<char>::Copy(env, in, size);
}

Napi::Array UnpackValues(Napi::Env env, hid_t t, const char* in, size_t n) {
  H5Lock lock;
  size_t size = H5Tget_size(t);
  Napi::Array a = Napi::Array::New(env, n);
  for (size_t i = 0; i < n; i++) a.Set(static_cast<uint32_t>(i), UnpackOne(env, t, in + i * size));
  return a;
}

Napi::Array UnpackNested(Napi::Env env, hid_t base, size_t bs, const std::vector<hsize_t>& dims, size_t k,
                         const char* in) {
  if (k + 1 == dims.size()) return UnpackValues(env, base, in, dims[k]);
  size_t inner = bs;
  for (size_t j = k + 1; j < dims.size(); j++) inner *= dims[j];
  Napi::Array a = Napi::Array::New(env, dims[k]);
  for (hsize_t i = 0; i < dims[k]; i++) a.Set(static_cast<uint32_t>(i), UnpackNested(env, base, bs, dims, k + 1, in + i * inner));
  return a;
}

bool IsStdRef(hid_t t) {
#if H5NWB_HDF5_112
  if (H5Tget_class(t) != H5T_REFERENCE) return false;
  bool old = H5Tequal(t, H5T_STD_REF_OBJ) > 0 || H5Tequal(t, H5T_STD_REF_DSETREG) > 0;
  H5Eclear2(H5E_DEFAULT);
  return !old;
#else
  (void)t;
  return false;  // (HDF5 1.10 has the old references only; it cannot open a file of the new ones at all)
#endif
}

bool HasStdRef(hid_t t) {
  H5Lock lock;
  switch (H5Tget_class(t)) {
    case H5T_REFERENCE: return IsStdRef(t);
    case H5T_COMPOUND: {
      int n = H5Tget_nmembers(t);
      for (int i = 0; i < n; i++) {
        Hid m(H5Tget_member_type(t, static_cast<unsigned>(i)));
        if (m.valid() && HasStdRef(m.get())) return true;
      }
      return false;
    }
    case H5T_ARRAY:
    case H5T_VLEN: {
      Hid b(H5Tget_super(t));
      return b.valid() && HasStdRef(b.get());
    }
    default: return false;
  }
}

void RefuseStdRef(hid_t t, const std::string& doing, const std::string& file, const std::string& path) {
  if (!HasStdRef(t)) return;
  FailCode("ERR_H5_TYPE_CONVERSION",
           "cannot " + doing + ": it holds HDF5 1.12 references (H5T_STD_REF), which h5nwb does not read or "
               "write yet (h5py 3.7 with HDF5 1.10 cannot open them either); references of the older kind "
               "(dtype 'ref', as h5py writes) are read and written",
           file, path);
}

bool TypeHasVlen(hid_t t) {
  H5Lock lock;
  htri_t a = H5Tdetect_class(t, H5T_VLEN);
  htri_t b = H5Tis_variable_str(t);
  bool vlenStr = false;
  if (H5Tget_class(t) == H5T_COMPOUND || H5Tget_class(t) == H5T_ARRAY) {
    // H5Tdetect_class finds vlen strings inside compounds as H5T_STRING only; check members.
    if (H5Tget_class(t) == H5T_COMPOUND) {
      int n = H5Tget_nmembers(t);
      for (int i = 0; i < n && !vlenStr; i++) {
        Hid mt(H5Tget_member_type(t, static_cast<unsigned>(i)));
        vlenStr = TypeHasVlen(mt);
      }
    } else {
      Hid base(H5Tget_super(t));
      vlenStr = TypeHasVlen(base);
    }
  }
  H5Eclear2(H5E_DEFAULT);
  return a > 0 || b > 0 || vlenStr;
}

void ReclaimVlen(hid_t memType, size_t n, void* buf) {
  if (n == 0 || !TypeHasVlen(memType)) return;
  H5Lock lock;
  hsize_t dims[1] = {n};
  Hid space(H5Screate_simple(1, dims, nullptr));
#if H5NWB_HDF5_112
  H5Treclaim(memType, space, H5P_DEFAULT, buf);
#else
  H5Dvlen_reclaim(memType, space, H5P_DEFAULT, buf);
#endif
  H5Eclear2(H5E_DEFAULT);
}

}  // namespace h5nwb
