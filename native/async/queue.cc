#include "queue.h"

#include <sched.h>
#include <uv.h>
#if defined(__linux__)
#include <pthread.h>
#endif

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "../core/env.h"
#include "../core/lock.h"

namespace h5nwb {

namespace {

std::atomic<int> g_pollMicros{1000};
// The I/O thread looks for its next operation for at most this long (the JS side needs a few µs to tens of µs
// from a completion to the next submission; longer spinning would only burn the core).
constexpr int kIoSpinCapMicros = 250;
// While an operation is in flight, the event loop's idle callback waits for it in place for at most this long
// (pausing, and yielding the core as below) before letting the loop turn: a loop turn is a burst of system calls
// and runtime work on the other core, and on VMs it slowed the I/O thread's copies by 10-15 % (W3's 768 KB
// reads), while waiting in place did not. Timers and I/O are delayed by at most this much.
constexpr uint64_t kLoopSpinNanos = 50 * 1000;
// Either side, once it has waited this long (1 µs), gives its core away on every pass of its wait (sched_yield:
// it returns at once when nothing else wants the core). When the two threads share one core (a one-core
// container, or the other core busy with V8's compiler or GC or another process), a side that only pauses holds
// the core the other needs until the scheduler's tick takes it away, up to 1 ms per operation: W3's 768 KB reads
// ran at 1.2 GB/s on one core that way and at 9-10 GB/s yielding. (Yielding only when the other side last ran on
// the same core measured no better.)
constexpr uint64_t kYieldAfterNanos = 1000;
// A JS thread waiting in place for its operation takes it back from the queue and runs it itself (TakeBack)
// when the I/O thread, awake, has not started it within this long (it starts a queued operation within a µs or
// two while it runs). That happens when the machine's cores are all busy, as when V8 compiles the awaiting code
// on a two-core machine: the I/O thread waits for a core for up to a scheduler slice (1-4 ms measured), while the
// JS thread is on one and would only wait.
constexpr uint64_t kTakeBackNanos = 5 * 1000;

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#else
  std::this_thread::yield();
#endif
}

// One pass of a wait: pauses while `pending` holds, then, after kYieldAfterNanos, lets anything else waiting for
// this core run. Returns the time.
template <class Pending>
inline uint64_t WaitPass(Pending pending, uint64_t yieldAt) {
  for (int i = 0; i < 64 && pending(); i++) CpuRelax();
  uint64_t now = uv_hrtime();
  if (now >= yieldAt && pending()) sched_yield();
  return now;
}

// libuv's mutex and condition variable (Node exports them), not the C++ library's: std::condition_variable::wait
// would tie the prebuilt addon to a newer libstdc++ than Node itself needs.
class UvLock {
 public:
  explicit UvLock(uv_mutex_t* m) : m_(m) { uv_mutex_lock(m_); }
  ~UvLock() { uv_mutex_unlock(m_); }
  UvLock(const UvLock&) = delete;
  UvLock& operator=(const UvLock&) = delete;

 private:
  uv_mutex_t* m_;
};

struct IoThread {
  IoThread() {
    uv_mutex_init(&m);
    uv_cond_init(&cv);
  }
  uv_mutex_t m;
  uv_cond_t cv;
  std::deque<IoJob*> q;
  std::atomic<size_t> size{0};
  bool sleeping = false;
  uv_once_t started = UV_ONCE_INIT;
  std::atomic<bool> running{false};  // set once the thread has been started (a cheaper check than uv_once)
  std::atomic<bool> executing{false};  // set (under m) when the thread takes an operation, cleared when done
  std::atomic<uint64_t> takenBack{0};
  std::atomic<uint64_t> holdUntil{0};  // HoldIoThreadForTest: uv_hrtime() until which it starts nothing
  std::atomic<bool> holding{false};
  uv_thread_t thread;
  int startError = 0;
  // Counts the passes of the thread's wait for its next operation: unchanged since a take-back, the thread has
  // not run since (TakeBack's caller then takes the next operation back at once). On a cache line of its own,
  // the last member: the thread writes it while the JS thread prepares the next submission, which reads the
  // fields above.
  alignas(64) std::atomic<uint64_t> beat{0};
};

// Never destroyed: the thread is detached and may still be waiting on it while static objects are destroyed.
IoThread& Io() {
  static IoThread* t = new IoThread();
  return *t;
}

}  // namespace

