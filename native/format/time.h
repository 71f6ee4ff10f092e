// Time formats of ps and of psgo.
#pragma once

#include <cstdint>
#include <string>

namespace psnode::format {

// Elapsed time as ps's etime prints it: [[DD-]hh:]mm:ss.
std::string FormatElapsed(std::uint64_t seconds);

// CPU time as ps's time prints it: [DD-]HH:MM:SS.
std::string FormatCpuTime(std::uint64_t seconds);

// Start time as ps's stime prints it: HH:MM on the local date of `now`,
// MmmDD within the same year, YYYY otherwise. Both in seconds since the
// epoch, shown in the local time zone.
std::string FormatStartTime(std::int64_t start, std::int64_t now);

// Start time as ps's start prints it: HH:MM:SS within 24 hours of `now`,
// else "  Mmm dd" (two spaces, zero-padded day).
std::string FormatStartClock(std::int64_t start, std::int64_t now);

// Start time as ps's bsdstart prints it: " HH:MM" within 24 hours of
// `now`, else "Mmm dd" with a space-padded day.
std::string FormatBsdStart(std::int64_t start, std::int64_t now);

// Start time as ps's lstart prints it, like ctime(3) without the newline
// and in the C locale: "Fri Dec  4 19:31:39 2026".
std::string FormatLongStart(std::int64_t start);

// A duration as Go's time.Duration.String prints it: "1h2m3.5s",
// "45.000000001s", "0s". Nanoseconds.
std::string FormatGoDuration(std::uint64_t nanoseconds);

// A time as Go's time.Time.String prints it in the local zone:
// "2019-12-09 10:50:36 +0100 CET". Seconds since the epoch.
std::string FormatGoTime(std::int64_t seconds);

}  // namespace psnode::format
