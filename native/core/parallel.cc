#include "core/parallel.h"

#include <algorithm>

namespace psnode::core {
namespace {

// Below this many processes per thread, starting a thread costs about as
// much as it saves.
constexpr std::size_t kMinProcessesPerThread = 64;
// Reading /proc scales with cores until the kernel's shared locks and
// counters dominate; more than four threads gained nothing in measurements.
constexpr unsigned kMaxThreads = 4;

}  // namespace

unsigned ThreadCount(std::size_t processes) {
  unsigned cores = std::thread::hardware_concurrency();
  unsigned threads = std::min(cores == 0 ? 1u : cores, kMaxThreads);
  std::size_t by_size = processes / kMinProcessesPerThread;
  if (by_size < threads) threads = static_cast<unsigned>(std::max<std::size_t>(by_size, 1));
  return threads;
}

}  // namespace psnode::core