// Per environment (main thread, each worker thread): the completions handed back by the I/O thread and the
// libuv handles that deliver them.
struct EnvQueue {
  EnvQueue() {
    uv_mutex_init(&m);
    uv_cond_init(&cv);
  }
  ~EnvQueue() {
    uv_cond_destroy(&cv);
    uv_mutex_destroy(&m);
  }
  napi_env env = nullptr;
  uv_async_t async;  // wakes the JS thread when completions are waiting
  uv_idle_t idle;    // while started, the event loop polls instead of sleeping
  uv_mutex_t m;
  uv_cond_t cv;
  std::vector<IoJob*> done;  // guarded by m
  std::vector<IoJob*> draining;  // JS thread only: the operations Drain is settling (emptied after)
  std::atomic<int> ready{0};  // done.size(), readable without the lock (the idle handle's cheap check)
  int outstanding = 0;       // guarded by m: submitted and not yet handed back
  // Guarded by m: the JS thread is polling and looks at `done` on every loop turn, so the I/O thread need not
  // wake it through the async handle (a write to an eventfd, and the loop's read of it: a few µs per operation).
  bool watching = false;
  int inflight = 0;          // JS thread only: submitted and not yet completed
  bool polling = false;      // JS thread only
  uint64_t pollFrom = 0;     // JS thread only: last submission or completion (uv_hrtime)
  uint64_t beatAtTakeBack = ~uint64_t{0};  // JS thread only: the I/O thread's beat at this thread's last take-back
  napi_ref resource = nullptr;
  napi_async_context context = nullptr;
  napi_async_cleanup_hook_handle hook = nullptr;
  int openHandles = 2;
};

namespace {

// Hands a finished operation back to its environment (on the thread that ran it). Under the environment's lock:
// its shutdown waits for outstanding == 0 and then closes the async handle, which must not happen while
// uv_async_send is still using it.
void HandBack(IoJob* job, EnvQueue* e) {
  UvLock l(&e->m);
  e->done.push_back(job);
  e->ready.store(static_cast<int>(e->done.size()), std::memory_order_release);
  if (!e->watching) uv_async_send(&e->async);
  if (--e->outstanding == 0) uv_cond_broadcast(&e->cv);
}

}  // namespace

void IoThreadMain() {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), "h5nwb-io");
#endif
  QuietThisThread();
  IoThread& t = Io();
  for (;;) {
    if (t.holdUntil.load(std::memory_order_relaxed) != 0) {
      t.holding.store(true, std::memory_order_release);
      while (uv_hrtime() < t.holdUntil.load(std::memory_order_relaxed)) sched_yield();
      t.holdUntil.store(0, std::memory_order_relaxed);
      t.holding.store(false, std::memory_order_release);
    }
    int spin = std::min(g_pollMicros.load(std::memory_order_relaxed), kIoSpinCapMicros);
    if (spin > 0 && t.size.load(std::memory_order_acquire) == 0) {
      uint64_t now = uv_hrtime();
      uint64_t until = now + static_cast<uint64_t>(spin) * 1000;
      uint64_t yieldAt = now + kYieldAfterNanos;
      auto empty = [&t] { return t.size.load(std::memory_order_relaxed) == 0; };
      while (t.size.load(std::memory_order_acquire) == 0) {
        t.beat.store(t.beat.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        if (WaitPass(empty, yieldAt) >= until) break;
      }
    }
    IoJob* job;
    {
      UvLock l(&t.m);
      while (t.q.empty() && t.holdUntil.load(std::memory_order_relaxed) == 0) {
        t.sleeping = true;
        uv_cond_wait(&t.cv, &t.m);
        t.sleeping = false;
      }
      if (t.holdUntil.load(std::memory_order_relaxed) != 0) continue;  // (a test asked it to hold)
      job = t.q.front();
      t.q.pop_front();
      t.size.fetch_sub(1, std::memory_order_release);
      t.executing.store(true, std::memory_order_relaxed);
    }
    job->Execute();
    t.executing.store(false, std::memory_order_release);
    HandBack(job, job->owner_);
  }
}

