#include "core/descriptors.h"

#include "core/columns.h"

namespace psnode::core {
namespace {

namespace c = columns;
constexpr unsigned kStat = kSourceStat;
constexpr unsigned kStatus = kSourceStat | kSourceStatus;
constexpr unsigned kHost = kStatus | kSourceHost;

}  // namespace

const std::vector<Descriptor>& Descriptors() {
  // Headers follow ps where ps has the keyword (TTY as ps prints it for
  // %y), and psgo for the descriptors only psgo has.
  static const std::vector<Descriptor> table = {
      {"args", "%a", "COMMAND", kStat | kSourceCmdline, c::Args, nullptr},
      {"capamb", nullptr, "AMBIENT CAPS", kStatus, c::CapAmb, nullptr},
      {"capbnd", nullptr, "BOUNDING CAPS", kStatus, c::CapBnd, nullptr},
      {"capeff", nullptr, "EFFECTIVE CAPS", kStatus, c::CapEff, nullptr},
      {"capinh", nullptr, "INHERITED CAPS", kStatus, c::CapInh, nullptr},
      {"capprm", nullptr, "PERMITTED CAPS", kStatus, c::CapPrm, nullptr},
      {"comm", "%c", "COMMAND", kStat, c::Comm, nullptr},
      {"etime", "%t", "ELAPSED", kStat, c::Etime, c::EtimePsgo},
      {"group", "%G", "GROUP", kStatus, c::Group, nullptr},
      {"groups", nullptr, "GROUPS", kStatus, c::Groups, c::GroupsPsgo},
      {"hgroup", nullptr, "HGROUP", kHost, c::Hgroup, nullptr},
      {"hgroups", nullptr, "HGROUPS", kHost, c::Hgroups, nullptr},
      {"hpid", nullptr, "HPID", kHost, c::Hpid, nullptr},
      {"huid", nullptr, "HUID", kHost, c::Huid, nullptr},
      {"huser", nullptr, "HUSER", kHost, c::Huser, nullptr},
      {"label", nullptr, "LABEL", kStat | kSourceLabel, c::Label, c::LabelPsgo},
      {"nice", "%n", "NI", kStat, c::Nice, nullptr},
      {"pcpu", "%C", "%CPU", kStat, c::Pcpu, c::PcpuPsgo},
      {"pgid", "%r", "PGID", kStat, c::Pgid, nullptr},
      {"pid", "%p", "PID", kStat, c::Pid, nullptr},
      {"ppid", "%P", "PPID", kStat, c::Ppid, nullptr},
      {"rgroup", "%g", "RGROUP", kStatus, c::Rgroup, nullptr},
      {"rss", nullptr, "RSS", kStatus, c::Rss, nullptr},
      {"ruser", "%u", "RUSER", kStatus, c::Ruser, nullptr},
      {"seccomp", nullptr, "SECCOMP", kStatus, c::Seccomp, nullptr},
      {"state", nullptr, "STATE", kStat, c::State, nullptr},
      {"stime", nullptr, "STIME", kStat, c::Stime, c::StimePsgo},
      {"time", "%x", "TIME", kStat, c::Time, c::TimePsgo},
      {"tty", "%y", "TTY", kStat | kSourceTty, c::Tty, nullptr},
      {"uid", nullptr, "UID", kStatus, c::Uid, nullptr},
      {"user", "%U", "USER", kStatus, c::User, nullptr},
      {"vsz", "%z", "VSZ", kStat, c::Vsz, nullptr},
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
