// Machine-wide facts from /proc, read once per listing.
#pragma once

#include <cstdint>
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

// Machine-wide values that every row of one listing shares.
struct SystemFacts {
  std::int64_t hz = 100;              // clock ticks per second
  std::int64_t boot_time = 0;         // seconds since the epoch
  std::uint64_t uptime_ticks = 0;     // ticks since boot, at listing start
  std::int64_t now = 0;               // seconds since the epoch, at listing start
  std::uint64_t mem_total_kib = 0;
  int cap_last_cap = -1;              // highest capability of the running kernel
  long page_size = 4096;
};

// Reads the facts from the procfs mounted at `proc_fd`. Fields that cannot
// be read keep their defaults, and the listing prints '-' or 0 where they
// are needed.
SystemFacts ReadSystemFacts(int proc_fd, const MountGuard* guard = nullptr);

}  // namespace psnode::proc
