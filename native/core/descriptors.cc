#include "core/descriptors.h"

#include <unordered_map>

#include "core/columns.h"
#include "core/typed.h"

namespace psnode::core {
namespace {

namespace c = columns;
namespace t = typed;
constexpr unsigned kStat = kSourceStat;
constexpr unsigned kStatus = kSourceStat | kSourceStatus;
constexpr unsigned kCmdline = kSourceStat | kSourceCmdline;
constexpr unsigned kHost = kStatus | kSourceHost;
constexpr unsigned kNs = kSourceStat | kSourceNamespaces;
constexpr unsigned kOwner = kSourceStat | kSourceOwner;

// Indexes of the Uid and Gid lines of status.
constexpr int kReal = 0, kEffective = 1, kSaved = 2, kFilesystem = 3;

}  // namespace

const std::vector<Descriptor>& Descriptors() {
  // Headers are ps's for its keywords, except TTY for tty (as ps prints it
  // for %y), and psgo's for the descriptors only psgo has (STATE for
  // state, the capability sets, the host descriptors). Rows with the same
  // formatter are aliases that ps accepts.
  static const std::vector<Descriptor> table = {
      {"%cpu", nullptr, "%CPU", kStat, c::Pcpu, c::PcpuPsgo, t::Pcpu},
      {"%mem", nullptr, "%MEM", kStatus, c::Pmem, nullptr, t::Pmem},
      {"args", "%a", "COMMAND", kCmdline, c::Args, nullptr, t::Args},
      {"bsdstart", nullptr, "START", kStat, c::BsdStart, nullptr, t::StartMilliseconds},
      {"capamb", nullptr, "AMBIENT CAPS", kStatus, c::CapAmb, nullptr, t::Capabilities<t::kCapAmb>},
      {"capbnd", nullptr, "BOUNDING CAPS", kStatus, c::CapBnd, nullptr, t::Capabilities<t::kCapBnd>},
      {"capeff", nullptr, "EFFECTIVE CAPS", kStatus, c::CapEff, nullptr, t::Capabilities<t::kCapEff>},
      {"capinh", nullptr, "INHERITED CAPS", kStatus, c::CapInh, nullptr, t::Capabilities<t::kCapInh>},
      {"capprm", nullptr, "PERMITTED CAPS", kStatus, c::CapPrm, nullptr, t::Capabilities<t::kCapPrm>},
      {"cgroup", nullptr, "CGROUP", kStat | kSourceCgroup, c::Cgroup, nullptr, t::Cgroup},
      {"cgroupns", nullptr, "CGROUPNS", kNs, c::NamespaceInode<kCgroupNs>, nullptr, t::NamespaceInode<kCgroupNs>},
      {"class", nullptr, "CLS", kStat, c::Policy, nullptr, t::Policy},
      {"cls", nullptr, "CLS", kStat, c::Policy, nullptr, t::Policy},
      {"cmd", nullptr, "CMD", kCmdline, c::Args, nullptr, t::Args},
      {"comm", "%c", "COMMAND", kStat, c::Comm, nullptr, t::Comm},
      {"command", nullptr, "COMMAND", kCmdline, c::Args, nullptr, t::Args},
      {"cputime", nullptr, "TIME", kStat, c::Time, c::TimePsgo, t::CpuSeconds},
      {"cputimes", nullptr, "TIME", kStat, c::Times, nullptr, t::CpuSeconds},
      {"drs", nullptr, "DRS", kStat, c::Drs, nullptr, t::Drs},
      {"egid", nullptr, "EGID", kOwner, c::GidNumber<kEffective>, nullptr, t::GidNumber<kEffective>},
      {"egroup", nullptr, "EGROUP", kOwner, c::GroupName<kEffective>, nullptr, t::GroupName<kEffective>},
      {"etime", "%t", "ELAPSED", kStat, c::Etime, c::EtimePsgo, t::ElapsedSeconds},
      {"etimes", nullptr, "ELAPSED", kStat, c::Etimes, nullptr, t::ElapsedSeconds},
      {"euid", nullptr, "EUID", kOwner, c::UidNumber<kEffective>, nullptr, t::UidNumber<kEffective>},
      {"euser", nullptr, "EUSER", kOwner, c::UserName<kEffective>, nullptr, t::UserName<kEffective>},
      {"f", nullptr, "F", kStat, c::Flags, nullptr, t::Flags},
      {"fgid", nullptr, "FGID", kStatus, c::GidNumber<kFilesystem>, nullptr, t::GidNumber<kFilesystem>},
      {"fgroup", nullptr, "FGROUP", kStatus, c::GroupName<kFilesystem>, nullptr, t::GroupName<kFilesystem>},
      {"flag", nullptr, "F", kStat, c::Flags, nullptr, t::Flags},
      {"flags", nullptr, "F", kStat, c::Flags, nullptr, t::Flags},
      {"fsgid", nullptr, "FSGID", kStatus, c::GidNumber<kFilesystem>, nullptr, t::GidNumber<kFilesystem>},
      {"fsgroup", nullptr, "FSGROUP", kStatus, c::GroupName<kFilesystem>, nullptr, t::GroupName<kFilesystem>},
      {"fsuid", nullptr, "FSUID", kStatus, c::UidNumber<kFilesystem>, nullptr, t::UidNumber<kFilesystem>},
      {"fsuser", nullptr, "FSUSER", kStatus, c::UserName<kFilesystem>, nullptr, t::UserName<kFilesystem>},
      {"fuid", nullptr, "FUID", kStatus, c::UidNumber<kFilesystem>, nullptr, t::UidNumber<kFilesystem>},
      {"fuser", nullptr, "FUSER", kStatus, c::UserName<kFilesystem>, nullptr, t::UserName<kFilesystem>},
      {"gid", nullptr, "GID", kOwner, c::GidNumber<kEffective>, nullptr, t::GidNumber<kEffective>},
      {"group", "%G", "GROUP", kOwner, c::GroupName<kEffective>, nullptr, t::GroupName<kEffective>},
      {"groups", nullptr, "GROUPS", kStatus, c::Groups, c::GroupsPsgo, t::GroupNames},
      {"hgroup", nullptr, "HGROUP", kHost, c::HostField<&HostProcess::group>, nullptr, t::Hgroup},
      {"hgroups", nullptr, "HGROUPS", kHost, c::HostField<&HostProcess::groups>, nullptr, t::Hgroups},
      {"hpid", nullptr, "HPID", kHost, c::HostField<&HostProcess::pid>, nullptr, t::Hpid},
      {"huid", nullptr, "HUID", kHost, c::HostField<&HostProcess::uid>, nullptr, t::Huid},
      {"huser", nullptr, "HUSER", kHost, c::HostField<&HostProcess::user>, nullptr, t::Huser},
      {"ipcns", nullptr, "IPCNS", kNs, c::NamespaceInode<kIpcNs>, nullptr, t::NamespaceInode<kIpcNs>},
      {"label", nullptr, "LABEL", kStat | kSourceLabel, c::Label, c::LabelPsgo, t::Label},
      {"lstart", nullptr, "STARTED", kStat, c::Lstart, nullptr, t::StartMilliseconds},
      {"lwp", nullptr, "LWP", kStat, c::Tid, nullptr, t::Tid},
      {"maj_flt", nullptr, "MAJFL", kStat, c::MajorFaults, nullptr, t::MajorFaults},
      {"majflt", nullptr, "MAJFLT", kStat, c::MajorFaults, nullptr, t::MajorFaults},
      {"min_flt", nullptr, "MINFL", kStat, c::MinorFaults, nullptr, t::MinorFaults},
      {"minflt", nullptr, "MINFLT", kStat, c::MinorFaults, nullptr, t::MinorFaults},
      {"mntns", nullptr, "MNTNS", kNs, c::NamespaceInode<kMntNs>, nullptr, t::NamespaceInode<kMntNs>},
      {"netns", nullptr, "NETNS", kNs, c::NamespaceInode<kNetNs>, nullptr, t::NamespaceInode<kNetNs>},
      {"ni", nullptr, "NI", kStat, c::Nice, nullptr, t::Nice},
      {"nice", "%n", "NI", kStat, c::Nice, nullptr, t::Nice},
      {"nlwp", nullptr, "NLWP", kStat, c::Nlwp, nullptr, t::Nlwp},
      {"pcpu", "%C", "%CPU", kStat, c::Pcpu, c::PcpuPsgo, t::Pcpu},
      {"pgid", "%r", "PGID", kStat, c::Pgid, nullptr, t::Pgid},
      {"pgrp", nullptr, "PGRP", kStat, c::Pgid, nullptr, t::Pgid},
      {"pid", "%p", "PID", kStat, c::Pid, nullptr, t::Pid},
      {"pidns", nullptr, "PIDNS", kNs, c::NamespaceInode<kPidNs>, nullptr, t::NamespaceInode<kPidNs>},
      {"pmem", nullptr, "%MEM", kStatus, c::Pmem, nullptr, t::Pmem},
      {"policy", nullptr, "POL", kStat, c::Policy, nullptr, t::Policy},
      {"ppid", "%P", "PPID", kStat, c::Ppid, nullptr, t::Ppid},
      {"pri", nullptr, "PRI", kStat, c::Pri, nullptr, t::Pri},
      {"psr", nullptr, "PSR", kStat, c::Psr, nullptr, t::Psr},
      {"rgid", nullptr, "RGID", kStatus, c::GidNumber<kReal>, nullptr, t::GidNumber<kReal>},
      {"rgroup", "%g", "RGROUP", kStatus, c::GroupName<kReal>, nullptr, t::GroupName<kReal>},
      {"rss", nullptr, "RSS", kStatus, c::Rss, nullptr, t::Rss},
      {"rssize", nullptr, "RSS", kStatus, c::Rss, nullptr, t::Rss},
      {"rsz", nullptr, "RSZ", kStatus, c::Rss, nullptr, t::Rss},
      {"rtprio", nullptr, "RTPRIO", kStat, c::Rtprio, nullptr, t::Rtprio},
      {"ruid", nullptr, "RUID", kStatus, c::UidNumber<kReal>, nullptr, t::UidNumber<kReal>},
      {"ruser", "%u", "RUSER", kStatus, c::UserName<kReal>, nullptr, t::UserName<kReal>},
      {"s", nullptr, "S", kStat, c::State, nullptr, t::State},
      {"seccomp", nullptr, "SECCOMP", kStatus, c::Seccomp, nullptr, t::Seccomp},
      {"sess", nullptr, "SESS", kStat, c::Sid, nullptr, t::Sid},
      {"session", nullptr, "SESS", kStat, c::Sid, nullptr, t::Sid},
      {"sgid", nullptr, "SGID", kStatus, c::GidNumber<kSaved>, nullptr, t::GidNumber<kSaved>},
      {"sgroup", nullptr, "SGROUP", kStatus, c::GroupName<kSaved>, nullptr, t::GroupName<kSaved>},
      {"sid", nullptr, "SID", kStat, c::Sid, nullptr, t::Sid},
      {"spid", nullptr, "SPID", kStat, c::Tid, nullptr, t::Tid},
      {"start", nullptr, "STARTED", kStat, c::Start, nullptr, t::StartMilliseconds},
      {"start_time", nullptr, "START", kStat, c::Stime, nullptr, t::StartMilliseconds},
      {"stat", nullptr, "STAT", kStatus, c::Stat, nullptr, t::Stat},
      {"state", nullptr, "STATE", kStat, c::State, nullptr, t::State},
      {"stime", nullptr, "STIME", kStat, c::Stime, c::StimePsgo, t::StartMilliseconds},
      {"suid", nullptr, "SUID", kStatus, c::UidNumber<kSaved>, nullptr, t::UidNumber<kSaved>},
      {"supgid", nullptr, "SUPGID", kStatus, c::SupplementaryGids, nullptr, t::GroupIds},
      {"supgrp", nullptr, "SUPGRP", kStatus, c::Groups, nullptr, t::GroupNames},
      {"suser", nullptr, "SUSER", kStatus, c::UserName<kSaved>, nullptr, t::UserName<kSaved>},
      {"svgid", nullptr, "SVGID", kStatus, c::GidNumber<kSaved>, nullptr, t::GidNumber<kSaved>},
      {"svgroup", nullptr, "SVGROUP", kStatus, c::GroupName<kSaved>, nullptr, t::GroupName<kSaved>},
      {"svuid", nullptr, "SVUID", kStatus, c::UidNumber<kSaved>, nullptr, t::UidNumber<kSaved>},
      {"svuser", nullptr, "SVUSER", kStatus, c::UserName<kSaved>, nullptr, t::UserName<kSaved>},
      {"sz", nullptr, "SZ", kStat, c::Sz, nullptr, t::Sz},
      {"tgid", nullptr, "TGID", kStat, c::Pid, nullptr, t::Pid},
      {"thcount", nullptr, "THCNT", kStat, c::Nlwp, nullptr, t::Nlwp},
      {"tid", nullptr, "TID", kStat, c::Tid, nullptr, t::Tid},
      {"time", "%x", "TIME", kStat, c::Time, c::TimePsgo, t::CpuSeconds},
      {"timens", nullptr, "TIMENS", kNs, c::NamespaceInode<kTimeNs>, nullptr, t::NamespaceInode<kTimeNs>},
      {"times", nullptr, "TIME", kStat, c::Times, nullptr, t::CpuSeconds},
      {"tname", nullptr, "TTY", kStat | kSourceTty, c::Tty, nullptr, t::Tty},
      {"tpgid", nullptr, "TPGID", kStat, c::Tpgid, nullptr, t::Tpgid},
      {"trs", nullptr, "TRS", kStat, c::Trs, nullptr, t::Trs},
      {"tt", nullptr, "TT", kStat | kSourceTty, c::Tty, nullptr, t::Tty},
      {"tty", "%y", "TTY", kStat | kSourceTty, c::Tty, nullptr, t::Tty},
      {"ucmd", nullptr, "CMD", kStat, c::Comm, nullptr, t::Comm},
      {"ucomm", nullptr, "COMMAND", kStat, c::Comm, nullptr, t::Comm},
      {"uid", nullptr, "UID", kOwner, c::UidNumber<kEffective>, nullptr, t::UidNumber<kEffective>},
      {"uname", nullptr, "USER", kOwner, c::UserName<kEffective>, nullptr, t::UserName<kEffective>},
      {"user", "%U", "USER", kOwner, c::UserName<kEffective>, nullptr, t::UserName<kEffective>},
      {"userns", nullptr, "USERNS", kNs, c::NamespaceInode<kUserNs>, nullptr, t::NamespaceInode<kUserNs>},
      {"utsns", nullptr, "UTSNS", kNs, c::NamespaceInode<kUtsNs>, nullptr, t::NamespaceInode<kUtsNs>},
      {"vsize", nullptr, "VSZ", kStat, c::Vsz, nullptr, t::Vsz},
      {"vsz", "%z", "VSZ", kStat, c::Vsz, nullptr, t::Vsz},
      {"wchan", nullptr, "WCHAN", kStat | kSourceWchan, c::Wchan, nullptr, t::Wchan},
      {"wname", nullptr, "WCHAN", kStat | kSourceWchan, c::Wchan, nullptr, t::Wchan},
  };
  return table;
}

const Descriptor* FindDescriptor(std::string_view key) {
  // Every call looks up each of its descriptors: a scan of the table per
  // descriptor cost a call with all of them about 14,000 comparisons.
  static const std::unordered_map<std::string_view, const Descriptor*> by_key = [] {
    std::unordered_map<std::string_view, const Descriptor*> map;
    for (const Descriptor& d : Descriptors()) {
      map.emplace(d.name, &d);
      if (d.code != nullptr) map.emplace(d.code, &d);
    }
    return map;
  }();
  auto found = by_key.find(key);
  return found == by_key.end() ? nullptr : found->second;
}

}  // namespace psnode::core
