#include <cstdio>

#include "core/columns.h"

namespace psnode::core::columns {

std::string Vsz(Record record, Context) {
  // stat's vsize is VmSize in bytes, and 0 where status has no VmSize
  // line (kernel threads, zombies).
  return std::to_string(record.stat.vsize / 1024);
}

std::string Rss(Record record, Context) {
  // VmRSS, not stat's rss: since Linux 6.2 stat sums the per-CPU RSS
  // counters approximately, while status sums them exactly, and ps reads
  // status.
  return std::to_string(record.status.has_vm_rss ? record.status.vm_rss_kib : 0);
}

std::string Pmem(Record record, Context context) {
  // Per mille of MemTotal, capped at 99.9, printed as ps's "%2u.%u".
  std::uint64_t total = context.facts.MemTotalKib();
  std::uint64_t rss = record.status.has_vm_rss ? record.status.vm_rss_kib : 0;
  std::uint64_t permille = total ? rss * 1000 / total : 0;
  if (permille > 999) permille = 999;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%2u.%u", static_cast<unsigned>(permille / 10),
                static_cast<unsigned>(permille % 10));
  return buffer;
}

std::string Sz(Record record, Context context) {
  // Pages of virtual memory: VmSize / (page size in KiB).
  return std::to_string(record.stat.vsize / static_cast<std::uint64_t>(context.facts.page_size()));
}

std::string Trs(Record record, Context) {
  const proc::Stat& s = record.stat;
  if (s.vsize == 0 || s.endcode < s.startcode) return "0";
  return std::to_string((s.endcode - s.startcode) >> 10);
}

std::string Drs(Record record, Context) {
  const proc::Stat& s = record.stat;
  if (s.vsize == 0 || s.endcode < s.startcode) return "0";
  return std::to_string((s.vsize - (s.endcode - s.startcode)) >> 10);
}

std::string MajorFaults(Record record, Context) { return std::to_string(record.stat.majflt); }
std::string MinorFaults(Record record, Context) { return std::to_string(record.stat.minflt); }

}  // namespace psnode::core::columns
