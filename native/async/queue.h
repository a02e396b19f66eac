// The I/O thread: one thread of the addon's own runs every queued HDF5 operation of the process, in the order
// queued, for the main thread and every worker thread alike (HDF5 runs one call at a time under the global lock,
// so more threads would only wait for each other).
//
// Why not the libuv pool: on the VMs this runs on, waking a sleeping thread costs 20-40 µs, and a pool
// operation needs two wake-ups (the pool thread, then the event loop), 40-70 µs against the 30-300 µs that
// a 768 KB read or write takes. So both sides poll briefly (giving the core to any other thread that wants it
// after the first µs, so that they also work on one core) instead of sleeping at once: the I/O thread keeps
// looking for the next operation for a short while after each one, and while operations of an environment are
// in flight its event loop polls for their completion (a libuv idle handle: the loop keeps turning, timers and
// I/O run as usual) for up to the poll budget since the last submission or completion, then sleeps as usual.
// A budget of 0 turns both off. A JS thread waiting in place for a short operation that the I/O thread, kept off
// the CPU, has not started runs it itself (queue.cc, TakeBack).
#pragma once
#include <napi.h>

namespace h5nwb {

// One queued operation. Created and completed on its environment's JS thread; Execute runs on the I/O thread.
class IoJob {
 public:
  virtual ~IoJob() = default;
  // On the I/O thread. Must not throw and must not touch JS.
  virtual void Execute() = 0;
  // On the JS thread, inside a callback scope (promise reactions run when the scope closes).
  virtual void Complete(Napi::Env env) = 0;
  // On the JS thread, under the HDF5 lock: whether the operation is short and bounded enough that its JS thread
  // may run it itself when the I/O thread is kept off the CPU (see queue.cc, TakeBack).
  virtual bool Short() { return false; }

 private:
  friend struct EnvQueue;
  friend void Submit(Napi::Env env, IoJob* job);
  friend void IoThreadMain();
  friend bool TakeBack(struct EnvQueue* e);
  struct EnvQueue* owner_ = nullptr;
};

// Queues job (taking ownership) to run on the I/O thread; Complete runs later on env's thread, then the job is
// deleted. If the environment shuts down first, the job still runs to the end and is then deleted without
// Complete.
void Submit(Napi::Env env, IoJob* job);

// The poll budget in microseconds (default 1000; 0 = never poll).
void SetPollMicros(int micros);
int PollMicros();

// How many queued operations a JS thread took back and ran itself (queue.cc, TakeBack), in this process.
uint64_t TakenBackCount();
// For tests: the I/O thread stays awake and starts nothing for `millis` ms (0 ends it), as when it waits for a
// core; returns once it is holding. Operations queued meanwhile run when it ends, or are taken back.
void HoldIoThreadForTest(int millis);

}  // namespace h5nwb
