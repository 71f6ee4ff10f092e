// Machine-wide facts from /proc, read once per listing.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>

#include "proc/mount_guard.h"

namespace psnode::proc {

// Parses the "btime" line of /proc/stat: boot time in whole seconds since
// the epoch.
bool ParseBootTime(std::string_view proc_stat, std::int64_t& out);

// Parses the first field of /proc/uptime (seconds since boot, with two
// decimals) into clock ticks, truncated as ps truncates it.
bool ParseUptimeTicks(std::string_view uptime, std::int64_t hz,
                      std::uint64_t& out);

// Parses the "MemTotal:" line of /proc/meminfo, in KiB.
bool ParseMemTotal(std::string_view meminfo, std::uint64_t& out);

// Machine-wide values that every row of one listing shares. The ones that
// cost a file read are read once, by the first thread that uses them, so
// a listing reads only the files its columns need. /proc/stat alone grows
// with the number of CPUs and interrupts.
class SystemFacts {
 public:
  // Reads the cheap facts (clock ticks, page size, the time now). Files
  // are read later from the procfs open at `proc_fd`, which must stay open
  // while the facts are used. Values that cannot be read keep their
  // defaults, and the listing prints '-' or 0 where they are needed.
  void Open(int proc_fd, const MountGuard* guard);

  std::int64_t hz() const { return hz_; }              // clock ticks per second
  long page_size() const { return page_size_; }
  std::int64_t now() const { return now_; }            // seconds since the epoch, at listing start
  std::uint64_t UptimeTicks();   // ticks since boot, at first use
  std::int64_t BootTime();       // seconds since the epoch
  std::uint64_t MemTotalKib();
  int CapLastCap();              // highest capability of the running kernel, or -1

 private:
  int proc_fd_ = -1;
  const MountGuard* guard_ = nullptr;
  std::int64_t hz_ = 100;
  long page_size_ = 4096;
  std::int64_t now_ = 0;
  std::uint64_t uptime_ticks_ = 0;
  std::int64_t boot_time_ = 0;
  std::uint64_t mem_total_kib_ = 0;
  int cap_last_cap_ = -1;
  std::once_flag uptime_once_, boot_once_, mem_once_, cap_once_;
};

}  // namespace psnode::proc
