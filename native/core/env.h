// Per-environment state (main thread and each worker thread have their own).
#pragma once
#include "common.h"

namespace h5nwb {

struct FileState;

struct EnvData {
  Napi::FunctionReference errorClass;
  std::vector<std::weak_ptr<FileState>> files;  // every file opened in this environment
};

EnvData& GetEnvData(Napi::Env env);

}  // namespace h5nwb
