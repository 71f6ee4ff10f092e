// Parser for /proc/PID/stat (proc(5), "/proc/pid/stat").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace psnode::proc {

// The fields of /proc/PID/stat that psnode uses, numbered as in proc(5).
// Times are in clock ticks, sizes in bytes unless noted.
struct Stat {
  int pid = 0;                   // (1)
  std::string comm;              // (2) raw bytes, at most 64 kept
  char state = '?';              // (3)
  int ppid = 0;                  // (4)
  int pgrp = 0;                  // (5)
  int session = 0;               // (6)
  std::uint32_t tty_nr = 0;      // (7) device number, all 32 bits
  int tpgid = -1;                // (8)
  std::uint32_t flags = 0;       // (9)
  std::uint64_t minflt = 0;      // (10)
  std::uint64_t majflt = 0;      // (12)
  std::uint64_t utime = 0;       // (14)
  std::uint64_t stime = 0;       // (15)
  std::int64_t priority = 0;     // (18)
  std::int64_t nice = 0;         // (19)
  std::int64_t num_threads = 0;  // (20)
  std::uint64_t starttime = 0;   // (22) ticks after boot
  std::uint64_t vsize = 0;       // (23) bytes
  std::int64_t rss = 0;          // (24) pages
  std::uint64_t startcode = 0;   // (26)
  std::uint64_t endcode = 0;     // (27)
  int processor = 0;             // (39)
  std::uint32_t rt_priority = 0; // (40)
  std::uint32_t policy = 0;      // (41)
};

// Parses the text of a stat file. comm is everything between the first
// '(' and the last ')', because comm may itself contain spaces and
// parentheses. Fields 3 to 22 are required; later fields, which older
// kernels lack, keep their defaults when absent. Returns false when the
// text is malformed.
bool ParseStat(std::string_view text, Stat& out);

}  // namespace psnode::proc
