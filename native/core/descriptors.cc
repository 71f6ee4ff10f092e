#include "core/descriptors.h"

#include "core/columns.h"

namespace psnode::core {
namespace {

namespace c = columns;
constexpr unsigned kStat = kSourceStat;
constexpr unsigned kStatus = kSourceStat | kSourceStatus;
constexpr unsigned kCmdline = kSourceStat | kSourceCmdline;
constexpr unsigned kHost = kStatus | kSourceHost;
constexpr unsigned kNs = kSourceStat | kSourceNamespaces;

// Indexes of the Uid and Gid lines of status.
constexpr int kReal = 0, kEffective = 1, kSaved = 2, kFilesystem = 3;

}  // namespace

const std::vector<Descriptor>& Descriptors() {
  // Headers are ps's for its keywords, except TTY for tty (as ps prints it
  // for %y), and psgo's for the descriptors only psgo has (STATE for
  // state, the capability sets, the host descriptors). Rows with the same
  // formatter are aliases that ps accepts.
  static const std::vector<Descriptor> table = {
      {"%cpu", nullptr, "%CPU", kStat, c::Pcpu, c::PcpuPsgo},
      {"%mem", nullptr, "%MEM", kStatus, c::Pmem, nullptr},
      {"args", "%a", "COMMAND", kCmdline, c::Args, nullptr},
      {"bsdstart", nullptr, "START", kStat, c::BsdStart, nullptr},
      {"capamb", nullptr, "AMBIENT CAPS", kStatus, c::CapAmb, nullptr},
      {"capbnd", nullptr, "BOUNDING CAPS", kStatus, c::CapBnd, nullptr},
      {"capeff", nullptr, "EFFECTIVE CAPS", kStatus, c::CapEff, nullptr},
      {"capinh", nullptr, "INHERITED CAPS", kStatus, c::CapInh, nullptr},
      {"capprm", nullptr, "PERMITTED CAPS", kStatus, c::CapPrm, nullptr},
      {"cgroup", nullptr, "CGROUP", kStat | kSourceCgroup, c::Cgroup, nullptr},
      {"cgroupns", nullptr, "CGROUPNS", kNs, c::NamespaceInode<kCgroupNs>, nullptr},
      {"class", nullptr, "CLS", kStat, c::Policy, nullptr},
      {"cls", nullptr, "CLS", kStat, c::Policy, nullptr},
      {"cmd", nullptr, "CMD", kCmdline, c::Args, nullptr},
      {"comm", "%c", "COMMAND", kStat, c::Comm, nullptr},
      {"command", nullptr, "COMMAND", kCmdline, c::Args, nullptr},
      {"cputime", nullptr, "TIME", kStat, c::Time, c::TimePsgo},
      {"cputimes", nullptr, "TIME", kStat, c::Times, nullptr},
      {"drs", nullptr, "DRS", kStat, c::Drs, nullptr},
      {"egid", nullptr, "EGID", kStatus, c::GidNumber<kEffective>, nullptr},
      {"egroup", nullptr, "EGROUP", kStatus, c::GroupName<kEffective>, nullptr},
      {"etime", "%t", "ELAPSED", kStat, c::Etime, c::EtimePsgo},
      {"etimes", nullptr, "ELAPSED", kStat, c::Etimes, nullptr},
      {"euid", nullptr, "EUID", kStatus, c::UidNumber<kEffective>, nullptr},
      {"euser", nullptr, "EUSER", kStatus, c::UserName<kEffective>, nullptr},
      {"f", nullptr, "F", kStat, c::Flags, nullptr},
      {"fgid", nullptr, "FGID", kStatus, c::GidNumber<kFilesystem>, nullptr},
      {"fgroup", nullptr, "FGROUP", kStatus, c::GroupName<kFilesystem>, nullptr},
      {"flag", nullptr, "F", kStat, c::Flags, nullptr},
      {"flags", nullptr, "F", kStat, c::Flags, nullptr},
      {"fsgid", nullptr, "FSGID", kStatus, c::GidNumber<kFilesystem>, nullptr},
      {"fsgroup", nullptr, "FSGROUP", kStatus, c::GroupName<kFilesystem>, nullptr},
      {"fsuid", nullptr, "FSUID", kStatus, c::UidNumber<kFilesystem>, nullptr},
      {"fsuser", nullptr, "FSUSER", kStatus, c::UserName<kFilesystem>, nullptr},
      {"fuid", nullptr, "FUID", kStatus, c::UidNumber<kFilesystem>, nullptr},
      {"fuser", nullptr, "FUSER", kStatus, c::UserName<kFilesystem>, nullptr},
      {"gid", nullptr, "GID", kStatus, c::GidNumber<kEffective>, nullptr},
      {"group", "%G", "GROUP", kStatus, c::GroupName<kEffective>, nullptr},
      {"groups", nullptr, "GROUPS", kStatus, c::Groups, c::GroupsPsgo},
      {"hgroup", nullptr, "HGROUP", kHost, c::Hgroup, nullptr},
      {"hgroups", nullptr, "HGROUPS", kHost, c::Hgroups, nullptr},
      {"hpid", nullptr, "HPID", kHost, c::Hpid, nullptr},
      {"huid", nullptr, "HUID", kHost, c::Huid, nullptr},
      {"huser", nullptr, "HUSER", kHost, c::Huser, nullptr},
      {"ipcns", nullptr, "IPCNS", kNs, c::NamespaceInode<kIpcNs>, nullptr},
      {"label", nullptr, "LABEL", kStat | kSourceLabel, c::Label, c::LabelPsgo},
      {"lstart", nullptr, "STARTED", kStat, c::Lstart, nullptr},
      {"lwp", nullptr, "LWP", kStat, c::Tid, nullptr},
      {"maj_flt", nullptr, "MAJFL", kStat, c::MajorFaults, nullptr},
      {"majflt", nullptr, "MAJFLT", kStat, c::MajorFaults, nullptr},
      {"min_flt", nullptr, "MINFL", kStat, c::MinorFaults, nullptr},
      {"minflt", nullptr, "MINFLT", kStat, c::MinorFaults, nullptr},
      {"mntns", nullptr, "MNTNS", kNs, c::NamespaceInode<kMntNs>, nullptr},
      {"netns", nullptr, "NETNS", kNs, c::NamespaceInode<kNetNs>, nullptr},
      {"ni", nullptr, "NI", kStat, c::Nice, nullptr},
      {"nice", "%n", "NI", kStat, c::Nice, nullptr},
      {"nlwp", nullptr, "NLWP", kStat, c::Nlwp, nullptr},
      {"pcpu", "%C", "%CPU", kStat, c::Pcpu, c::PcpuPsgo},
      {"pgid", "%r", "PGID", kStat, c::Pgid, nullptr},
      {"pgrp", nullptr, "PGRP", kStat, c::Pgid, nullptr},
      {"pid", "%p", "PID", kStat, c::Pid, nullptr},
      {"pidns", nullptr, "PIDNS", kNs, c::NamespaceInode<kPidNs>, nullptr},
      {"pmem", nullptr, "%MEM", kStatus, c::Pmem, nullptr},
      {"policy", nullptr, "POL", kStat, c::Policy, nullptr},
      {"ppid", "%P", "PPID", kStat, c::Ppid, nullptr},
      {"pri", nullptr, "PRI", kStat, c::Pri, nullptr},
      {"psr", nullptr, "PSR", kStat, c::Psr, nullptr},
      {"rgid", nullptr, "RGID", kStatus, c::GidNumber<kReal>, nullptr},
      {"rgroup", "%g", "RGROUP", kStatus, c::GroupName<kReal>, nullptr},
      {"rss", nullptr, "RSS", kStatus, c::Rss, nullptr},
      {"rssize", nullptr, "RSS", kStatus, c::Rss, nullptr},
      {"rsz", nullptr, "RSZ", kStatus, c::Rss, nullptr},
      {"rtprio", nullptr, "RTPRIO", kStat, c::Rtprio, nullptr},
      {"ruid", nullptr, "RUID", kStatus, c::UidNumber<kReal>, nullptr},
      {"ruser", "%u", "RUSER", kStatus, c::UserName<kReal>, nullptr},
      {"s", nullptr, "S", kStat, c::State, nullptr},
      {"seccomp", nullptr, "SECCOMP", kStatus, c::Seccomp, nullptr},
      {"sess", nullptr, "SESS", kStat, c::Sid, nullptr},
      {"session", nullptr, "SESS", kStat, c::Sid, nullptr},
      {"sgid", nullptr, "SGID", kStatus, c::GidNumber<kSaved>, nullptr},
      {"sgroup", nullptr, "SGROUP", kStatus, c::GroupName<kSaved>, nullptr},
      {"sid", nullptr, "SID", kStat, c::Sid, nullptr},
      {"spid", nullptr, "SPID", kStat, c::Tid, nullptr},
      {"start", nullptr, "STARTED", kStat, c::Start, nullptr},
      {"start_time", nullptr, "START", kStat, c::Stime, nullptr},
      {"stat", nullptr, "STAT", kStatus, c::Stat, nullptr},
      {"state", nullptr, "STATE", kStat, c::State, nullptr},
      {"stime", nullptr, "STIME", kStat, c::Stime, c::StimePsgo},
      {"suid", nullptr, "SUID", kStatus, c::UidNumber<kSaved>, nullptr},
      {"supgid", nullptr, "SUPGID", kStatus, c::SupplementaryGids, nullptr},
      {"supgrp", nullptr, "SUPGRP", kStatus, c::Groups, nullptr},
      {"suser", nullptr, "SUSER", kStatus, c::UserName<kSaved>, nullptr},
      {"svgid", nullptr, "SVGID", kStatus, c::GidNumber<kSaved>, nullptr},
      {"svgroup", nullptr, "SVGROUP", kStatus, c::GroupName<kSaved>, nullptr},
      {"svuid", nullptr, "SVUID", kStatus, c::UidNumber<kSaved>, nullptr},
      {"svuser", nullptr, "SVUSER", kStatus, c::UserName<kSaved>, nullptr},
      {"sz", nullptr, "SZ", kStat, c::Sz, nullptr},
      {"tgid", nullptr, "TGID", kStat, c::Pid, nullptr},
      {"thcount", nullptr, "THCNT", kStat, c::Nlwp, nullptr},
      {"tid", nullptr, "TID", kStat, c::Tid, nullptr},
      {"time", "%x", "TIME", kStat, c::Time, c::TimePsgo},
      {"timens", nullptr, "TIMENS", kNs, c::NamespaceInode<kTimeNs>, nullptr},
      {"times", nullptr, "TIME", kStat, c::Times, nullptr},
      {"tname", nullptr, "TTY", kStat | kSourceTty, c::Tty, nullptr},
      {"tpgid", nullptr, "TPGID", kStat, c::Tpgid, nullptr},
      {"trs", nullptr, "TRS", kStat, c::Trs, nullptr},
      {"tt", nullptr, "TT", kStat | kSourceTty, c::Tty, nullptr},
      {"tty", "%y", "TTY", kStat | kSourceTty, c::Tty, nullptr},
      {"ucmd", nullptr, "CMD", kStat, c::Comm, nullptr},
      {"ucomm", nullptr, "COMMAND", kStat, c::Comm, nullptr},
      {"uid", nullptr, "UID", kStatus, c::UidNumber<kEffective>, nullptr},
      {"uname", nullptr, "USER", kStatus, c::UserName<kEffective>, nullptr},
      {"user", "%U", "USER", kStatus, c::UserName<kEffective>, nullptr},
      {"userns", nullptr, "USERNS", kNs, c::NamespaceInode<kUserNs>, nullptr},
      {"utsns", nullptr, "UTSNS", kNs, c::NamespaceInode<kUtsNs>, nullptr},
      {"vsize", nullptr, "VSZ", kStat, c::Vsz, nullptr},
      {"vsz", "%z", "VSZ", kStat, c::Vsz, nullptr},
      {"wchan", nullptr, "WCHAN", kStat | kSourceWchan, c::Wchan, nullptr},
      {"wname", nullptr, "WCHAN", kStat | kSourceWchan, c::Wchan, nullptr},
  };
  return table;
}

const Descriptor* FindDescriptor(std::string_view key) {
  for (const Descriptor& d : Descriptors()) {
    if (key == d.name || (d.code != nullptr && key == d.code)) return &d;
  }
  return nullptr;
}

}  // namespace psnode::core
