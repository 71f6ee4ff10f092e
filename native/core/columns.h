// Value formatters for the descriptor table, one function per column.
#pragma once

#include <string>

#include "core/context.h"
#include "core/process.h"

namespace psnode::core::columns {

using R = const ProcessRecord&;
using C = FormatContext&;

std::string Pid(R, C);
std::string Ppid(R, C);
std::string Pgid(R, C);
std::string User(R, C);
std::string Ruser(R, C);
std::string Group(R, C);
std::string Rgroup(R, C);
std::string Uid(R, C);
std::string Groups(R, C);
std::string GroupsPsgo(R, C);
std::string Args(R, C);
std::string Comm(R, C);
std::string Nice(R, C);
std::string Pcpu(R, C);
std::string PcpuPsgo(R, C);
std::string Etime(R, C);
std::string EtimePsgo(R, C);
std::string Time(R, C);
std::string TimePsgo(R, C);
std::string Stime(R, C);
std::string StimePsgo(R, C);
std::string Tty(R, C);
std::string Vsz(R, C);
std::string Rss(R, C);
std::string State(R, C);
std::string CapAmb(R, C);
std::string CapInh(R, C);
std::string CapPrm(R, C);
std::string CapEff(R, C);
std::string CapBnd(R, C);
std::string Seccomp(R, C);
std::string Label(R, C);
std::string LabelPsgo(R, C);

}  // namespace psnode::core::columns
