#include "core/typed.h"

#include "core/columns.h"
#include "core/host_lookup.h"
#include "format/caps.h"
#include "proc/lines.h"

namespace psnode::core::typed {
namespace {

constexpr std::uint32_t kSchedOther = 0;
constexpr std::uint32_t kSchedBatch = 3;

double Hz(Context context) { return static_cast<double>(context.facts.hz()); }

std::uint64_t ElapsedTicks(Record record, Context context) {
  std::uint64_t start = record.stat.starttime;
  return context.facts.UptimeTicks() > start ? context.facts.UptimeTicks() - start : 0;
}

Value Integer(std::int64_t n) { return Value::Number(static_cast<double>(n)); }

// A string column whose ps form is one of `absent` becomes null.
Value StringOrNull(std::string text, const char* absent) {
  return text == absent ? Value::Null() : Value::String(std::move(text));
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  proc::ForEachLine(text, [&](std::string_view line) {
    if (!line.empty()) lines.emplace_back(line);
    return true;
  });
  return lines;
}

}  // namespace

Value Pid(Record record, Context) { return Integer(record.pid); }
Value Tid(Record record, Context) { return Integer(record.tid); }
Value Ppid(Record record, Context) { return Integer(record.stat.ppid); }
Value Pgid(Record record, Context) { return Integer(record.stat.pgrp); }
Value Sid(Record record, Context) { return Integer(record.stat.session); }
Value Nlwp(Record record, Context) { return Integer(record.stat.num_threads); }
Value State(Record record, Context) { return Value::String(std::string(1, record.stat.state)); }
Value Pri(Record record, Context) { return Integer(39 - record.stat.priority); }
Value Psr(Record record, Context) { return Integer(record.stat.processor); }
Value Flags(Record record, Context) { return Integer((record.stat.flags >> 6) & 7u); }

Value Tpgid(Record record, Context) {
  return record.stat.tpgid < 0 ? Value::Null() : Integer(record.stat.tpgid);
}

Value Stat(Record record, Context context) {
  return Value::String(columns::Stat(record, context));
}

Value Nice(Record record, Context) {
  std::uint32_t policy = record.stat.policy;
  if (policy != kSchedOther && policy != kSchedBatch) return Value::Null();
  return Integer(record.stat.nice);
}

Value Rtprio(Record record, Context) {
  if (record.stat.policy == kSchedOther) return Value::Null();
  return Integer(record.stat.rt_priority);
}

Value Policy(Record record, Context context) {
  return StringOrNull(columns::Policy(record, context), "?");
}

Value Wchan(Record record, Context context) {
  std::string name = columns::Wchan(record, context);
  return name == "-" || name == "?" ? Value::Null() : Value::String(name);
}

Value Tty(Record record, Context context) {
  return StringOrNull(columns::Tty(record, context), "?");
}

Value Args(Record record, Context) {
  // argv as the process set it, not escaped: the caller decides how to
  // show it. Empty for kernel threads and zombies.
  std::vector<std::string> argv;
  const std::string& cmdline = record.cmdline;
  std::size_t end = cmdline.size();
  while (end > 0 && cmdline[end - 1] == '\0') --end;
  std::size_t pos = 0;
  while (pos < end) {
    std::size_t next = cmdline.find('\0', pos);
    if (next == std::string::npos || next > end) next = end;
    argv.push_back(cmdline.substr(pos, next - pos));
    pos = next + 1;
  }
  return Value::Strings(std::move(argv));
}

Value Comm(Record record, Context) { return Value::String(record.stat.comm); }

Value Label(Record record, Context context) {
  return StringOrNull(columns::Label(record, context), "-");
}

Value Seccomp(Record record, Context context) {
  return StringOrNull(columns::Seccomp(record, context), "?");
}

Value Cgroup(Record record, Context) {
  if (!record.has_cgroup) return Value::Null();
  return Value::Strings(SplitLines(record.cgroup));
}

template <Namespace kNs>
Value NamespaceInode(Record record, Context) {
  std::uint64_t inode = record.ns_inodes[kNs];
  return inode ? Value::Number(static_cast<double>(inode)) : Value::Null();
}

template Value NamespaceInode<kIpcNs>(Record, Context);
template Value NamespaceInode<kMntNs>(Record, Context);
template Value NamespaceInode<kNetNs>(Record, Context);
template Value NamespaceInode<kPidNs>(Record, Context);
template Value NamespaceInode<kUserNs>(Record, Context);
template Value NamespaceInode<kUtsNs>(Record, Context);
template Value NamespaceInode<kCgroupNs>(Record, Context);
template Value NamespaceInode<kTimeNs>(Record, Context);

template <int kSet>
Value Capabilities(Record record, Context) {
  const proc::Status& s = record.status;
  if (!s.has_caps || (kSet == kCapAmb && !s.has_cap_amb)) return Value::Null();
  const std::uint64_t masks[] = {s.cap_amb, s.cap_inh, s.cap_prm, s.cap_eff, s.cap_bnd};
  return Value::Strings(format::CapabilityList(masks[kSet]));
}

template Value Capabilities<kCapAmb>(Record, Context);
template Value Capabilities<kCapInh>(Record, Context);
template Value Capabilities<kCapPrm>(Record, Context);
template Value Capabilities<kCapEff>(Record, Context);
template Value Capabilities<kCapBnd>(Record, Context);

template <int kIndex>
Value UidNumber(Record record, Context context) {
  return Integer(context.ViewUid(record.status.uid[kIndex]));
}

template <int kIndex>
Value UserName(Record record, Context context) {
  return Value::String(context.names->User(context.ViewUid(record.status.uid[kIndex])));
}

template <int kIndex>
Value GidNumber(Record record, Context context) {
  return Integer(context.ViewGid(record.status.gid[kIndex]));
}

template <int kIndex>
Value GroupName(Record record, Context context) {
  return Value::String(context.names->Group(context.ViewGid(record.status.gid[kIndex])));
}

template Value UidNumber<0>(Record, Context);
template Value UidNumber<1>(Record, Context);
template Value UidNumber<2>(Record, Context);
template Value UidNumber<3>(Record, Context);
template Value UserName<0>(Record, Context);
template Value UserName<1>(Record, Context);
template Value UserName<2>(Record, Context);
template Value UserName<3>(Record, Context);
template Value GidNumber<0>(Record, Context);
template Value GidNumber<1>(Record, Context);
template Value GidNumber<2>(Record, Context);
template Value GidNumber<3>(Record, Context);
template Value GroupName<0>(Record, Context);
template Value GroupName<1>(Record, Context);
template Value GroupName<2>(Record, Context);
template Value GroupName<3>(Record, Context);

Value GroupNames(Record record, Context context) {
  std::vector<std::string> names;
  for (std::uint32_t gid : record.status.groups) {
    names.push_back(context.names->Group(context.ViewGid(gid)));
  }
  return Value::Strings(std::move(names));
}

Value GroupIds(Record record, Context context) {
  std::vector<double> ids;
  for (std::uint32_t gid : record.status.groups) ids.push_back(context.ViewGid(gid));
  return Value::Numbers(std::move(ids));
}

Value Hpid(Record record, Context context) {
  const HostProcess* host = FindHostProcess(record, context);
  return host ? Integer(host->pid_number) : Value::Null();
}

Value Huser(Record record, Context context) {
  const HostProcess* host = FindHostProcess(record, context);
  return host ? Value::String(host->user) : Value::Null();
}

Value Huid(Record record, Context context) {
  const HostProcess* host = FindHostProcess(record, context);
  return host ? Integer(host->uid_number) : Value::Null();
}

Value Hgroup(Record record, Context context) {
  const HostProcess* host = FindHostProcess(record, context);
  return host ? Value::String(host->group) : Value::Null();
}

Value Hgroups(Record record, Context context) {
  const HostProcess* host = FindHostProcess(record, context);
  return host ? Value::Strings(host->group_names) : Value::Null();
}

Value Pcpu(Record record, Context context) {
  std::uint64_t elapsed = ElapsedTicks(record, context);
  if (elapsed == 0) return Value::Number(0);
  double ticks = static_cast<double>(record.stat.utime + record.stat.stime);
  return Value::Number(ticks * 100.0 / static_cast<double>(elapsed));
}

Value Pmem(Record record, Context context) {
  std::uint64_t total = context.facts.MemTotalKib();
  if (total == 0 || !record.status.has_vm_rss) return Value::Null();
  return Value::Number(static_cast<double>(record.status.vm_rss_kib) * 100.0 /
                       static_cast<double>(total));
}

Value ElapsedSeconds(Record record, Context context) {
  return Value::Number(static_cast<double>(ElapsedTicks(record, context)) / Hz(context));
}

Value CpuSeconds(Record record, Context context) {
  return Value::Number(static_cast<double>(record.stat.utime + record.stat.stime) /
                       Hz(context));
}

Value StartMilliseconds(Record record, Context context) {
  double boot_ms = static_cast<double>(context.facts.BootTime()) * 1000.0;
  return Value::Number(boot_ms + static_cast<double>(record.stat.starttime) * 1000.0 /
                                     Hz(context));
}

Value Vsz(Record record, Context) { return Integer(static_cast<std::int64_t>(record.stat.vsize / 1024)); }

Value Rss(Record record, Context) {
  return record.status.has_vm_rss ? Integer(static_cast<std::int64_t>(record.status.vm_rss_kib))
                                  : Integer(0);
}

Value Sz(Record record, Context context) {
  return Integer(static_cast<std::int64_t>(
      record.stat.vsize / static_cast<std::uint64_t>(context.facts.page_size())));
}

Value Trs(Record record, Context context) {
  return Integer(std::stoll(columns::Trs(record, context)));
}

Value Drs(Record record, Context context) {
  return Integer(std::stoll(columns::Drs(record, context)));
}

Value MajorFaults(Record record, Context) { return Value::Number(static_cast<double>(record.stat.majflt)); }
Value MinorFaults(Record record, Context) { return Value::Number(static_cast<double>(record.stat.minflt)); }

}  // namespace psnode::core::typed
