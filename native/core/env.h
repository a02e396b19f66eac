// Per-environment state (main thread and each worker thread have their own).
#pragma once
#include "common.h"

namespace h5nwb {

struct FileState;
struct EnvQueue;

struct EnvData {
  Napi::FunctionReference errorClass;
  std::vector<std::weak_ptr<FileState>> files;  // every file opened in this environment
  EnvQueue* queue = nullptr;                     // async completions (native/async/queue.cc), made on first use
};

EnvData& GetEnvData(Napi::Env env);

}  // namespace h5nwb
