#include "proc/stat.h"

#include <limits>
#include <type_traits>

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

// The fields ParseStat stores, as bits by field number. Only these are
// parsed, so a field that no column reads cannot fail a row.
constexpr std::uint64_t kUsedFields =
    (1ull << 4) | (1ull << 5) | (1ull << 6) | (1ull << 7) | (1ull << 8) | (1ull << 9) |
    (1ull << 10) | (1ull << 12) | (1ull << 14) | (1ull << 15) | (1ull << 18) |
    (1ull << 19) | (1ull << 20) | (1ull << 22) | (1ull << 23) | (1ull << 24) |
    (1ull << 26) | (1ull << 27) | (1ull << 39) | (1ull << 40) | (1ull << 41);

// One field after comm, parsed as it is scanned.
struct Field {
  bool negative;
  std::uint64_t magnitude;
};

// The fields after comm; those from `end` on are absent.
struct Fields {
  Field at[kLastField + 1];  // left uninitialized: only [kFirstField, end) is set
  int end = 0;
};

// Parses [begin, end) as an optionally negative decimal. It is a plain
// loop because fields are a few digits long and the monitor parses every
// process's stat in every sample. With from_chars and an array of every
// field, parsing took about a tenth of the monitor's CPU time in a profile.
bool ParseField(const char* begin, const char* end, Field& out) {
  out.negative = begin < end && *begin == '-';
  if (out.negative) ++begin;
  if (begin == end) return false;
  std::uint64_t value = 0;
  for (const char* at = begin; at < end; ++at) {
    unsigned digit = static_cast<unsigned char>(*at) - '0';
    if (digit > 9) return false;
    if (value > (UINT64_MAX - digit) / 10) return false;  // out of range
    value = value * 10 + digit;
  }
  out.magnitude = value;
  return true;
}

// Stores field `n` in `out` when it is within T's range; an absent field
// past the required ones keeps out's default.
template <typename T>
bool Take(const Fields& fields, int n, T& out) {
  if (n >= fields.end) return n > kLastRequiredField;
  const Field& field = fields.at[n];
  if constexpr (std::is_signed_v<T>) {
    // The minimum's magnitude is one more than the maximum's.
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    if (field.magnitude > kMax + (field.negative ? 1 : 0)) return false;
    if (!field.negative) {
      out = static_cast<T>(field.magnitude);
    } else if (field.magnitude == 0) {
      out = 0;
    } else {
      out = static_cast<T>(-static_cast<std::int64_t>(field.magnitude - 1) - 1);
    }
  } else {
    if (field.negative || field.magnitude > std::numeric_limits<T>::max()) return false;
    out = static_cast<T>(field.magnitude);
  }
  return true;
}

// Scans the fields after comm, from 3 on, into `fields`. Field 3, the
// state, is one letter; the others are decimals.
bool ScanFields(std::string_view rest, char& state, Fields& fields) {
  int n = kFirstField;
  const char* at = rest.data();
  const char* end = at + rest.size();
  while (at < end && n <= kLastField) {
    if (*at == ' ') {
      ++at;
      continue;
    }
    const char* start = at;
    while (at < end && *at != ' ') ++at;
    if (n == kFirstField) {
      if (at - start != 1) return false;
      state = *start;
    } else if ((kUsedFields >> n & 1) && !ParseField(start, at, fields.at[n])) {
      return false;
    }
    ++n;
  }
  fields.end = n;
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
  Fields fields;
  if (!ScanFields(rest, out.state, fields)) return false;

  std::int64_t tty_nr = 0;
  bool ok = Take(fields, 4, out.ppid) && Take(fields, 5, out.pgrp) &&
            Take(fields, 6, out.session) && Take(fields, 7, tty_nr) &&
            Take(fields, 8, out.tpgid) && Take(fields, 9, out.flags) &&
            Take(fields, 10, out.minflt) && Take(fields, 12, out.majflt) &&
            Take(fields, 14, out.utime) && Take(fields, 15, out.stime) &&
            Take(fields, 18, out.priority) && Take(fields, 19, out.nice) &&
            Take(fields, 20, out.num_threads) &&
            Take(fields, 22, out.starttime) && Take(fields, 23, out.vsize) &&
            Take(fields, 24, out.rss) && Take(fields, 26, out.startcode) &&
            Take(fields, 27, out.endcode) &&
            Take(fields, 39, out.processor) &&
            Take(fields, 40, out.rt_priority) &&
            Take(fields, 41, out.policy);
  // The kernel prints tty_nr with %d, so a device number with bit 31 set
  // appears negative; keep its 32 bits.
  out.tty_nr = static_cast<std::uint32_t>(tty_nr);
  return ok;
}

}  // namespace psnode::proc
