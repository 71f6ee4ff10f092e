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

std::uint64_t ElapsedTicks(R r, C c) {
  std::uint64_t start = r.stat.starttime;
  return c.facts.uptime_ticks > start ? c.facts.uptime_ticks - start : 0;
}

std::uint64_t CpuTicks(R r) { return r.stat.utime + r.stat.stime; }

std::int64_t StartSeconds(R r, C c) {
  return c.facts.boot_time +
         static_cast<std::int64_t>(r.stat.starttime /
                                   static_cast<std::uint64_t>(c.facts.hz));
}

std::string JoinGroupNames(R r, C c) {
  std::string out;
  for (std::uint32_t gid : r.status.groups) {
    if (!out.empty()) out += ',';
    out += c.names->Group(gid);
  }
  return out;
}

}  // namespace

std::string Pid(R r, C) { return std::to_string(r.pid); }
std::string Ppid(R r, C) { return std::to_string(r.stat.ppid); }
std::string Pgid(R r, C) { return std::to_string(r.stat.pgrp); }

std::string User(R r, C c) { return c.names->User(r.status.uid[1]); }
std::string Ruser(R r, C c) { return c.names->User(r.status.uid[0]); }
std::string Group(R r, C c) { return c.names->Group(r.status.gid[1]); }
std::string Rgroup(R r, C c) { return c.names->Group(r.status.gid[0]); }
std::string Uid(R r, C) { return std::to_string(r.status.uid[1]); }

std::string Groups(R r, C c) {
  std::string names = JoinGroupNames(r, c);
  return names.empty() ? "-" : names;  // as ps prints supgrp
}

std::string GroupsPsgo(R r, C c) { return JoinGroupNames(r, c); }

std::string Args(R r, C) {
  return format::FormatArgs(r.cmdline, r.stat.comm, r.stat.state);
}

std::string Comm(R r, C) { return format::FormatComm(r.stat.comm); }

std::string Nice(R r, C) {
  if (r.stat.policy != kSchedOther && r.stat.policy != kSchedBatch) return "-";
  return std::to_string(r.stat.nice);
}

std::string Pcpu(R r, C c) {
  // Per mille of one CPU over the process's whole life, in integer
  // arithmetic as ps computes it.
  std::uint64_t elapsed = ElapsedTicks(r, c);
  std::uint64_t permille = elapsed ? CpuTicks(r) * 1000 / elapsed : 0;
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

std::string PcpuPsgo(R r, C c) {
  // psgo's three decimals, but from ticks rather than from CPU time
  // truncated to whole seconds as psgo computed it.
  std::uint64_t elapsed = ElapsedTicks(r, c);
  double percent =
      elapsed ? static_cast<double>(CpuTicks(r)) * 100.0 / elapsed : 0.0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3f", percent);
  return buffer;
}

std::string Etime(R r, C c) {
  return format::FormatElapsed(ElapsedTicks(r, c) /
                               static_cast<std::uint64_t>(c.facts.hz));
}

std::string EtimePsgo(R r, C c) {
  std::int64_t start_ns =
      c.facts.boot_time * 1000000000LL +
      static_cast<std::int64_t>(r.stat.starttime * 1000000000ULL /
                                static_cast<std::uint64_t>(c.facts.hz));
  std::int64_t elapsed = c.now_ns - start_ns;
  return format::FormatGoDuration(elapsed > 0 ? static_cast<std::uint64_t>(elapsed)
                                              : 0);
}

std::string Time(R r, C c) {
  return format::FormatCpuTime(CpuTicks(r) /
                               static_cast<std::uint64_t>(c.facts.hz));
}

std::string TimePsgo(R r, C c) {
  std::uint64_t seconds = CpuTicks(r) / static_cast<std::uint64_t>(c.facts.hz);
  return format::FormatGoDuration(seconds * 1000000000ULL);
}

std::string Stime(R r, C c) {
  return format::FormatStartTime(StartSeconds(r, c), c.facts.now);
}

std::string StimePsgo(R r, C c) { return format::FormatGoTime(StartSeconds(r, c)); }

std::string Tty(R r, C c) { return c.ttys->Name(r.stat.tty_nr, r.dir_fd); }

std::string Vsz(R r, C) {
  // stat's vsize is VmSize in bytes, and 0 where status has no VmSize
  // line (kernel threads, zombies).
  return std::to_string(r.stat.vsize / 1024);
}

std::string Rss(R r, C c) {
  // stat's rss is VmRSS in pages: both sum the anonymous, file and shmem
  // counters of the mm (fs/proc/array.c, task_mmu.c).
  std::uint64_t pages = r.stat.rss > 0 ? static_cast<std::uint64_t>(r.stat.rss) : 0;
  return std::to_string(pages * static_cast<std::uint64_t>(c.facts.page_size) / 1024);
}

std::string State(R r, C) { return std::string(1, r.stat.state); }

std::string CapAmb(R r, C c) {
  if (!r.status.has_cap_amb) return "none";
  return format::FormatCapabilities(r.status.cap_amb, c.facts.cap_last_cap);
}
std::string CapInh(R r, C c) {
  return format::FormatCapabilities(r.status.cap_inh, c.facts.cap_last_cap);
}
std::string CapPrm(R r, C c) {
  return format::FormatCapabilities(r.status.cap_prm, c.facts.cap_last_cap);
}
std::string CapEff(R r, C c) {
  return format::FormatCapabilities(r.status.cap_eff, c.facts.cap_last_cap);
}
std::string CapBnd(R r, C c) {
  return format::FormatCapabilities(r.status.cap_bnd, c.facts.cap_last_cap);
}

std::string Seccomp(R r, C) {
  switch (r.status.seccomp) {
    case 0: return "disabled";
    case 1: return "strict";
    case 2: return "filter";
    default: return "?";
  }
}

std::string Label(R r, C) {
  // ps keeps the leading printable ASCII characters, and prints '-' when
  // nothing is left or the file cannot be read (no LSM: EINVAL).
  std::string out;
  if (r.has_label) {
    for (char ch : r.label) {
      if (ch < 0x20 || ch > 0x7e) break;
      out += ch;
    }
  }
  return out.empty() ? "-" : out;
}

std::string LabelPsgo(R r, C c) {
  std::string label = Label(r, c);
  return label == "-" ? "?" : label;
}

}  // namespace psnode::core::columns
