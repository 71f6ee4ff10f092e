#include "proc/stat.h"

#include <array>

#include "proc/numbers.h"

namespace psnode::proc {
namespace {

// Field numbers after comm run from 3 to 52 on Linux 6.x.
constexpr int kFirstField = 3;
constexpr int kLastField = 52;
constexpr int kLastRequiredField = 22;

// The kernel limits comm to 16 bytes (TASK_COMM_LEN), or 64 for kernel
// workqueue threads; anything longer did not come from a kernel.
constexpr std::size_t kMaxComm = 64;

template <typename T>
bool Field(const std::array<std::string_view, kLastField + 1>& fields, int n,
           T& out) {
  if (fields[n].empty()) return n > kLastRequiredField;
  return ParseDecimal(fields[n], out);
}

bool SplitFields(std::string_view rest,
                 std::array<std::string_view, kLastField + 1>& fields) {
  int n = kFirstField;
  std::size_t pos = 0;
  while (pos < rest.size() && n <= kLastField) {
    if (rest[pos] == ' ') {
      ++pos;
      continue;
    }
    std::size_t end = rest.find(' ', pos);
    if (end == std::string_view::npos) end = rest.size();
    fields[n++] = rest.substr(pos, end - pos);
    pos = end;
  }
  return n > kLastRequiredField;
}

}  // namespace

bool ParseStat(std::string_view text, Stat& out) {
  std::size_t open = text.find('(');
  std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos ||
      close < open) {
    return false;
  }
  if (!ParseDecimal(text.substr(0, open > 0 ? open - 1 : 0), out.pid)) {
    return false;
  }

  std::string_view comm = text.substr(open + 1, close - open - 1);
  if (comm.size() > kMaxComm) comm = comm.substr(0, kMaxComm);
  out.comm.assign(comm);

  std::string_view rest = text.substr(close + 1);
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' ')) {
    rest.remove_suffix(1);
  }
  std::array<std::string_view, kLastField + 1> fields{};
  if (!SplitFields(rest, fields)) return false;
  if (fields[3].size() != 1) return false;
  out.state = fields[3][0];

  std::int64_t tty_nr = 0;
  bool ok = Field(fields, 4, out.ppid) && Field(fields, 5, out.pgrp) &&
            Field(fields, 6, out.session) && Field(fields, 7, tty_nr) &&
            Field(fields, 8, out.tpgid) && Field(fields, 9, out.flags) &&
            Field(fields, 10, out.minflt) && Field(fields, 12, out.majflt) &&
            Field(fields, 14, out.utime) && Field(fields, 15, out.stime) &&
            Field(fields, 18, out.priority) && Field(fields, 19, out.nice) &&
            Field(fields, 20, out.num_threads) &&
            Field(fields, 22, out.starttime) && Field(fields, 23, out.vsize) &&
            Field(fields, 24, out.rss) && Field(fields, 26, out.startcode) &&
            Field(fields, 27, out.endcode) &&
            Field(fields, 39, out.processor) &&
            Field(fields, 40, out.rt_priority) &&
            Field(fields, 41, out.policy);
  // The kernel prints tty_nr with %d, so a device number with bit 31 set
  // appears negative; keep its 32 bits.
  out.tty_nr = static_cast<std::uint32_t>(tty_nr);
  return ok;
}

}  // namespace psnode::proc
