// The one global lock around every HDF5 call, taken on the JS threads and on the addon's I/O thread
// alike.
// Recursive so that a helper holding it may call another helper that takes it too.
#pragma once
#include <mutex>

namespace h5nwb {

std::recursive_mutex& Hdf5Mutex();

class H5Lock {
 public:
  H5Lock() : guard_(Hdf5Mutex()) {}
  H5Lock(const H5Lock&) = delete;
  H5Lock& operator=(const H5Lock&) = delete;

 private:
  std::lock_guard<std::recursive_mutex> guard_;
};

// Turns HDF5's automatic error printing off on the calling thread (HDF5's error stack is per thread in
// thread-safe builds). Cheap after the first call on a thread.
void QuietThisThread();

}  // namespace h5nwb
