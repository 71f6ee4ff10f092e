// Typed formatters for the records API, one per column kind: the same
// parsed values as the string columns, as numbers, strings and arrays.
// Units: times in seconds, start times in milliseconds since the epoch,
// memory sizes in KiB (sz in pages), percentages of one CPU or of
// MemTotal. null where a value cannot be read or does not apply.
#pragma once

#include "core/context.h"
#include "core/process.h"
#include "core/value.h"

namespace psnode::core::typed {

using Record = const ProcessRecord&;
using Context = FormatContext&;

Value Pid(Record, Context);
Value Tid(Record, Context);
Value Ppid(Record, Context);
Value Pgid(Record, Context);
Value Sid(Record, Context);
Value Tpgid(Record, Context);
Value Nlwp(Record, Context);
Value State(Record, Context);
Value Stat(Record, Context);
Value Nice(Record, Context);
Value Pri(Record, Context);
Value Rtprio(Record, Context);
Value Policy(Record, Context);
Value Psr(Record, Context);
Value Flags(Record, Context);
Value Wchan(Record, Context);
Value Tty(Record, Context);
Value Args(Record, Context);
Value Comm(Record, Context);
Value Label(Record, Context);
Value Seccomp(Record, Context);
Value Cgroup(Record, Context);
template <Namespace kNs>
Value NamespaceInode(Record, Context);
template <int kSet>
Value Capabilities(Record, Context);

template <int kIndex>
Value UidNumber(Record, Context);
template <int kIndex>
Value UserName(Record, Context);
template <int kIndex>
Value GidNumber(Record, Context);
template <int kIndex>
Value GroupName(Record, Context);
Value GroupNames(Record, Context);
Value GroupIds(Record, Context);
Value Hpid(Record, Context);
Value Huser(Record, Context);
Value Huid(Record, Context);
Value Hgroup(Record, Context);
Value Hgroups(Record, Context);

Value Pcpu(Record, Context);
Value Pmem(Record, Context);
Value ElapsedSeconds(Record, Context);
Value CpuSeconds(Record, Context);
Value StartMilliseconds(Record, Context);

Value Vsz(Record, Context);
Value Rss(Record, Context);
Value Sz(Record, Context);
Value Trs(Record, Context);
Value Drs(Record, Context);
Value MajorFaults(Record, Context);
Value MinorFaults(Record, Context);

// Capability sets, for Capabilities<kSet>.
enum CapabilitySet { kCapAmb, kCapInh, kCapPrm, kCapEff, kCapBnd };

}  // namespace psnode::core::typed
