#include "core/pid_feed.h"

#include <cerrno>
#include <dirent.h>
#include <string_view>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <thread>
#include <unistd.h>

#include "proc/numbers.h"

namespace psnode::core {
namespace {

// getdents64 buffer: about 150 entries of /proc, so the first batch is
// published soon after the call starts.
constexpr std::size_t kBatchBytes = 4096;

}  // namespace

PidFeed::PidFeed(std::size_t capacity)
    : pids_(std::make_unique<int[]>(capacity)), capacity_(capacity) {}

void PidFeed::Publish() { published_.store(filled_, std::memory_order_release); }

bool PidFeed::Fill(int dir_fd) {
  alignas(dirent64) char buffer[kBatchBytes];
  int previous = 0;
  bool ok = dir_fd >= 0;
  while (ok) {
    long got = syscall(SYS_getdents64, dir_fd, buffer, sizeof buffer);
    if (got <= 0) {
      ok = got == 0;
      break;
    }
    for (long at = 0; at < got;) {
      auto* entry = reinterpret_cast<dirent64*>(buffer + at);
      at += entry->d_reclen;
      int pid = 0;
      if (!proc::ParseDecimal(std::string_view(entry->d_name), pid) || pid <= 0) continue;
      if (pid <= previous) ascending_ = false;
      previous = pid;
      if (filled_ < capacity_) {
        pids_[filled_++] = pid;
      } else {
        overflow_.push_back(pid);
      }
    }
    Publish();
  }
  int saved = errno;
  if (dir_fd >= 0) close(dir_fd);
  Publish();
  complete_.store(true, std::memory_order_release);
  errno = saved;
  return ok;
}

std::size_t PidFeed::WaitFor(std::size_t end) const {
  for (;;) {
    // Read complete_ first: once it is set, published_ is final.
    bool complete = complete_.load(std::memory_order_acquire);
    std::size_t published = published_.load(std::memory_order_acquire);
    if (published >= end) return end;
    if (complete) return published;
    std::this_thread::yield();
  }
}

std::size_t TaskCount() {
  struct sysinfo info {};
  if (sysinfo(&info) != 0) return 4096;
  return info.procs;
}

}  // namespace psnode::core
