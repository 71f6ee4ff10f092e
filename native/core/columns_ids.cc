#include "core/columns.h"

namespace psnode::core::columns {
namespace {

std::string JoinGroupNames(Record record, Context context) {
  std::string out;
  for (std::uint32_t gid : record.status.groups) {
    if (!out.empty()) out += ',';
    out += context.names->Group(context.ViewGid(gid));
  }
  return out;
}

// Returns the host process of a container process, or nullptr when the
// listing did not join a container or no host process matches.
const HostProcess* FindHost(Record record, Context context) {
  if (context.host == nullptr || record.status.nspid.empty()) return nullptr;
  std::uint64_t pid_ns = record.ns_inodes[kPidNs];
  // ns/pid of a task that the kernel's ptrace check protects cannot be
  // read even by root. NSpid has one entry for a process of the PID
  // namespace that the /proc being read belongs to, so that one serves.
  if (pid_ns == 0 && record.status.nspid.size() == 1) pid_ns = context.proc_pid_ns;
  if (pid_ns == 0) return nullptr;
  auto it = context.host->find({pid_ns, record.status.nspid.back()});
  return it == context.host->end() ? nullptr : &it->second;
}

}  // namespace

template <int kIndex>
std::string UidNumber(Record record, Context context) {
  return std::to_string(context.ViewUid(record.status.uid[kIndex]));
}

template <int kIndex>
std::string UserName(Record record, Context context) {
  return context.names->User(context.ViewUid(record.status.uid[kIndex]));
}

template <int kIndex>
std::string GidNumber(Record record, Context context) {
  return std::to_string(context.ViewGid(record.status.gid[kIndex]));
}

template <int kIndex>
std::string GroupName(Record record, Context context) {
  return context.names->Group(context.ViewGid(record.status.gid[kIndex]));
}

template std::string UidNumber<0>(Record, Context);
template std::string UidNumber<1>(Record, Context);
template std::string UidNumber<2>(Record, Context);
template std::string UidNumber<3>(Record, Context);
template std::string UserName<0>(Record, Context);
template std::string UserName<1>(Record, Context);
template std::string UserName<2>(Record, Context);
template std::string UserName<3>(Record, Context);
template std::string GidNumber<0>(Record, Context);
template std::string GidNumber<1>(Record, Context);
template std::string GidNumber<2>(Record, Context);
template std::string GidNumber<3>(Record, Context);
template std::string GroupName<0>(Record, Context);
template std::string GroupName<1>(Record, Context);
template std::string GroupName<2>(Record, Context);
template std::string GroupName<3>(Record, Context);

std::string Groups(Record record, Context context) {
  std::string names = JoinGroupNames(record, context);
  return names.empty() ? "-" : names;  // as ps prints supgrp
}

std::string GroupsPsgo(Record record, Context context) {
  return JoinGroupNames(record, context);
}

std::string SupplementaryGids(Record record, Context context) {
  std::string out;
  for (std::uint32_t gid : record.status.groups) {
    if (!out.empty()) out += ',';
    out += std::to_string(context.ViewGid(gid));
  }
  return out.empty() ? "-" : out;
}

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
