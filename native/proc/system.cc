#include "proc/system.h"

#include <ctime>
#include <string>
#include <unistd.h>

#include "proc/file.h"
#include "proc/lines.h"
#include "proc/numbers.h"

namespace psnode::proc {
namespace {

// Returns the value after `key` on the line that starts with it.
std::string_view LineValue(std::string_view text, std::string_view key) {
  std::string_view value;
  ForEachLine(text, [&](std::string_view line) {
    if (line.substr(0, key.size()) != key) return true;
    value = line.substr(key.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    return false;
  });
  return value;
}

}  // namespace

bool ParseBootTime(std::string_view proc_stat, std::int64_t& out) {
  return ParseDecimal(LineValue(proc_stat, "btime "), out);
}

bool ParseUptimeTicks(std::string_view uptime, std::int64_t hz,
                      std::uint64_t& out) {
  std::size_t end = uptime.find_first_of(" \n");
  std::string_view first = uptime.substr(0, end);
  std::size_t dot = first.find('.');
  std::uint64_t whole = 0;
  if (!ParseDecimal(first.substr(0, dot), whole)) return false;

  // The kernel prints exactly two decimals; scale them without floating
  // point so the truncation matches ps's (uptime * Hz) to the tick.
  std::uint64_t hundredths = 0;
  if (dot != std::string_view::npos) {
    std::string_view fraction = first.substr(dot + 1, 2);
    if (!ParseDecimal(fraction, hundredths)) return false;
    if (fraction.size() == 1) hundredths *= 10;
  }
  out = whole * static_cast<std::uint64_t>(hz) +
        hundredths * static_cast<std::uint64_t>(hz) / 100;
  return true;
}

bool ParseMemTotal(std::string_view meminfo, std::uint64_t& out) {
  std::string_view value = LineValue(meminfo, "MemTotal:");
  std::size_t end = value.find(' ');
  return ParseDecimal(value.substr(0, end), out);
}

void SystemFacts::Open(int proc_fd, const MountGuard* guard) {
  proc_fd_ = proc_fd;
  guard_ = guard;
  long hz = sysconf(_SC_CLK_TCK);
  if (hz > 0) hz_ = hz;
  long page = sysconf(_SC_PAGESIZE);
  if (page > 0) page_size_ = page;
  now_ = static_cast<std::int64_t>(std::time(nullptr));
}

// Uptime is read at the first row that needs it. A process that starts
// after that, while the listing runs, shows an elapsed time of 0.
std::uint64_t SystemFacts::UptimeTicks() {
  std::call_once(uptime_once_, [this] {
    std::string text;
    if (ReadFileAt(proc_fd_, "uptime", 256, text, guard_).status == ReadStatus::kOk) {
      ParseUptimeTicks(text, hz_, uptime_ticks_);
    }
  });
  return uptime_ticks_;
}

std::int64_t SystemFacts::BootTime() {
  std::call_once(boot_once_, [this] {
    std::string text;
    if (ReadFileAt(proc_fd_, "stat", 1 << 20, text, guard_).status == ReadStatus::kOk) {
      ParseBootTime(text, boot_time_);
    }
  });
  return boot_time_;
}

std::uint64_t SystemFacts::MemTotalKib() {
  std::call_once(mem_once_, [this] {
    std::string text;
    if (ReadFileAt(proc_fd_, "meminfo", 1 << 16, text, guard_).status == ReadStatus::kOk) {
      ParseMemTotal(text, mem_total_kib_);
    }
  });
  return mem_total_kib_;
}

int SystemFacts::CapLastCap() {
  std::call_once(cap_once_, [this] {
    std::string text;
    if (ReadFileAt(proc_fd_, "sys/kernel/cap_last_cap", 64, text, guard_).status ==
        ReadStatus::kOk) {
      while (!text.empty() && text.back() == '\n') text.pop_back();
      ParseDecimal(std::string_view(text), cap_last_cap_);
    }
  });
  return cap_last_cap_;
}

}  // namespace psnode::proc
