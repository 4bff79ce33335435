// The parallel primitives of the pipeline (DESIGN section 3): tbb::parallel_for over a blocked
// range and tbb::task_group, except in ThreadSanitizer builds.
//
// TSan cannot see the synchronisation inside the uninstrumented libtbb (Debian's build), so every
// task hand-off looks like a race and TBB's own partitioner is reported before any of our code
// (google/sanitizers#1004; oneTBB#1290). Under TSan the same bodies therefore run on plain
// std::threads that take chunks of `grainsize` from an atomic cursor: every hand-off is then a
// pthread_create/join or an atomic TSan sees, and what it reports is a race in our bodies -- the
// thing the TSan pass is for. Same contract either way: body(range) for disjoint sub-ranges that
// cover the whole range, in any order and on any thread; the first exception thrown by a body is
// rethrown on the caller once every worker has stopped, and no new chunk starts after it.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <cstddef>
#include <exception>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#define MAPSLEUTH_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MAPSLEUTH_TSAN 1
#endif
#endif

#ifdef MAPSLEUTH_TSAN
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace mapsleuth::parallel {

using Range = tbb::blocked_range<size_t>;

template <class Body>
void parallel_for(const Range& range, const Body& body) {
#ifndef MAPSLEUTH_TSAN
  // An isolated context: when an enclosing algorithm is cancelled (a batch whose other input threw
  // Interrupted), TBB would otherwise cancel this loop too and return as if it had finished, and
  // the caller would take a partial result for a whole one (scale.interrupt caught a batch
  // recording such an input). Isolated, the loop runs every chunk or throws.
  tbb::task_group_context own(tbb::task_group_context::isolated);
  tbb::parallel_for(range, body, tbb::auto_partitioner(), own);
#else
  const size_t grain = std::max<size_t>(range.grainsize(), 1);
  const size_t chunks = (range.size() + grain - 1) / grain;
  const size_t threads = std::min<size_t>(
      chunks, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  if (threads <= 1) {
    if (!range.empty()) body(range);
    return;
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first;
  std::mutex first_mutex;
  auto work = [&] {
    for (;;) {
      const size_t k = next.fetch_add(1);
      if (k >= chunks || failed.load()) return;
      const size_t b = range.begin() + k * grain;
      try {
        body(Range(b, std::min(range.end(), b + grain), grain));
      } catch (...) {
        std::lock_guard<std::mutex> lock(first_mutex);
        if (!failed.exchange(true)) first = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (first) std::rethrow_exception(first);
#endif
}

/// Tasks that run beside the caller's own work (tbb::task_group; one std::thread per task under
/// TSan, for the reason above). wait() returns once every task has finished, or rethrows the first
/// exception one threw (tasks not started by then may be skipped, as in parallel_for); the
/// destructor waits too (and drops that exception), so what the tasks read may be released right
/// after the group. Its context is isolated, as parallel_for's: an
/// enclosing cancellation never drops a task silently. Not thread-safe itself: one owner runs and
/// waits.
class TaskGroup {
 public:
  TaskGroup() = default;
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;
  ~TaskGroup() {
    try {
      wait();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the owner did not ask for the outcome
    }
  }

  template <class F>
  void run(F&& task) {
#ifndef MAPSLEUTH_TSAN
    group_.run(std::forward<F>(task));
#else
    threads_.emplace_back([this, task = std::forward<F>(task)]() mutable {
      try {
        task();
      } catch (...) {
        std::lock_guard<std::mutex> lock(first_mutex_);
        if (!first_) first_ = std::current_exception();
      }
    });
#endif
  }

  void wait() {
#ifndef MAPSLEUTH_TSAN
    group_.wait();
#else
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    if (first_) std::rethrow_exception(std::exchange(first_, nullptr));
#endif
  }

 private:
#ifndef MAPSLEUTH_TSAN
  tbb::task_group_context context_{tbb::task_group_context::isolated};
  tbb::task_group group_{context_};
#else
  std::vector<std::thread> threads_;
  std::mutex first_mutex_;
  std::exception_ptr first_;
#endif
};

}  // namespace mapsleuth::parallel
