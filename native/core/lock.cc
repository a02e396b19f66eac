#include "lock.h"

#include <hdf5.h>

namespace h5nwb {

std::recursive_mutex& Hdf5Mutex() {
  static std::recursive_mutex m;
  return m;
}

void QuietThisThread() {
  thread_local bool quiet = false;
  if (!quiet) {
    H5Lock lock;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    quiet = true;
  }
}

}  // namespace h5nwb
