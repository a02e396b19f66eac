#include "errors.h"

#include "dtype.h"

#include <cstring>

#include "env.h"
#include "lock.h"
#include "plist.h"

namespace h5nwb {

namespace {

herr_t WalkCb(unsigned, const H5E_error2_t* e, void* data) {
  auto* frames = static_cast<std::vector<ErrorFrame>*>(data);
  ErrorFrame f;
  char buf[256];
  if (H5Eget_msg(e->maj_num, nullptr, buf, sizeof buf) > 0) f.major = buf;
  if (H5Eget_msg(e->min_num, nullptr, buf, sizeof buf) > 0) f.minor = buf;
  f.func = e->func_name ? e->func_name : "";
  f.file = e->file_name ? e->file_name : "";
  f.line = e->line;
  f.desc = e->desc ? e->desc : "";
  frames->push_back(std::move(f));
  return 0;
}

bool Contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

// Picks a stable code from the frames: the most specific recognisable cause wins.
std::string CodeFor(const std::vector<ErrorFrame>& frames) {
  for (const auto& f : frames) {
    const std::string& d = f.desc;
    if (Contains(d, "errno = 21,") || Contains(d, "Is a directory")) return "ERR_H5_IS_DIRECTORY";
  }
  for (const auto& f : frames) {
    const std::string& d = f.desc;
    if (Contains(d, "truncated file")) return "ERR_H5_TRUNCATED";
    // A file cut inside its superblock: the signature is there but the rest of the superblock is not.
    if (Contains(d, "superblock prefix") || Contains(d, "unable to load superblock") ||
        Contains(d, "unable to read superblock") || Contains(d, "driver info block"))
      return "ERR_H5_TRUNCATED";
    if (Contains(d, "file signature not found")) return "ERR_H5_NOT_HDF5";
    if (Contains(d, "family member size")) return "ERR_H5_FAMILY_MEMBER_SIZE";
    if (Contains(d, "memb_size") || Contains(d, "member size")) return "ERR_H5_FAMILY_MEMBER_SIZE";
  }
  // A cycle of links (soft or external) ends in "too many links" deep inside the external-link frames, so it is
  // looked for before those frames make it a broken link.
  for (const auto& f : frames) {
    const std::string& d = f.desc;
    if (Contains(d, "too many links") || Contains(d, "Too many soft links")) return "ERR_H5_LINK_CYCLE";
  }
  for (const auto& f : frames) {
    const std::string& d = f.desc;
    if (Contains(d, "unable to open external file") || Contains(d, "unable to open file via external link") ||
        (Contains(f.major, "Links") && Contains(d, "external")))
      return "ERR_H5_BROKEN_LINK";
  }
  // A write refused by the operating system (disk full, an I/O error, a file gone from under its descriptor).
  for (const auto& f : frames) {
    const std::string& d = f.desc;
    if (Contains(d, "file write failed") || Contains(d, "write request failed") || Contains(d, "errno = 28,") ||
        Contains(d, "No space left on device"))
      return "ERR_H5_WRITE_FAILED";
  }
  for (const auto& f : frames) {
    const std::string& d = f.desc;
    if (Contains(d, "errno = 2,") || Contains(d, "No such file or directory")) return "ERR_H5_FILE_NOT_FOUND";
    // ("file exists": an exclusive create of a file that this process has open)
    if (Contains(d, "errno = 17,") || Contains(d, "File exists") || d == "file exists") return "ERR_H5_FILE_EXISTS";
    if (Contains(d, "unable to lock file") || Contains(d, "file is already open") ||
        Contains(d, "unable to truncate a file which is already open") ||
        Contains(d, "errno = 11,"))
      return "ERR_H5_FILE_LOCKED";
    if (Contains(d, "no write intent")) return "ERR_H5_READ_ONLY";
    // (the minor alone is no proof: libhdf5's H5L_get_info reports a name that is not there with the minor
    // "Object already exists" and the description "name doesn't exist", for getLink('.') say)
    if (Contains(d, "already exists") ||
        (Contains(f.minor, "Object already exists") && !Contains(d, "doesn't exist") && !Contains(d, "does not exist")))
      return "ERR_H5_EXISTS";
    if (Contains(d, "conversion path") || Contains(f.minor, "Can't convert")) return "ERR_H5_TYPE_CONVERSION";
    if (Contains(d, "exceed the existing maximal size") || Contains(d, "maximum dimension") ||
        Contains(d, "dimension cannot exceed"))
      return "ERR_H5_EXTENT";
    if (Contains(d, "different number of elements") || Contains(d, "selection + offset not within extent"))
      return "ERR_H5_SHAPE";
    if (Contains(d, "filter") && (Contains(d, "not registered") || Contains(d, "not available")))
      return "ERR_H5_FILTER";
  }
  for (const auto& f : frames) {
    // Creating an object runs its constructor inside a path traversal, so any failure to build it (external
    // files too small for the data, say) is wrapped in a "not found" frame of the traversal: not the cause.
    if (Contains(f.desc, "path traversal failed") || Contains(f.desc, "traversal operator failed")) continue;
    if (Contains(f.minor, "Object not found") || Contains(f.desc, "doesn't exist") ||
        Contains(f.desc, "does not exist") || Contains(f.desc, "not found"))
      return "ERR_H5_NOT_FOUND";
  }
  return "ERR_H5";
}

// A filter that is not registered is first looked for as a plugin: the frames of that search ("can't open
// directory (/usr/local/hdf5/lib/plugin)") come innermost, below the one that says what is missing ("required
// filter 'lzf' is not registered"), and would be taken for the root cause. They are dropped.
void DropPluginSearch(std::vector<ErrorFrame>& frames) {
  size_t k = 0;
  while (k < frames.size() && Contains(frames[k].major, "dynamically loaded")) k++;
  if (k == 0 || k == frames.size()) return;
  const std::string& d = frames[k].desc;
  if (Contains(d, "filter") && (Contains(d, "not registered") || Contains(d, "not available")))
    frames.erase(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(k));
}

}  // namespace

void CaptureStack(H5Failure& f) {
  H5Lock lock;
  hid_t stack = H5Eget_current_stack();  // also clears the thread's stack
  if (stack >= 0) {
    H5Ewalk2(stack, H5E_WALK_UPWARD, WalkCb, &f.frames);
    H5Eclose_stack(stack);
  }
  DropPluginSearch(f.frames);
  if (f.code.empty()) f.code = CodeFor(f.frames);
}

std::string FileNameOf(hid_t loc) {
  if (loc < 0) return "";
  H5Lock lock;
  ssize_t n = H5Fget_name(loc, nullptr, 0);
  if (n <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return "";
  }
  std::string s(static_cast<size_t>(n) + 1, '\0');
  H5Fget_name(loc, &s[0], s.size());
  s.resize(static_cast<size_t>(n));
  return s;
}

std::string ObjectNameOf(hid_t loc) {
  if (loc < 0) return "";
  H5Lock lock;
  ssize_t n = H5Iget_name(loc, nullptr, 0);
  if (n <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return "";
  }
  std::string s(static_cast<size_t>(n) + 1, '\0');
  H5Iget_name(loc, &s[0], s.size());
  s.resize(static_cast<size_t>(n));
  return s;
}

H5Failure MakeFailure(const std::string& message, hid_t loc, const std::string& path) {
  H5Failure f;
  f.message = message;
  CaptureStack(f);  // first: the name look-ups below must not disturb the stack
  std::string refusal = TakeLinkRefusal();
  if (!refusal.empty()) {
    f.code = "ERR_H5_LINK_REFUSED";
    f.message += ": " + refusal;
  }
  f.file = FileNameOf(loc);
  if (!path.empty()) {
    f.path = path;
  } else {
    f.path = ObjectNameOf(loc);
  }
  return f;
}

void Fail(const std::string& message, hid_t loc, const std::string& path) {
  throw H5Exception{MakeFailure(message, loc, path)};
}

void FailCode(const std::string& code, const std::string& message, const std::string& file,
              const std::string& path) {
  H5Failure f;
  f.code = code;
  f.message = message;
  f.file = file;
  f.path = path;
  throw H5Exception{f};
}

void FailType(const std::string& message) {
  H5Failure f;
  f.code = "ERR_INVALID_ARG_TYPE";
  f.message = message;
  f.isTypeError = true;
  throw H5Exception{f};
}

void FailRange(const std::string& message) {
  H5Failure f;
  f.code = "ERR_OUT_OF_RANGE";
  f.message = message;
  f.isRangeError = true;
  throw H5Exception{f};
}

H5Failure OutOfMemory(const std::string& what) {
  H5Failure f;
  f.code = "ERR_OUT_OF_MEMORY";
  f.message = what.empty()
                  ? "not enough memory for this call (the data asked for is larger than the process can allocate)"
                  : "not enough memory for " + what + " (larger than the process can allocate)";
  f.isRangeError = true;
  return f;
}

void SetErrorClass(Napi::Env env, Napi::Function ctor) {
  GetEnvData(env).errorClass = Napi::Persistent(ctor);
}

Napi::Error ToJsError(Napi::Env env, const H5Failure& f) {
  if (f.isTypeError) {
    auto e = Napi::TypeError::New(env, f.message);
    e.Set("code", f.code);
    return e;
  }
  if (f.isRangeError) {
    auto e = Napi::RangeError::New(env, f.message);
    e.Set("code", f.code);
    return e;
  }
  Napi::Array frames = Napi::Array::New(env, f.frames.size());
  for (size_t i = 0; i < f.frames.size(); i++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("major", f.frames[i].major);
    o.Set("minor", f.frames[i].minor);
    o.Set("func", f.frames[i].func);
    o.Set("desc", f.frames[i].desc);
    o.Set("source", f.frames[i].file + ":" + std::to_string(f.frames[i].line));
    frames.Set(static_cast<uint32_t>(i), o);
  }
  Napi::Object details = Napi::Object::New(env);
  details.Set("code", f.code);
  // (as names are read: bytes that are not UTF-8 escaped, so error.path equals the name the caller holds)
  details.Set("file", f.file.empty() ? env.Null() : Napi::Value(DecodeString(env, f.file.data(), f.file.size())));
  details.Set("path", f.path.empty() ? env.Null() : Napi::Value(DecodeString(env, f.path.data(), f.path.size())));
  details.Set("frames", frames);
  if (!f.frames.empty()) {
    // The innermost frame is the root cause; the outermost is the API call.
    details.Set("major", f.frames.back().major);
    details.Set("minor", f.frames.back().minor);
  }
  EnvData& data = GetEnvData(env);
  if (!data.errorClass.IsEmpty()) {
    Napi::Object err = data.errorClass.New({Napi::String::New(env, f.message), details});
    return Napi::Error(env, err);
  }
  auto e = Napi::Error::New(env, f.message);
  e.Set("code", f.code);
  e.Set("details", details);
  return e;
}

}  // namespace h5nwb
