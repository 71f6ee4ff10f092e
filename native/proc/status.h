// Parser for /proc/PID/status (proc(5), "/proc/pid/status").
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace psnode::proc {

// The lines of /proc/PID/status that psnode uses. A `has_` flag is false
// when the line is absent: kernel threads and zombies have no Vm* lines,
// and older kernels lack CapAmb (before 4.3), NSpid (before 4.1) and
// Seccomp (before 3.8).
struct Status {
  int tgid = 0;
  std::uint32_t uid[4] = {0, 0, 0, 0};  // real, effective, saved, filesystem
  std::uint32_t gid[4] = {0, 0, 0, 0};
  bool has_ids = false;
  std::vector<std::uint32_t> groups;  // supplementary group ids
  std::vector<int> nspid;             // pid in each PID namespace, outermost first
  std::uint64_t vm_size_kib = 0;
  std::uint64_t vm_lck_kib = 0;
  std::uint64_t vm_rss_kib = 0;
  bool has_vm_size = false;
  bool has_vm_rss = false;
  std::int64_t threads = 0;
  std::uint64_t cap_inh = 0, cap_prm = 0, cap_eff = 0, cap_bnd = 0,
                cap_amb = 0;
  bool has_caps = false;
  bool has_cap_amb = false;
  int seccomp = -1;  // 0 disabled, 1 strict, 2 filter, -1 unknown
};

// Parses the text of a status file. Lines that are missing or malformed
// leave their fields at the defaults, so a partial file still yields the
// values it does hold. Returns false when the Uid and Gid lines are missing
// or malformed, since no row can be trusted without them.
bool ParseStatus(std::string_view text, Status& out);

}  // namespace psnode::proc
