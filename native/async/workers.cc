// The Promise-returning twins of the calls that move data. Arguments are copied (or referenced, for
// TypedArrays) on the JS thread; the work runs on the addon's I/O thread (queue.h) under the global lock; results
// are turned into JS values back on the JS thread. Every JS value the work touches is held by a reference until it is done.
#include <algorithm>

#include "../core/call.h"
#include "../core/plist.h"
#include "../objects/dataset_io.h"
#include "../objects/objects.h"
#include "queue.h"

namespace h5nwb {

namespace {

class PromiseWorker : public IoJob {
 public:
  explicit PromiseWorker(Napi::Env env) : env_(env), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  // Keeps a JS value (handle, buffer) alive until the work is done.
  void Keep(const Napi::Value& v) {
    if (v.IsObject() || v.IsExternal()) keep_.push_back(Napi::Persistent(v.As<Napi::Object>()));
  }
  void Queue() { Submit(env_, this); }

 protected:
  virtual void Work() = 0;
  virtual Napi::Value Result(Napi::Env env) { return env.Undefined(); }

  void Execute() override {
    try {
      Entry<false> entry;
      Work();
    } catch (const H5Exception& e) {
      failed_ = true;
      failure_ = e.failure;
    } catch (const std::bad_alloc&) {
      failed_ = true;
      failure_ = OutOfMemory();
    } catch (const std::exception& e) {
      failed_ = true;
      failure_.code = "ERR_H5";
      failure_.message = std::string("internal error: ") + e.what();
    }
  }
  void Complete(Napi::Env env) override {
    if (failed_) {
      deferred_.Reject(ToJsError(env, failure_).Value());
      return;
    }
    try {
      Napi::Value r;
      {
        QuietThisThread();
        r = Result(env);
      }
      deferred_.Resolve(r);
    } catch (const H5Exception& e) {
      deferred_.Reject(ToJsError(env, e.failure).Value());
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    } catch (const std::bad_alloc&) {
      deferred_.Reject(ToJsError(env, OutOfMemory()).Value());
    }
  }

 private:
  Napi::Env env_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> keep_;
  bool failed_ = false;
  H5Failure failure_;
};

// Under the lock: a read or write of at most kShortMaxBytes straight from or into a TypedArray, on a dataset
// whose I/O cannot turn into bulk work inside HDF5 (InlineEligible: no filters, no external storage, no large
// chunk read or flushed whole). Such an operation takes about as long as copying its bytes, so a JS thread may
// run it itself instead of waiting for a core for the I/O thread (queue.cc, TakeBack).
constexpr size_t kShortMaxBytes = 1 << 20;
bool ShortOp(DataOp& op) {
  return op.typed && op.bytes <= kShortMaxBytes && op.handle != nullptr && op.handle->open() &&
         InlineEligible(op.handle);
}

DataOp NewOp(const Napi::Value& handle) {
  DataOp op;
  op.handle = Unwrap(handle);
  return op;
}

class ReadWorker : public PromiseWorker {
 public:
  // No HDF5 call here (so no lock: the I/O thread may hold it for a long operation, and the event loop must not
  // wait for it); everything that needs HDF5 happens in Work.
  ReadWorker(const Napi::CallbackInfo& info) : PromiseWorker(info.Env()) {
    op_ = NewOp(info[0]);
    op_.sel = ParseSelection(info[1]);
    PrepareRead(op_, info[2]);
    Keep(info[0]);
    Keep(info[2]);
  }
  void Work() override { ExecuteRead(op_); }
  Napi::Value Result(Napi::Env env) override { return FinishRead(env, op_); }
  bool Short() override { return ShortOp(op_); }

 private:
  DataOp op_;
};

// datasetReadSlabAsync(handle, slab, n, out) -> Promise<out>: readIntoAsync's path for a plain
// { start, count } hyperslab of a dataset of rank >= 1, its numbers passed as for datasetReadSlab. The numbers
// are read here; the checks datasetReadSlab makes (rank, bounds, the array's size) run in Work, against the
// extent at that time, and reject the promise with a RangeError. The promise resolves to out itself.
class SlabReadWorker : public PromiseWorker {
 public:
  SlabReadWorker(const Napi::CallbackInfo& info) : PromiseWorker(info.Env()) {
    op_ = NewOp(info[0]);
    PrepareRead(op_, info[3]);
    if (!op_.typed) FailType("readInto needs a TypedArray");
    uint32_t n = info[2].As<Napi::Number>().Uint32Value();
    hsize_t start[H5S_MAX_RANK], count[H5S_MAX_RANK];
    ReadSlabNumbers(info.Env(), info[1], n, start, count);  // (checks n too)
    op_.sel.start.assign(start, start + n);
    op_.sel.count.assign(count, count + n);
    op_.sel.kind = Selection::kHyperslab;
    Keep(info[0]);
    out_ = Napi::Persistent(info[3].As<Napi::Object>());
  }
  void Work() override {
    CheckSlabLocked(op_);
    ExecuteRead(op_);
  }
  Napi::Value Result(Napi::Env) override { return out_.Value(); }
  bool Short() override { return ShortOp(op_); }

