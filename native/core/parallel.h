// Spreads per-process work over a few threads, in blocks that threads take
// in turn from a shared counter.
#pragma once

#include <atomic>
#include <cstddef>
#include <algorithm>
#include <functional>

namespace psnode::core {

// Returns how many threads (the caller included) should read `processes`
// processes: one per core, at most four, and one for every 64 processes.
unsigned ThreadCount(std::size_t processes);

// Runs `take` on the calling thread and on threads - 1 helper threads, and
// returns when all of them have returned, with the number of helpers it
// started. With no thread to be had, the calling thread runs it alone. The
// calling thread runs `first`, if given, before its `take`, while the
// helpers start on theirs.
unsigned RunOnThreads(unsigned threads, const std::function<void()>& take,
                      const std::function<void()>& first = nullptr);

// Calls fn(block) once for each block in [0, blocks), on the calling thread
// and threads - 1 helpers, which take blocks in turn so that one meeting
// slow processes does not hold up the others. When fn returns false (a
// cancelled listing, or the end of a pid feed), every thread stops at its
// next block. The calling thread runs `first`, if given, before it takes
// blocks. Helpers inherit the caller's namespaces. Returns the number of
// helpers started, once every block is done or stopped.
template <typename Fn>
unsigned RunBlocks(std::size_t blocks, unsigned threads, const Fn& fn,
                   const std::function<void()>& first = nullptr) {
  std::atomic<std::size_t> next{0};
  std::function<void()> take = [&] {
    for (;;) {
      std::size_t block = next.fetch_add(1, std::memory_order_relaxed);
      if (block >= blocks) return;
      if (!fn(block)) {
        next.store(blocks, std::memory_order_relaxed);
        return;
      }
    }
  };
  return RunOnThreads(static_cast<unsigned>(std::min<std::size_t>(threads, blocks)), take, first);
}

}  // namespace psnode::core
