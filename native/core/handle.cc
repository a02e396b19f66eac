#include "handle.h"

#include <algorithm>

#include "env.h"
#include "errors.h"
#include "lock.h"

namespace h5nwb {

namespace {
// Distinguishes our Externals from any other External a caller might pass.
const napi_type_tag kHandleTag = {0x6e05f5a3c1d24b7aULL, 0x9e1b40f2d3c8a517ULL};
}  // namespace

EnvData& GetEnvData(Napi::Env env) {
  EnvData* d = env.GetInstanceData<EnvData>();
  if (!d) {
    d = new EnvData();
    env.SetInstanceData<EnvData>(d);
  }
  return *d;
}

void FileState::CloseAll() {
  H5Lock lock;
  for (Handle* h : children) {
    if (h->open()) H5Idec_ref(h->id());
    h->Invalidate();
  }
  children.clear();
  if (fid >= 0) {
    H5Idec_ref(fid);
    fid = H5I_INVALID_HID;
  }
  H5Eclear2(H5E_DEFAULT);
}

FileState::~FileState() {
  H5Lock lock;
  CloseAll();
  if (lapl >= 0) H5Pclose(lapl);
  H5Eclear2(H5E_DEFAULT);
}

hid_t LaplOf(Handle* h) {
  if (h && h->file() && h->file()->lapl >= 0) return h->file()->lapl;
  return H5P_DEFAULT;
}

Handle::Handle(hid_t id, std::shared_ptr<FileState> file, bool isFile)
    : id_(id), file_(std::move(file)), isFile_(isFile) {
  if (!isFile_ && file_) file_->children.insert(this);
}

Handle::~Handle() {
  H5Lock lock;
  Close();
  if (cachedMemType >= 0) {
    H5Tclose(cachedMemType);
    cachedMemType = H5I_INVALID_HID;
  }
}

void Handle::Close() {
  H5Lock lock;
  if (isFile_) {
    if (file_) file_->CloseAll();
    id_ = H5I_INVALID_HID;
    return;
  }
  if (id_ >= 0) {
    H5Idec_ref(id_);
    H5Eclear2(H5E_DEFAULT);
    id_ = H5I_INVALID_HID;
  }
  if (file_) file_->children.erase(this);
}

Napi::Value WrapHandle(Napi::Env env, hid_t id, std::shared_ptr<FileState> file, const std::string& path) {
  H5I_type_t t;
  {
    H5Lock lock;
    t = H5Iget_type(id);
  }
  if (t == H5I_BADID) {
    FailCode("ERR_H5", "internal: wrapping an invalid HDF5 identifier");
  }
  auto* h = new Handle(id, std::move(file), t == H5I_FILE);
  h->type = t;
  h->path = path;
  auto ext = Napi::External<Handle>::New(env, h, [](Napi::Env, Handle* p) { delete p; });
  ext.TypeTag(&kHandleTag);
  return ext;
}

Napi::Value WrapFile(Napi::Env env, hid_t fid, const std::string& name) {
  auto state = std::make_shared<FileState>();
  state->fid = fid;
  state->name = name;
  auto& files = GetEnvData(env).files;
  // Drop entries of files that are gone, so the list does not grow without bound.
  files.erase(std::remove_if(files.begin(), files.end(), [](const std::weak_ptr<FileState>& w) { return w.expired(); }),
              files.end());
  files.push_back(state);
  return WrapHandle(env, fid, state, "/");
}

Handle* TryUnwrap(const Napi::Value& v) {
  if (!v.IsExternal()) return nullptr;
  auto ext = v.As<Napi::External<Handle>>();
  if (!ext.CheckTypeTag(&kHandleTag)) return nullptr;
  return ext.Data();
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