// On e's JS thread, waiting in place for its operations: runs the operation at the head of the queue here when
// it is e's, the I/O thread is awake but not running anything (so it is waiting for a core: a sleeping thread is
// left to wake, so that bulk work stays off the event loop), the HDF5 lock is free at once (a worker thread's
// call may hold it for long) and the operation is short (IoJob::Short). Order is kept: only the head is taken,
// and only while nothing runs. Returns whether it ran one (then handed back: e->ready > 0).
bool TakeBack(EnvQueue* e) {
  IoThread& t = Io();
  if (t.size.load(std::memory_order_acquire) == 0 || t.executing.load(std::memory_order_acquire)) return false;
  std::unique_lock<std::recursive_mutex> h5(Hdf5Mutex(), std::try_to_lock);
  if (!h5.owns_lock()) return false;
  IoJob* job;
  {
    UvLock l(&t.m);
    if (t.q.empty() || t.sleeping || t.executing.load(std::memory_order_relaxed)) return false;
    job = t.q.front();
    if (job->owner_ != e) return false;
  }
  // The job stays alive meanwhile: only this thread deletes e's jobs. If the I/O thread takes it now, its
  // Execute waits for the HDF5 lock held here, so Short reads nothing that changes.
  if (!job->Short()) return false;
  {
    UvLock l(&t.m);
    if (t.q.empty() || t.q.front() != job || t.sleeping || t.executing.load(std::memory_order_relaxed)) return false;
    t.q.pop_front();
    t.size.fetch_sub(1, std::memory_order_release);
  }
  job->Execute();
  h5.unlock();
  t.takenBack.fetch_add(1, std::memory_order_relaxed);
  e->beatAtTakeBack = t.beat.load(std::memory_order_relaxed);
  HandBack(job, e);
  return true;
}

namespace {

// Settles the operations the I/O thread handed back (from the async handle or from the polling idle handle).
void Drain(EnvQueue* e) {
  // The two vectors trade places, so neither side allocates per operation.
  std::vector<IoJob*>& jobs = e->draining;
  {
    UvLock l(&e->m);
    jobs.swap(e->done);
    e->ready.store(0, std::memory_order_relaxed);
  }
  if (jobs.empty()) return;
  napi_env env = e->env;
  Napi::HandleScope scope(env);
  napi_value resource;
  napi_callback_scope cb = nullptr;
  bool scoped = napi_get_reference_value(env, e->resource, &resource) == napi_ok &&
                napi_open_callback_scope(env, resource, e->context, &cb) == napi_ok;
  for (IoJob* j : jobs) {
    e->inflight--;
    try {
      j->Complete(Napi::Env(env));
    } catch (...) {
      // Complete settles its promise itself; nothing may escape into libuv.
    }
    delete j;
  }
  jobs.clear();
  if (e->inflight == 0) uv_unref(reinterpret_cast<uv_handle_t*>(&e->async));
  e->pollFrom = uv_hrtime();
  // Closing the scope runs the promise reactions (and process.nextTick callbacks), which may submit more.
  if (scoped) napi_close_callback_scope(env, cb);
}

// Every loop turn while polling: settles what is done, and stops polling when nothing is in flight or the
// budget since the last submission or completion is spent (from then on the async handle wakes the loop).
void OnIdle(uv_idle_t* h) {
  auto* e = static_cast<EnvQueue*>(h->data);
  uint64_t budget = static_cast<uint64_t>(g_pollMicros.load(std::memory_order_relaxed)) * 1000;
  if (e->inflight > 0 && e->ready.load(std::memory_order_acquire) == 0) {
    uint64_t now = uv_hrtime();
    uint64_t until = std::min(e->pollFrom + budget, now + kLoopSpinNanos);
    uint64_t yieldAt = now + kYieldAfterNanos;
    // Right after a take-back, while the I/O thread has still not run, its next operation is taken back at once.
    uint64_t takeAt = Io().beat.load(std::memory_order_relaxed) == e->beatAtTakeBack ? now : now + kTakeBackNanos;
    auto waiting = [e] { return e->ready.load(std::memory_order_relaxed) == 0; };
    while (e->ready.load(std::memory_order_acquire) == 0) {
      now = WaitPass(waiting, yieldAt);
      if ((now >= takeAt && TakeBack(e)) || now >= until) break;
    }
  }
  if (e->ready.load(std::memory_order_acquire) > 0) Drain(e);
  if (e->polling && (e->inflight == 0 || uv_hrtime() - e->pollFrom > budget)) {
    uv_idle_stop(h);
    e->polling = false;
    bool missed;
    {
      UvLock l(&e->m);
      e->watching = false;
      missed = !e->done.empty();
    }
    // Handed back after the check above, while the I/O thread still saw us watching: no wake-up was sent.
    if (missed) Drain(e);
  }
}

void OnAsync(uv_async_t* h) { Drain(static_cast<EnvQueue*>(h->data)); }

void OnClosed(uv_handle_t* h) {
  auto* e = static_cast<EnvQueue*>(h->data);
  if (--e->openHandles == 0) {
    napi_remove_async_cleanup_hook(e->hook);
    delete e;
  }
}

// Environment shutdown: let the operations already handed to the I/O thread finish (they may be writing
// data), drop their completions (no JS can run any more), then close the handles.
void OnCleanup(napi_async_cleanup_hook_handle, void* arg) {
  auto* e = static_cast<EnvQueue*>(arg);
  {
    UvLock l(&e->m);
    while (e->outstanding != 0) uv_cond_wait(&e->cv, &e->m);
  }
  for (IoJob* j : e->done) delete j;
  e->done.clear();
  GetEnvData(Napi::Env(e->env)).queue = nullptr;
  if (e->polling) uv_idle_stop(&e->idle);
  napi_async_destroy(e->env, e->context);
  napi_delete_reference(e->env, e->resource);
  uv_close(reinterpret_cast<uv_handle_t*>(&e->async), OnClosed);
  uv_close(reinterpret_cast<uv_handle_t*>(&e->idle), OnClosed);
}

void RunIoThread(void*) { IoThreadMain(); }

// The thread is never joined: it sleeps when idle and ends with the process.
void StartIoThread() {
  IoThread& t = Io();
  t.startError = uv_thread_create(&t.thread, RunIoThread, nullptr);
  t.running.store(true, std::memory_order_release);
}

EnvQueue* QueueOf(Napi::Env env) {
  EnvData& d = GetEnvData(env);
  if (d.queue) return d.queue;
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop)
    throw Napi::Error::New(env, "h5nwb: no event loop for asynchronous operations");
  auto* e = new EnvQueue();
  e->env = env;
  uv_async_init(loop, &e->async, OnAsync);
  e->async.data = e;
  uv_unref(reinterpret_cast<uv_handle_t*>(&e->async));  // referenced only while operations are in flight
  uv_idle_init(loop, &e->idle);
  e->idle.data = e;
  uv_unref(reinterpret_cast<uv_handle_t*>(&e->idle));  // polling never keeps the process alive by itself
  Napi::Object resource = Napi::Object::New(env);
  napi_create_reference(env, resource, 1, &e->resource);
  napi_async_init(env, resource, Napi::String::New(env, "h5nwb"), &e->context);
  napi_add_async_cleanup_hook(env, OnCleanup, e, &e->hook);
  d.queue = e;
  return e;
}

}  // namespace

