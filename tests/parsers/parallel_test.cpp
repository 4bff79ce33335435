// parsers/parallel.h: a loop or a task group finishes all of its work, or throws -- even when an
// enclosing TBB algorithm is being cancelled around it. TBB's default (bound) contexts would
// cancel the nested work silently and return as if it had finished: a batch then recorded an
// input analysed in part as done (scale.interrupt, 2026-12-05).
#include "parsers/parallel.h"

#include <gtest/gtest.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace mapsleuth::parallel {
namespace {

using std::chrono::microseconds;

// Runs `nested` as item 1 of a two-item tbb::parallel_for whose item 0 throws once `nested` has
// started (or after 2 s, should both items land on one thread), cancelling the outer loop.
template <class Nested>
void inside_a_cancelled_loop(std::atomic<bool>& started, Nested nested) {
  EXPECT_THROW(
      tbb::parallel_for(tbb::blocked_range<int>(0, 2, 1),
                        [&](const tbb::blocked_range<int>& r) {
                          for (int i = r.begin(); i != r.end(); ++i) {
                            if (i == 1) {
                              nested();
                              continue;
                            }
                            const auto give_up =
                                std::chrono::steady_clock::now() + std::chrono::seconds(2);
                            while (!started && std::chrono::steady_clock::now() < give_up) {
                              std::this_thread::yield();
                            }
                            throw std::runtime_error("outer item failed");
                          }
                        }),
      std::runtime_error);
}

TEST(ParallelFor, RunsEveryChunkWhileAnEnclosingLoopIsCancelled) {
  constexpr size_t kChunks = 2000;
  std::atomic<bool> started{false};
  std::atomic<size_t> covered{0};
  inside_a_cancelled_loop(started, [&] {
    parallel_for(Range(0, kChunks, 1), [&](const Range& r) {
      started = true;
      std::this_thread::sleep_for(microseconds(100));
      covered += r.size();
    });
  });
  EXPECT_EQ(covered.load(), kChunks);
}

TEST(TaskGroup, RunsEveryTaskWhileAnEnclosingLoopIsCancelled) {
  constexpr int kTasks = 200;
  std::atomic<bool> started{false};
  std::atomic<int> ran{0};
  inside_a_cancelled_loop(started, [&] {
    TaskGroup group;
    for (int t = 0; t < kTasks; ++t) {
      group.run([&] {
        started = true;
        std::this_thread::sleep_for(microseconds(500));
        ++ran;
      });
    }
    group.wait();
  });
  EXPECT_EQ(ran.load(), kTasks);
}

TEST(TaskGroup, WaitRethrowsATasksException) {
  TaskGroup group;
  group.run([] {});
  group.run([] { throw std::runtime_error("task failed"); });
  EXPECT_THROW(group.wait(), std::runtime_error);
  group.wait();  // the exception is reported once
}

}  // namespace
}  // namespace mapsleuth::parallel
