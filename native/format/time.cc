#include "format/time.h"

#include <cstdio>
#include <ctime>
#include <string>

namespace psnode::format {
namespace {

constexpr std::uint64_t kDay = 86400;

struct Clock {
  unsigned days, hours, minutes, seconds;
};

Clock Split(std::uint64_t total) {
  return Clock{static_cast<unsigned>(total / kDay),
               static_cast<unsigned>(total / 3600 % 24),
               static_cast<unsigned>(total / 60 % 60),
               static_cast<unsigned>(total % 60)};
}

// Month names of the C locale, as ps prints them whatever the locale.
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed",
                                     "Thu", "Fri", "Sat"};

// Appends `value` with at least two digits, as "%02u" prints it. Every
// row formats times, and snprintf took about 2% of a listing's CPU time in
// a profile.
void AppendTwoDigits(unsigned value, std::string& out) {
  if (value < 10) out += '0';
  out += std::to_string(value);
}

bool LocalTime(std::int64_t seconds, std::tm& out) {
  std::time_t t = static_cast<std::time_t>(seconds);
  return localtime_r(&t, &out) != nullptr;
}

// Appends "." and the nine-digit `fraction` with trailing zeros removed,
// as Go prints the fractional part of a duration; nothing when it is 0.
void AppendGoFraction(std::uint64_t fraction, int width, std::string& out) {
  if (fraction == 0) return;
  char digits[24];
  std::snprintf(digits, sizeof digits, "%0*llu", width,
                static_cast<unsigned long long>(fraction));
  int last = width - 1;
  while (last > 0 && digits[last] == '0') --last;
  digits[last + 1] = '\0';
  out += '.';
  out += digits;
}

// Go prints durations under one second in the largest unit below it:
// "850ns", "1.5µs", "250ms".
std::string FormatGoSubSecond(std::uint64_t nanoseconds) {
  std::string out;
  if (nanoseconds < 1000u) {
    out = std::to_string(nanoseconds) + "ns";
  } else if (nanoseconds < 1000000u) {
    out = std::to_string(nanoseconds / 1000u);
    AppendGoFraction(nanoseconds % 1000u, 3, out);
    out += "\u00b5s";
  } else {
    out = std::to_string(nanoseconds / 1000000u);
    AppendGoFraction(nanoseconds % 1000000u, 6, out);
    out += "ms";
  }
  return out;
}

// Formats [DD-][hh:]mm:ss, with the hours always or only when nonzero.
std::string FormatClock(std::uint64_t seconds, bool always_hours) {
  Clock c = Split(seconds);
  std::string out;
  if (c.days) out = std::to_string(c.days) + '-';
  if (always_hours || c.days || c.hours) {
    AppendTwoDigits(c.hours, out);
    out += ':';
  }
  AppendTwoDigits(c.minutes, out);
  out += ':';
  AppendTwoDigits(c.seconds, out);
  return out;
}

}  // namespace

std::string FormatElapsed(std::uint64_t seconds) { return FormatClock(seconds, false); }

std::string FormatCpuTime(std::uint64_t seconds) { return FormatClock(seconds, true); }

std::string FormatStartTime(std::int64_t start, std::int64_t now) {
  std::tm start_tm{}, now_tm{};
  if (!LocalTime(start, start_tm) || !LocalTime(now, now_tm)) return "?";

  char buffer[32];
  if (start_tm.tm_year != now_tm.tm_year) {
    std::snprintf(buffer, sizeof buffer, "%d", start_tm.tm_year + 1900);
  } else if (start_tm.tm_yday != now_tm.tm_yday) {
    std::snprintf(buffer, sizeof buffer, "%s%02d", kMonths[start_tm.tm_mon],
                  start_tm.tm_mday);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", start_tm.tm_hour,
                  start_tm.tm_min);
  }
  return buffer;
}

std::string FormatStartClock(std::int64_t start, std::int64_t now) {
  std::tm tm{};
  if (!LocalTime(start, tm)) return "?";
  char buffer[32];
  if (start + static_cast<std::int64_t>(kDay) > now) {
    std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
  } else {
    std::snprintf(buffer, sizeof buffer, "  %s %02d", kMonths[tm.tm_mon], tm.tm_mday);
  }
  return buffer;
}

std::string FormatBsdStart(std::int64_t start, std::int64_t now) {
  std::tm tm{};
  if (!LocalTime(start, tm)) return "?";
  char buffer[32];
  if (now - start <= static_cast<std::int64_t>(kDay)) {
    std::snprintf(buffer, sizeof buffer, " %02d:%02d", tm.tm_hour, tm.tm_min);
  } else {
    std::snprintf(buffer, sizeof buffer, "%s %2d", kMonths[tm.tm_mon], tm.tm_mday);
  }
  return buffer;
}

std::string FormatLongStart(std::int64_t start) {
  std::tm tm{};
  if (!LocalTime(start, tm)) return "?";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s %s %2d %02d:%02d:%02d %d",
                kWeekdays[tm.tm_wday], kMonths[tm.tm_mon], tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
  return buffer;
}

std::string FormatGoDuration(std::uint64_t nanoseconds) {
  if (nanoseconds == 0) return "0s";
  if (nanoseconds < 1000000000u) return FormatGoSubSecond(nanoseconds);

  std::uint64_t whole = nanoseconds / 1000000000u;
  std::uint64_t fraction = nanoseconds % 1000000000u;
  std::uint64_t hours = whole / 3600;
  unsigned minutes = static_cast<unsigned>(whole / 60 % 60);
  unsigned seconds = static_cast<unsigned>(whole % 60);

  char buffer[64];
  int n = 0;
  if (hours) {
    n += std::snprintf(buffer + n, sizeof buffer - n, "%lluh",
                       static_cast<unsigned long long>(hours));
  }
  if (hours || minutes) {
    n += std::snprintf(buffer + n, sizeof buffer - n, "%um", minutes);
  }
  std::snprintf(buffer + n, sizeof buffer - n, "%u", seconds);
  std::string out = buffer;
  AppendGoFraction(fraction, 9, out);
  out += 's';
  return out;
}

std::string FormatGoTime(std::int64_t seconds) {
  std::tm tm{};
  if (!LocalTime(seconds, tm)) return "?";

  long offset = tm.tm_gmtoff;
  char sign = offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char buffer[96];
  std::snprintf(buffer, sizeof buffer,
                "%04d-%02d-%02d %02d:%02d:%02d %c%02ld%02ld %s",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, sign, offset / 3600, offset / 60 % 60,
                tm.tm_zone ? tm.tm_zone : "");
  return buffer;
}

}  // namespace psnode::format
