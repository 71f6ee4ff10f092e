#include "core/parallel.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace psnode::core {
namespace {

// Below this many processes per thread, starting a thread costs about as
// much as it saves.
constexpr std::size_t kMinProcessesPerThread = 64;
// Reading /proc scales with cores until the kernel's shared locks and
// counters dominate; more than four threads gained nothing in measurements.
constexpr unsigned kMaxThreads = 4;

// A helper thread's work: `take`, after it widens its CPU mask back to
// `allowed`.
struct Helper {
  const std::function<void()>* take;
  const cpu_set_t* allowed;  // null when the mask was left alone
  pthread_t thread;
};

void* RunHelper(void* arg) {
  auto* helper = static_cast<Helper*>(arg);
  // Started away from the caller's CPU; from here the scheduler may move
  // it anywhere the process may run.
  if (helper->allowed) pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), helper->allowed);
  (*helper->take)();
  return nullptr;
}

}  // namespace

unsigned RunOnThreads(unsigned threads, const std::function<void()>& take,
                      const std::function<void()>& first) {
  // Linux starts a new thread on its creator's CPU when it judges the
  // creator about to wait for it, and leaves it there until the load
  // balancer moves it. Here the creator does not wait but reads too, and
  // on a 2-vCPU VM a helper started that way began about 1.7 ms late, after
  // the creator had read nearly every block. Helpers therefore start on
  // any allowed CPU but the caller's.
  cpu_set_t allowed;
  cpu_set_t others;
  bool spread = false;
  int current = sched_getcpu();
  if (current >= 0 && sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    others = allowed;
    CPU_CLR(current, &others);
    spread = CPU_COUNT(&others) > 0;
  }
  pthread_attr_t attr;
  bool has_attr = pthread_attr_init(&attr) == 0;
  if (has_attr && spread) pthread_attr_setaffinity_np(&attr, sizeof others, &others);

  std::vector<Helper> helpers(threads > 1 ? threads - 1 : 0);
  std::size_t started = 0;
  for (Helper& helper : helpers) {
    helper.take = &take;
    helper.allowed = spread ? &allowed : nullptr;
    if (pthread_create(&helper.thread, has_attr ? &attr : nullptr, RunHelper, &helper) != 0) {
      break;  // no thread to be had: the calling thread does the rest
    }
    ++started;
  }
  if (has_attr) pthread_attr_destroy(&attr);
  if (first) first();
  take();
  for (std::size_t i = 0; i < started; ++i) pthread_join(helpers[i].thread, nullptr);
  return static_cast<unsigned>(started);
}

unsigned ThreadCount(std::size_t processes) {
  unsigned cores = std::thread::hardware_concurrency();
  unsigned threads = std::min(cores == 0 ? 1u : cores, kMaxThreads);
  std::size_t by_size = processes / kMinProcessesPerThread;
  if (by_size < threads) threads = static_cast<unsigned>(std::max<std::size_t>(by_size, 1));
  return threads;
}

}  // namespace psnode::core
