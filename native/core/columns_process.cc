#include <cstdio>

#include "core/columns.h"
#include "format/caps.h"
#include "format/command.h"
#include "format/escape.h"
#include "proc/lines.h"

namespace psnode::core::columns {
namespace {

// Scheduling policies from sched(7).
constexpr std::uint32_t kSchedOther = 0;
constexpr std::uint32_t kSchedBatch = 3;

// ps's short names of the policies, indexed by policy number.
constexpr const char* kPolicyNames[] = {"TS", "FF", "RR", "B", "ISO", "IDL", "DLN"};

}  // namespace

std::string Pid(Record record, Context) { return std::to_string(record.pid); }
std::string Tid(Record record, Context) { return std::to_string(record.tid); }
std::string Ppid(Record record, Context) { return std::to_string(record.stat.ppid); }
std::string Pgid(Record record, Context) { return std::to_string(record.stat.pgrp); }
std::string Sid(Record record, Context) { return std::to_string(record.stat.session); }
std::string Tpgid(Record record, Context) { return std::to_string(record.stat.tpgid); }
std::string Nlwp(Record record, Context) { return std::to_string(record.stat.num_threads); }
std::string State(Record record, Context) { return std::string(1, record.stat.state); }
std::string Psr(Record record, Context) { return std::to_string(record.stat.processor); }

std::string Stat(Record record, Context) {
  // The letters that ps adds after the state, in ps's order.
  const proc::Stat& s = record.stat;
  std::string out(1, s.state);
  if (s.nice < 0) out += '<';
  if (s.nice > 0) out += 'N';
  if (record.status.vm_lck_kib > 0) out += 'L';
  if (s.session == record.pid) out += 's';
  if (s.num_threads > 1) out += 'l';
  if (s.pgrp == s.tpgid) out += '+';
  return out;
}

std::string Nice(Record record, Context) {
  // Only SCHED_OTHER and SCHED_BATCH tasks have a nice value that counts.
  std::uint32_t policy = record.stat.policy;
  if (policy != kSchedOther && policy != kSchedBatch) return "-";
  return std::to_string(record.stat.nice);
}

std::string Pri(Record record, Context) {
  // stat's priority is 20 + nice for normal tasks and -1 - rt_priority
  // for real-time ones; ps prints 39 minus it.
  return std::to_string(39 - record.stat.priority);
}

std::string Rtprio(Record record, Context) {
  if (record.stat.policy == kSchedOther) return "-";
  return std::to_string(record.stat.rt_priority);
}

std::string Policy(Record record, Context) {
  std::uint32_t policy = record.stat.policy;
  if (policy < sizeof kPolicyNames / sizeof kPolicyNames[0]) return kPolicyNames[policy];
  if (policy <= 9) return "#" + std::to_string(policy);
  return "?";
}

std::string Flags(Record record, Context) {
  // PF_FORKNOEXEC (0x40) and PF_SUPERPRIV (0x100): ps prints bits 6-8 in octal.
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%o", (record.stat.flags >> 6) & 7u);
  return buffer;
}

std::string Wchan(Record record, Context) {
  if (!record.has_wchan || record.wchan.empty()) return "?";
  if (record.wchan == "0") return "-";
  std::string_view name = record.wchan;
  if (!name.empty() && name.front() == '.') name.remove_prefix(1);
  while (!name.empty() && name.front() == '_') name.remove_prefix(1);
  return std::string(name);
}

std::string Tty(Record record, Context context) {
  return context.ttys->Name(record.stat.tty_nr, record.dir_fd);
}

std::string Args(Record record, Context) {
  return format::FormatArgs(record.cmdline, record.stat.comm, record.stat.state);
}

std::string Comm(Record record, Context) { return format::FormatComm(record.stat.comm); }

std::string Label(Record record, Context) {
  // ps keeps the leading printable ASCII characters, and prints '-' when
  // nothing is left or the file cannot be read (no LSM: EINVAL).
  std::string out;
  if (record.has_label) {
    for (char ch : record.label) {
      if (ch < 0x20 || ch > 0x7e) break;
      out += ch;
    }
  }
  return out.empty() ? "-" : out;
}

std::string LabelPsgo(Record record, Context context) {
  std::string label = Label(record, context);
  return label == "-" ? "?" : label;
}

std::string Seccomp(Record record, Context) {
  switch (record.status.seccomp) {
    case 0: return "disabled";
    case 1: return "strict";
    case 2: return "filter";
    default: return "?";
  }
}

std::string Cgroup(Record record, Context) {
  // ps keeps the lines whose path is not the root ("N:controllers:/"),
  // joins them with ',' and escapes the result as one string.
  std::string joined;
  if (record.has_cgroup) {
    proc::ForEachLine(record.cgroup, [&](std::string_view line) {
      if (line.empty() || line.back() == '/') return true;
      if (!joined.empty()) joined += ',';
      joined += line;
      return true;
    });
  }
  if (joined.empty()) return "-";
  std::string out;
  format::AppendEscaped(joined, out);
  return out;
}

template <Namespace kNs>
std::string NamespaceInode(Record record, Context) {
  std::uint64_t inode = record.ns_inodes[kNs];
  return inode ? std::to_string(inode) : "-";
}

template std::string NamespaceInode<kIpcNs>(Record, Context);
template std::string NamespaceInode<kMntNs>(Record, Context);
template std::string NamespaceInode<kNetNs>(Record, Context);
template std::string NamespaceInode<kPidNs>(Record, Context);
template std::string NamespaceInode<kUserNs>(Record, Context);
template std::string NamespaceInode<kUtsNs>(Record, Context);
template std::string NamespaceInode<kCgroupNs>(Record, Context);
template std::string NamespaceInode<kTimeNs>(Record, Context);

std::string CapAmb(Record record, Context context) {
  if (!record.status.has_cap_amb) return "none";
  return format::FormatCapabilities(record.status.cap_amb, context.facts.CapLastCap());
}
std::string CapInh(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_inh, context.facts.CapLastCap());
}
std::string CapPrm(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_prm, context.facts.CapLastCap());
}
std::string CapEff(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_eff, context.facts.CapLastCap());
}
std::string CapBnd(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_bnd, context.facts.CapLastCap());
}

}  // namespace psnode::core::columns
