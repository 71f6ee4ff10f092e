// Host-side facts about the processes of a joined container.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace psnode::core {

// A host process, with its host descriptors already formatted: host names
// are resolved on the host, before any thread joins a container.
struct HostProcess {
  int pid_number = 0;
  std::uint32_t uid_number = 0;
  std::vector<std::string> group_names;

  // The same, as the columns print them.
  std::string pid;
  std::string user;
  std::string uid;
  std::string group;
  std::string groups;
};

// Identifies a process across mount namespaces: the inode of its PID
// namespace (/proc/PID/ns/pid) and its pid inside that namespace (the
// last NSpid entry). Both are the same from every /proc that shows the
// process, whatever its cgroup layout.
using HostKey = std::pair<std::uint64_t, int>;

using HostIndex = std::map<HostKey, HostProcess>;

}  // namespace psnode::core