 private:
  DataOp op_;
  Napi::ObjectReference out_;
};

class WriteWorker : public PromiseWorker {
 public:
  // Takes the HDF5 lock only to pack values that are not a TypedArray (PrepareWrite).
  WriteWorker(const Napi::CallbackInfo& info, bool append) : PromiseWorker(info.Env()), append_(append) {
    op_ = NewOp(info[0]);
    if (append) {
      AppendArgs(info, op_);
      PrepareWrite(op_, info[1]);
      Keep(info[1]);
    } else {
      op_.sel = ParseSelection(info[1]);
      PrepareWrite(op_, info[2]);
      Keep(info[2]);
    }
    Keep(info[0]);
  }
  void Work() override {
    if (append_)
      ExecuteAppend(op_);
    else
      ExecuteWrite(op_);
  }
  Napi::Value Result(Napi::Env env) override {
    return append_ ? Napi::Value(Napi::Number::New(env, static_cast<double>(op_.newLength))) : env.Undefined();
  }
  bool Short() override { return ShortOp(op_); }

 private:
  DataOp op_;
  bool append_;
};

class FlushWorker : public PromiseWorker {
 public:
  FlushWorker(const Napi::CallbackInfo& info) : PromiseWorker(info.Env()) {
    handle_ = Unwrap(info[0]);
    Keep(info[0]);
  }
  void Work() override {
    if (!handle_->open()) FailCode("ERR_H5_CLOSED", "the file is closed", FileOf(handle_));
    CheckErr(H5Fflush(handle_->id(), H5F_SCOPE_GLOBAL), "cannot flush file", handle_->id());
  }

 private:
  Handle* handle_;
};

class CloseWorker : public PromiseWorker {
 public:
  CloseWorker(const Napi::CallbackInfo& info) : PromiseWorker(info.Env()) {
    handle_ = TryUnwrap(info[0]);
    if (!handle_) FailType("expected an HDF5 object handle");
    Keep(info[0]);
  }
  void Work() override {
    H5Failure why;
    if (!handle_->Close(&why)) throw H5Exception{why};
  }

 private:
  Handle* handle_;
};

// fileOpenAsync(path, writable, accessOptions) / fileCreateAsync(path, exclusive, accessOptions, creationOptions)
class OpenWorker : public PromiseWorker {
 public:
  OpenWorker(const Napi::CallbackInfo& info, bool create) : PromiseWorker(info.Env()), create_(create) {
    H5Lock lock;
    path_ = StrArg(info, 0, "path");
    flag_ = info[1].ToBoolean();
    fapl_ = MakeFapl(info[2]);
    if (create) fcpl_ = MakeFcpl(info[3]);
    if (create && !flag_) probes_ = LockProbes(info[2]);
    swmr_ = Opt(info[2], "swmr").ToBoolean();
    opts_ = Napi::Persistent(info[2].IsObject() ? info[2].As<Napi::Object>() : Napi::Object::New(info.Env()));
  }
  void Work() override {
    if (create_) {
      ProbeLocks(probes_, path_);
      fid_ = H5Fcreate(path_.c_str(), flag_ ? H5F_ACC_EXCL : H5F_ACC_TRUNC, fcpl_, fapl_);
    } else {
      unsigned flags = flag_ ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
      if (swmr_) flags |= flag_ ? H5F_ACC_SWMR_WRITE : H5F_ACC_SWMR_READ;
      fid_ = H5Fopen(path_.c_str(), flags, fapl_);
    }
    if (fid_ < 0) {
      H5Failure f = MakeFailure((create_ ? "cannot create file '" : "cannot open file '") + path_ + "'");
      f.file = path_;
      f.path = "";
      throw H5Exception{f};
    }
  }
  Napi::Value Result(Napi::Env env) override {
    H5Lock lock;
    hid_t fid = fid_;
    fid_ = H5I_INVALID_HID;  // the handle owns it now
    Napi::Value v = WrapFile(env, fid, path_);
    ConfigureLinkAccess(*TryUnwrap(v)->file(), opts_.Value());
    return v;
  }
  // A file opened but never handed to JavaScript (its environment was torn down first: a worker thread stopped,
  // the process exiting) is closed here, which flushes it.
  ~OpenWorker() override {
    if (fid_ >= 0) {
      H5Lock lock;
      CloseFileId(fid_);
      H5Eclear2(H5E_DEFAULT);
    }
  }

