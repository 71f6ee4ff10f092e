#include "core/columns.h"
#include "core/host_lookup.h"

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

template <std::string HostProcess::*kField>
std::string HostField(Record record, Context context) {
  const HostProcess* host = FindHostProcess(record, context);
  return host ? host->*kField : "?";
}

template std::string HostField<&HostProcess::pid>(Record, Context);
template std::string HostField<&HostProcess::user>(Record, Context);
template std::string HostField<&HostProcess::uid>(Record, Context);
template std::string HostField<&HostProcess::group>(Record, Context);
template std::string HostField<&HostProcess::groups>(Record, Context);

}  // namespace psnode::core::columns
