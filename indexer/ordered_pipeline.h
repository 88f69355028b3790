// Parallel work whose results are consumed in order: the analysis of corpus
// files runs on all cores while one writer adds them in corpus order, so the
// database is the same whatever the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace wadi {

// Calls produce(state, i) for every i in [0, count) on `threads` worker
// threads, each with its own state from make_state(), and consume(i, result)
// on the calling thread in increasing i. At most `window` results wait to be
// consumed, which bounds memory: they live in a ring of `window` slots,
// whatever `count` is. When stop() becomes true, no new work starts
// and consumption ends at the first result not yet consumed. Returns how many
// results were consumed. An exception thrown by produce or consume is
// rethrown on the calling thread after the workers have finished.
template <class Result, class MakeState, class Produce, class Consume, class Stop>
std::size_t run_ordered(std::size_t count, unsigned threads, std::size_t window, MakeState make_state,
                        Produce produce, Consume consume, Stop stop) {
  window = std::max<std::size_t>(1, std::min(window, count));
  // Result i lives in slot i % window: a worker takes i only once i - window
  // has been consumed, so its slot is free.
  std::vector<std::optional<Result>> slots(window);
  auto slot = [&](std::size_t i) -> std::optional<Result>& { return slots[i % window]; };
  std::mutex mutex;
  std::condition_variable ready, room;
  std::size_t next = 0, consumed = 0;
  std::exception_ptr failure;
  bool quit = false;

  auto worker = [&] {
    try {
      auto state = make_state();
      for (;;) {
        std::size_t i;
        {
          std::unique_lock lock(mutex);
          room.wait(lock, [&] { return quit || next >= count || next < consumed + window; });
          if (quit || next >= count || stop()) return;
          i = next++;
        }
        Result result = produce(state, i);
        {
          std::lock_guard lock(mutex);
          slot(i) = std::move(result);
        }
        ready.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      quit = true;
      ready.notify_all();
      room.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < std::max(1u, threads); ++t) pool.emplace_back(worker);
  try {
    while (consumed < count) {
      std::optional<Result> result;
      {
        std::unique_lock lock(mutex);
        ready.wait_for(lock, std::chrono::milliseconds(100),
                       [&] { return quit || slot(consumed).has_value(); });
        if (quit) break;
        if (!slot(consumed)) {
          if (stop() && next <= consumed) break;
          continue;
        }
        result = std::move(slot(consumed));
        slot(consumed).reset();
      }
      consume(consumed, std::move(*result));
      {
        std::lock_guard lock(mutex);
        ++consumed;
      }
      room.notify_all();
      if (stop()) {
        // Let workers finish what they hold, but consume nothing more.
        std::lock_guard lock(mutex);
        quit = true;
        room.notify_all();
        break;
      }
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    quit = true;
    room.notify_all();
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return consumed;
}

}  // namespace wadi