void Submit(Napi::Env env, IoJob* job) {
  IoThread& t = Io();
  if (!t.running.load(std::memory_order_acquire)) uv_once(&t.started, StartIoThread);
  EnvQueue* e;
  try {
    if (t.startError != 0)
      throw Napi::Error::New(env, std::string("h5nwb: cannot start the I/O thread: ") + uv_strerror(t.startError));
    e = QueueOf(env);
  } catch (...) {
    delete job;
    throw;
  }
  job->owner_ = e;
  if (e->inflight++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(&e->async));
  bool poll = g_pollMicros.load(std::memory_order_relaxed) > 0;
  {
    UvLock l(&e->m);
    e->outstanding++;
    if (poll) e->watching = true;
  }
  if (poll) {
    e->pollFrom = uv_hrtime();
    if (!e->polling) {
      uv_idle_start(&e->idle, OnIdle);
      e->polling = true;
    }
  }
  bool wake;
  {
    UvLock l(&t.m);
    t.q.push_back(job);
    t.size.fetch_add(1, std::memory_order_release);
    wake = t.sleeping;
  }
  if (wake) uv_cond_signal(&t.cv);
}

uint64_t TakenBackCount() { return Io().takenBack.load(std::memory_order_relaxed); }

void HoldIoThreadForTest(int millis) {
  IoThread& t = Io();
  if (!t.running.load(std::memory_order_acquire)) uv_once(&t.started, StartIoThread);
  if (t.startError != 0) return;
  if (millis <= 0) {
    // In the past: a hold under way ends at its next check.
    if (t.holdUntil.load(std::memory_order_relaxed) != 0) t.holdUntil.store(1, std::memory_order_relaxed);
    return;
  }
  t.holdUntil.store(uv_hrtime() + static_cast<uint64_t>(millis) * 1000000, std::memory_order_relaxed);
  {
    UvLock l(&t.m);
    if (t.sleeping) uv_cond_signal(&t.cv);
  }
  while (!t.holding.load(std::memory_order_acquire)) sched_yield();
}

void SetPollMicros(int micros) { g_pollMicros.store(std::max(0, micros), std::memory_order_relaxed); }
int PollMicros() { return g_pollMicros.load(std::memory_order_relaxed); }

}  // namespace h5nwb
