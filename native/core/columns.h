// Value formatters for the descriptor table, one function per column,
// grouped by concern in columns_*.cc.
#pragma once

#include <string>

#include "core/context.h"
#include "core/process.h"

namespace psnode::core::columns {

using Record = const ProcessRecord&;
using Context = FormatContext&;

// Identity and scheduling (columns_process.cc).
std::string Pid(Record, Context);
std::string Tid(Record, Context);
std::string Ppid(Record, Context);
std::string Pgid(Record, Context);
std::string Sid(Record, Context);
std::string Tpgid(Record, Context);
std::string Nlwp(Record, Context);
std::string State(Record, Context);
std::string Stat(Record, Context);
std::string Nice(Record, Context);
std::string Pri(Record, Context);
std::string Rtprio(Record, Context);
std::string Policy(Record, Context);
std::string Psr(Record, Context);
std::string Flags(Record, Context);
std::string Wchan(Record, Context);
std::string Tty(Record, Context);
std::string Args(Record, Context);
std::string Comm(Record, Context);
std::string Label(Record, Context);
std::string LabelPsgo(Record, Context);
std::string Seccomp(Record, Context);
std::string Cgroup(Record, Context);
template <Namespace kNs>
std::string NamespaceInode(Record, Context);

// Capabilities (columns_process.cc).
std::string CapAmb(Record, Context);
std::string CapInh(Record, Context);
std::string CapPrm(Record, Context);
std::string CapEff(Record, Context);
std::string CapBnd(Record, Context);

// Users and groups (columns_ids.cc). kIndex picks the id of the Uid or
// Gid line of status: 0 real, 1 effective, 2 saved, 3 filesystem.
template <int kIndex>
std::string UidNumber(Record, Context);
template <int kIndex>
std::string UserName(Record, Context);
template <int kIndex>
std::string GidNumber(Record, Context);
template <int kIndex>
std::string GroupName(Record, Context);
std::string Groups(Record, Context);
std::string GroupsPsgo(Record, Context);
std::string SupplementaryGids(Record, Context);
// A host descriptor of a joined container's process: the field of its host
// process, or "?" when there is none.
template <std::string HostProcess::*kField>
std::string HostField(Record, Context);

// Times (columns_time.cc).
std::string Pcpu(Record, Context);
std::string PcpuPsgo(Record, Context);
std::string Etime(Record, Context);
std::string EtimePsgo(Record, Context);
std::string Etimes(Record, Context);
std::string Time(Record, Context);
std::string TimePsgo(Record, Context);
std::string Times(Record, Context);
std::string Stime(Record, Context);
std::string StimePsgo(Record, Context);
std::string Start(Record, Context);
std::string Lstart(Record, Context);
std::string BsdStart(Record, Context);

// Memory and faults (columns_memory.cc).
std::string Vsz(Record, Context);
std::string Rss(Record, Context);
std::string Pmem(Record, Context);
std::string Sz(Record, Context);
std::string Trs(Record, Context);
std::string Drs(Record, Context);
std::string MajorFaults(Record, Context);
std::string MinorFaults(Record, Context);

}  // namespace psnode::core::columns