 private:
  bool create_;
  std::string path_;
  bool flag_ = false, swmr_ = false;
  std::vector<std::string> probes_;
  Hid fapl_, fcpl_;
  hid_t fid_ = H5I_INVALID_HID;
  Napi::ObjectReference opts_;
};

// objCopyAsync(srcLoc, srcName, dstLoc, dstName, options)
class CopyWorker : public PromiseWorker {
 public:
  CopyWorker(const Napi::CallbackInfo& info) : PromiseWorker(info.Env()) {
    src_ = Unwrap(info[0]);
    sname_ = StrArg(info, 1, "source name");
    dst_ = Unwrap(info[2]);
    dname_ = StrArg(info, 3, "destination name");
    flags_ = CopyFlags(info[4]);
    Keep(info[0]);
    Keep(info[2]);
  }
  void Work() override {
    if (!src_->open() || !dst_->open()) FailCode("ERR_H5_CLOSED", "a file of the copy was closed");
    DoCopy(src_->id(), sname_, LaplOf(src_), dst_->id(), dname_, flags_, FileOf(src_), FileOf(dst_));
  }

 private:
  Handle *src_, *dst_;
  std::string sname_, dname_;
  unsigned flags_;
};

Napi::Value Rejected(Napi::Env env, const Napi::Value& error) {
  auto d = Napi::Promise::Deferred::New(env);
  d.Reject(error);
  return d.Promise();
}

// Every async call returns a promise and never throws: bad arguments, and a queue that cannot start, reject it
// (so lib/h5 can start an operation without a try block on its hot path).
template <typename W, typename... A>
Napi::Value Start(const Napi::CallbackInfo& info, A... args) {
  QuietThisThread();
  Napi::Env env = info.Env();
  W* w;
  try {
    w = new W(info, args...);
  } catch (const H5Exception& e) {
    return Rejected(env, ToJsError(env, e.failure).Value());
  } catch (const Napi::Error& e) {
    return Rejected(env, e.Value());
  }
  Napi::Promise p = w->Promise();
  try {
    w->Queue();  // (deletes w when it throws)
  } catch (const Napi::Error& e) {
    return Rejected(env, e.Value());
  }
  return p;
}


}  // namespace

void InitAsync(Napi::Env env, Napi::Object exports) {
  exports.Set("datasetReadAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<ReadWorker>(i); }));
  exports.Set("datasetReadSlabAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<SlabReadWorker>(i); }));
  exports.Set("datasetWriteAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<WriteWorker>(i, false); }));
  exports.Set("datasetAppendAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<WriteWorker>(i, true); }));
  exports.Set("fileFlushAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<FlushWorker>(i); }));
  exports.Set("closeAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<CloseWorker>(i); }));
  exports.Set("fileOpenAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<OpenWorker>(i, false); }));
  exports.Set("fileCreateAsync",
              Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<OpenWorker>(i, true); }));
  // asyncPollMicros(micros?) -> the poll budget in effect (after setting it, when a number is given). The API
  // (asyncPolling in lib/index.ts) allows up to 1 s; up to 10 minutes are accepted here for tests that hold the
  // I/O thread and must keep polling through any stall of the event loop.
  exports.Set("asyncPollMicros", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
                if (i.Length() > 0 && !i[0].IsUndefined()) {
                  if (!i[0].IsNumber()) throw Napi::TypeError::New(i.Env(), "the poll budget must be a number");
                  double v = i[0].As<Napi::Number>().DoubleValue();
                  if (!(v >= 0) || v > 6e8) throw Napi::RangeError::New(i.Env(), "the poll budget must be 0 to 600000000 µs");
                  SetPollMicros(static_cast<int>(v));
                }
                return Napi::Number::New(i.Env(), PollMicros());
              }));
  // asyncTakenBack() -> operations a JS thread ran itself instead of the I/O thread (queue.cc), for tests
  exports.Set("asyncTakenBack", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
                return Napi::Number::New(i.Env(), static_cast<double>(TakenBackCount()));
              }));
  // asyncHoldIoThread(ms) -> undefined: for tests, the I/O thread stays awake and starts nothing for ms (0 ends it)
  exports.Set("asyncHoldIoThread", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
                double ms = i[0].IsNumber() ? i[0].As<Napi::Number>().DoubleValue() : 0;
                HoldIoThreadForTest(ms > 0 ? static_cast<int>(std::min(ms, 60000.0)) : 0);
                return i.Env().Undefined();
              }));
  exports.Set("objCopyAsync", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Start<CopyWorker>(i); }));
}

}  // namespace h5nwb
