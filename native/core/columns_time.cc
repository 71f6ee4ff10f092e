#include <cstdio>

#include "core/columns.h"
#include "format/time.h"

namespace psnode::core::columns {
namespace {

std::uint64_t Hz(Context context) { return static_cast<std::uint64_t>(context.facts.hz()); }

// Ticks since the process started, taken against the uptime read once at
// the start of the listing; 0 for a process that seems to start later.
std::uint64_t ElapsedTicks(Record record, Context context) {
  std::uint64_t start = record.stat.starttime;
  return context.facts.UptimeTicks() > start ? context.facts.UptimeTicks() - start : 0;
}

std::uint64_t CpuTicks(Record record) { return record.stat.utime + record.stat.stime; }

std::int64_t StartSeconds(Record record, Context context) {
  return context.facts.BootTime() +
         static_cast<std::int64_t>(record.stat.starttime / Hz(context));
}

}  // namespace

std::string Pcpu(Record record, Context context) {
  // Per mille of one CPU over the process's whole life, in integer
  // arithmetic as ps computes it.
  std::uint64_t elapsed = ElapsedTicks(record, context);
  std::uint64_t permille = elapsed ? CpuTicks(record) * 1000 / elapsed : 0;
  if (permille > 999) return std::to_string(permille / 10);
  std::string out = std::to_string(permille / 10);
  out += '.';
  out += static_cast<char>('0' + permille % 10);
  return out;
}

std::string PcpuPsgo(Record record, Context context) {
  // psgo's three decimals, but from ticks rather than from CPU time
  // truncated to whole seconds as psgo computed it.
  std::uint64_t elapsed = ElapsedTicks(record, context);
  double percent =
      elapsed ? static_cast<double>(CpuTicks(record)) * 100.0 / static_cast<double>(elapsed)
              : 0.0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3f", percent);
  return buffer;
}

std::string Etime(Record record, Context context) {
  return format::FormatElapsed(ElapsedTicks(record, context) / Hz(context));
}

std::string EtimePsgo(Record record, Context context) {
  std::int64_t start_ns = context.facts.BootTime() * 1000000000LL +
                          static_cast<std::int64_t>(record.stat.starttime * 1000000000ULL /
                                                    Hz(context));
  std::int64_t elapsed = context.now_ns - start_ns;
  return format::FormatGoDuration(elapsed > 0 ? static_cast<std::uint64_t>(elapsed) : 0);
}

std::string Etimes(Record record, Context context) {
  return std::to_string(ElapsedTicks(record, context) / Hz(context));
}

std::string Time(Record record, Context context) {
  return format::FormatCpuTime(CpuTicks(record) / Hz(context));
}

std::string TimePsgo(Record record, Context context) {
  return format::FormatGoDuration(CpuTicks(record) / Hz(context) * 1000000000ULL);
}

std::string Times(Record record, Context context) {
  return std::to_string(CpuTicks(record) / Hz(context));
}

std::string Stime(Record record, Context context) {
  return format::FormatStartTime(StartSeconds(record, context), context.facts.now());
}

std::string StimePsgo(Record record, Context context) {
  return format::FormatGoTime(StartSeconds(record, context));
}

std::string Start(Record record, Context context) {
  return format::FormatStartClock(StartSeconds(record, context), context.facts.now());
}

std::string Lstart(Record record, Context context) {
  return format::FormatLongStart(StartSeconds(record, context));
}

std::string BsdStart(Record record, Context context) {
  return format::FormatBsdStart(StartSeconds(record, context), context.facts.now());
}

}  // namespace psnode::core::columns
