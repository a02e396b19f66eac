// Move-only owner of a transient HDF5 identifier (types, dataspaces, property lists) used inside one call.
#pragma once
#include <hdf5.h>

#include "lock.h"

namespace h5nwb {

class Hid {
 public:
  Hid() : id_(H5I_INVALID_HID) {}
  explicit Hid(hid_t id) : id_(id) {}
  Hid(Hid&& o) noexcept : id_(o.id_) { o.id_ = H5I_INVALID_HID; }
  Hid& operator=(Hid&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = o.id_;
      o.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() { reset(); }
  void reset(hid_t id = H5I_INVALID_HID) {
    if (id_ >= 0) {
      H5Lock lock;
      H5Idec_ref(id_);
    }
    id_ = id;
  }
  hid_t release() {
    hid_t r = id_;
    id_ = H5I_INVALID_HID;
    return r;
  }
  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
};

}  // namespace h5nwb
