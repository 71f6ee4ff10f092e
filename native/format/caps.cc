#include "format/caps.h"

#include <algorithm>

namespace psnode::format {
namespace {

// Bit numbers from linux/capability.h, Linux 5.9 (CHECKPOINT_RESTORE, 40)
// being the newest. Bits above the table print as numbers, so a newer
// kernel's capabilities are shown rather than lost.
constexpr const char* kNames[] = {
    "CHOWN",            "DAC_OVERRIDE",    "DAC_READ_SEARCH",
    "FOWNER",           "FSETID",          "KILL",
    "SETGID",           "SETUID",          "SETPCAP",
    "LINUX_IMMUTABLE",  "NET_BIND_SERVICE", "NET_BROADCAST",
    "NET_ADMIN",        "NET_RAW",         "IPC_LOCK",
    "IPC_OWNER",        "SYS_MODULE",      "SYS_RAWIO",
    "SYS_CHROOT",       "SYS_PTRACE",      "SYS_PACCT",
    "SYS_ADMIN",        "SYS_BOOT",        "SYS_NICE",
    "SYS_RESOURCE",     "SYS_TIME",        "SYS_TTY_CONFIG",
    "MKNOD",            "LEASE",           "AUDIT_WRITE",
    "AUDIT_CONTROL",    "SETFCAP",         "MAC_OVERRIDE",
    "MAC_ADMIN",        "SYSLOG",          "WAKE_ALARM",
    "BLOCK_SUSPEND",    "AUDIT_READ",      "PERFMON",
    "BPF",              "CHECKPOINT_RESTORE",
};
constexpr unsigned kKnown = sizeof kNames / sizeof kNames[0];

}  // namespace

const char* CapabilityName(unsigned bit) {
  return bit < kKnown ? kNames[bit] : nullptr;
}

std::vector<std::string> CapabilityList(std::uint64_t mask) {
  std::vector<std::string> names;
  std::vector<std::string> numbers;
  for (unsigned bit = 0; bit < 64; ++bit) {
    if (!(mask & (std::uint64_t{1} << bit))) continue;
    if (const char* name = CapabilityName(bit)) {
      names.emplace_back(name);
    } else {
      numbers.push_back(std::to_string(bit));
    }
  }
  std::sort(names.begin(), names.end());
  names.insert(names.end(), numbers.begin(), numbers.end());
  return names;
}

std::string FormatCapabilities(std::uint64_t mask, int cap_last_cap) {
  if (mask == 0) return "none";
  if (cap_last_cap >= 0 && cap_last_cap < 64) {
    std::uint64_t all = cap_last_cap == 63
                            ? ~std::uint64_t{0}
                            : (std::uint64_t{1} << (cap_last_cap + 1)) - 1;
    if ((mask & all) == all) return "full";
  }

  std::string out;
  for (const std::string& name : CapabilityList(mask)) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

}  // namespace psnode::format
