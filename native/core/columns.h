// Value formatters for the descriptor table, one function per column.
#pragma once

#include <string>

#include "core/context.h"
#include "core/process.h"

namespace psnode::core::columns {

using Record = const ProcessRecord&;
using Context = FormatContext&;

std::string Pid(Record, Context);
std::string Ppid(Record, Context);
std::string Pgid(Record, Context);
std::string User(Record, Context);
std::string Ruser(Record, Context);
std::string Group(Record, Context);
std::string Rgroup(Record, Context);
std::string Uid(Record, Context);
std::string Groups(Record, Context);
std::string GroupsPsgo(Record, Context);
std::string Args(Record, Context);
std::string Comm(Record, Context);
std::string Nice(Record, Context);
std::string Pcpu(Record, Context);
std::string PcpuPsgo(Record, Context);
std::string Etime(Record, Context);
std::string EtimePsgo(Record, Context);
std::string Time(Record, Context);
std::string TimePsgo(Record, Context);
std::string Stime(Record, Context);
std::string StimePsgo(Record, Context);
std::string Tty(Record, Context);
std::string Vsz(Record, Context);
std::string Rss(Record, Context);
std::string State(Record, Context);
std::string CapAmb(Record, Context);
std::string CapInh(Record, Context);
std::string CapPrm(Record, Context);
std::string CapEff(Record, Context);
std::string CapBnd(Record, Context);
std::string Seccomp(Record, Context);
std::string Label(Record, Context);
std::string LabelPsgo(Record, Context);
std::string Hpid(Record, Context);
std::string Huser(Record, Context);
std::string Huid(Record, Context);
std::string Hgroup(Record, Context);
std::string Hgroups(Record, Context);

}  // namespace psnode::core::columns
