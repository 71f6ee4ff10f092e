// The data one listing reads about one process, before any formatting.
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
  kSourceWchan = 1u << 6,    // wchan
  kSourceCgroup = 1u << 7,   // cgroup
  kSourceNamespaces = 1u << 8,  // the inodes of ns/*
  // The effective uid and gid alone: the owner of the /proc/PID directory,
  // from one fstat. The kernel makes that directory (mode 0555) owned by
  // the task's euid and egid whatever its dumpable state, for readers such
  // as ps that stat it instead of reading the much slower status. Other
  // files of a non-dumpable process are owned by root instead.
  kSourceOwner = 1u << 9,
};

// The namespaces of /proc/PID/ns that ps prints, in the order of
// kNamespaceNames.
enum Namespace {
  kIpcNs, kMntNs, kNetNs, kPidNs, kUserNs, kUtsNs, kCgroupNs, kTimeNs,
  kNamespaceCount,
};

// Names of the links in /proc/PID/ns, indexed by Namespace.
constexpr const char* kNamespaceNames[kNamespaceCount] = {
    "ipc", "mnt", "net", "pid", "user", "uts", "cgroup", "time"};

// The parsed contents of one process's files. A file that was not needed
// is left empty, and the `has_*` flags mark which were read.
struct ProcessRecord {
  int pid = 0;  // the thread group id
  int tid = 0;  // the thread id: equal to pid on a process row
  int dir_fd = -1;  // the open /proc/PID directory, while the row is formatted

  proc::Stat stat;
  proc::Status status;
  bool has_status = false;

  std::string cmdline;  // raw bytes, NUL separated
  bool has_cmdline = false;

  std::string label;  // raw attr/current
  bool has_label = false;

  std::string wchan;  // the kernel function the task sleeps in, or "0"
  bool has_wchan = false;

  std::string cgroup;  // raw /proc/PID/cgroup
  bool has_cgroup = false;

  // Inodes of the ns/* links, 0 where not read or not readable.
  std::uint64_t ns_inodes[kNamespaceCount] = {};
};

}  // namespace psnode::core
