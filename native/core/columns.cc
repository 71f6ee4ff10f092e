#include "core/columns.h"

#include <cstdio>

#include "format/caps.h"
#include "format/command.h"
#include "format/time.h"

namespace psnode::core::columns {
namespace {

// Scheduling policies from sched(7) whose nice value means something.
constexpr std::uint32_t kSchedOther = 0;
constexpr std::uint32_t kSchedBatch = 3;

std::uint64_t ElapsedTicks(Record record, Context context) {
  std::uint64_t start = record.stat.starttime;
  return context.facts.uptime_ticks > start ? context.facts.uptime_ticks - start : 0;
}

std::uint64_t CpuTicks(Record record) { return record.stat.utime + record.stat.stime; }

std::int64_t StartSeconds(Record record, Context context) {
  return context.facts.boot_time +
         static_cast<std::int64_t>(record.stat.starttime /
                                   static_cast<std::uint64_t>(context.facts.hz));
}

std::string JoinGroupNames(Record record, Context context) {
  std::string out;
  for (std::uint32_t gid : record.status.groups) {
    if (!out.empty()) out += ',';
    out += context.names->Group(context.ViewGid(gid));
  }
  return out;
}

}  // namespace

std::string Pid(Record record, Context) { return std::to_string(record.pid); }
std::string Ppid(Record record, Context) { return std::to_string(record.stat.ppid); }
std::string Pgid(Record record, Context) { return std::to_string(record.stat.pgrp); }

std::string User(Record record, Context context) { return context.names->User(context.ViewUid(record.status.uid[1])); }
std::string Ruser(Record record, Context context) { return context.names->User(context.ViewUid(record.status.uid[0])); }
std::string Group(Record record, Context context) { return context.names->Group(context.ViewGid(record.status.gid[1])); }
std::string Rgroup(Record record, Context context) { return context.names->Group(context.ViewGid(record.status.gid[0])); }
std::string Uid(Record record, Context context) { return std::to_string(context.ViewUid(record.status.uid[1])); }

std::string Groups(Record record, Context context) {
  std::string names = JoinGroupNames(record, context);
  return names.empty() ? "-" : names;  // as ps prints supgrp
}

std::string GroupsPsgo(Record record, Context context) { return JoinGroupNames(record, context); }

std::string Args(Record record, Context) {
  return format::FormatArgs(record.cmdline, record.stat.comm, record.stat.state);
}

std::string Comm(Record record, Context) { return format::FormatComm(record.stat.comm); }

std::string Nice(Record record, Context) {
  if (record.stat.policy != kSchedOther && record.stat.policy != kSchedBatch) return "-";
  return std::to_string(record.stat.nice);
}

std::string Pcpu(Record record, Context context) {
  // Per mille of one CPU over the process's whole life, in integer
  // arithmetic as ps computes it.
  std::uint64_t elapsed = ElapsedTicks(record, context);
  std::uint64_t permille = elapsed ? CpuTicks(record) * 1000 / elapsed : 0;
  char buffer[32];
  if (permille > 999) {
    std::snprintf(buffer, sizeof buffer, "%llu",
                  static_cast<unsigned long long>(permille / 10));
  } else {
    std::snprintf(buffer, sizeof buffer, "%u.%u",
                  static_cast<unsigned>(permille / 10),
                  static_cast<unsigned>(permille % 10));
  }
  return buffer;
}

std::string PcpuPsgo(Record record, Context context) {
  // psgo's three decimals, but from ticks rather than from CPU time
  // truncated to whole seconds as psgo computed it.
  std::uint64_t elapsed = ElapsedTicks(record, context);
  double percent =
      elapsed ? static_cast<double>(CpuTicks(record)) * 100.0 / elapsed : 0.0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3f", percent);
  return buffer;
}

std::string Etime(Record record, Context context) {
  return format::FormatElapsed(ElapsedTicks(record, context) /
                               static_cast<std::uint64_t>(context.facts.hz));
}

std::string EtimePsgo(Record record, Context context) {
  std::int64_t start_ns =
      context.facts.boot_time * 1000000000LL +
      static_cast<std::int64_t>(record.stat.starttime * 1000000000ULL /
                                static_cast<std::uint64_t>(context.facts.hz));
  std::int64_t elapsed = context.now_ns - start_ns;
  return format::FormatGoDuration(elapsed > 0 ? static_cast<std::uint64_t>(elapsed)
                                              : 0);
}

std::string Time(Record record, Context context) {
  return format::FormatCpuTime(CpuTicks(record) /
                               static_cast<std::uint64_t>(context.facts.hz));
}

std::string TimePsgo(Record record, Context context) {
  std::uint64_t seconds = CpuTicks(record) / static_cast<std::uint64_t>(context.facts.hz);
  return format::FormatGoDuration(seconds * 1000000000ULL);
}

std::string Stime(Record record, Context context) {
  return format::FormatStartTime(StartSeconds(record, context), context.facts.now);
}

std::string StimePsgo(Record record, Context context) { return format::FormatGoTime(StartSeconds(record, context)); }

std::string Tty(Record record, Context context) { return context.ttys->Name(record.stat.tty_nr, record.dir_fd); }

std::string Vsz(Record record, Context) {
  // stat's vsize is VmSize in bytes, and 0 where status has no VmSize
  // line (kernel threads, zombies).
  return std::to_string(record.stat.vsize / 1024);
}

std::string Rss(Record record, Context) {
  // VmRSS, not stat's rss: since Linux 6.2 stat sums the per-CPU RSS
  // counters approximately, while status sums them exactly, and ps reads
  // status.
  return std::to_string(record.status.has_vm_rss ? record.status.vm_rss_kib : 0);
}

std::string State(Record record, Context) { return std::string(1, record.stat.state); }

std::string CapAmb(Record record, Context context) {
  if (!record.status.has_cap_amb) return "none";
  return format::FormatCapabilities(record.status.cap_amb, context.facts.cap_last_cap);
}
std::string CapInh(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_inh, context.facts.cap_last_cap);
}
std::string CapPrm(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_prm, context.facts.cap_last_cap);
}
std::string CapEff(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_eff, context.facts.cap_last_cap);
}
std::string CapBnd(Record record, Context context) {
  return format::FormatCapabilities(record.status.cap_bnd, context.facts.cap_last_cap);
}

std::string Seccomp(Record record, Context) {
  switch (record.status.seccomp) {
    case 0: return "disabled";
    case 1: return "strict";
    case 2: return "filter";
    default: return "?";
  }
}

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

namespace {

// Returns the host process of a container process, or nullptr when the
// listing did not join a container or no host process matches.
const HostProcess* FindHost(Record record, Context context) {
  if (context.host == nullptr || record.status.nspid.empty() ||
      record.pid_ns_inode == 0) {
    return nullptr;
  }
  auto it = context.host->find({record.pid_ns_inode, record.status.nspid.back()});
  return it == context.host->end() ? nullptr : &it->second;
}

}  // namespace

std::string Hpid(Record record, Context context) {
  const HostProcess* host = FindHost(record, context);
  return host ? host->pid : "?";
}
std::string Huser(Record record, Context context) {
  const HostProcess* host = FindHost(record, context);
  return host ? host->user : "?";
}
std::string Huid(Record record, Context context) {
  const HostProcess* host = FindHost(record, context);
  return host ? host->uid : "?";
}
std::string Hgroup(Record record, Context context) {
  const HostProcess* host = FindHost(record, context);
  return host ? host->group : "?";
}
std::string Hgroups(Record record, Context context) {
  const HostProcess* host = FindHost(record, context);
  return host ? host->groups : "?";
}

}  // namespace psnode::core::columns
