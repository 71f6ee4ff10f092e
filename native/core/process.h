// What one listing reads about one process, before any formatting.
#pragma once

#include <cstdint>
#include <string>

#include "proc/stat.h"
#include "proc/status.h"

namespace psnode::core {

// The /proc/PID files a descriptor needs, as bits.
enum Source : unsigned {
  kSourceStat = 1u << 0,     // stat (always read)
  kSourceStatus = 1u << 1,   // status
  kSourceCmdline = 1u << 2,  // cmdline
  kSourceLabel = 1u << 3,    // attr/current
  kSourceTty = 1u << 4,      // the listing's tty name table (tty/drivers)
  kSourceHost = 1u << 5,     // status (NSpid) and ns/pid, to find the host process
};

// The parsed contents of one process's files. A file that was not needed
// is left empty; `has_*` says which were read.
struct ProcessRecord {
  int pid = 0;
  int dir_fd = -1;  // the open /proc/PID directory, while the row is formatted

  proc::Stat stat;
  proc::Status status;
  bool has_status = false;

  std::string cmdline;  // raw bytes, NUL separated
  bool has_cmdline = false;

  std::string label;  // raw attr/current
  bool has_label = false;

  std::uint64_t pid_ns_inode = 0;  // inode of ns/pid, 0 when not read
};

}  // namespace psnode::core
