// The args and comm columns, as procps-ng ps 4.0.2 prints them.
#pragma once

#include <string>
#include <string_view>

namespace psnode::format {

// ps reads at most 128 KiB of /proc/PID/cmdline.
constexpr std::size_t kMaxCmdlineBytes = 128 * 1024;

// Formats argv from the raw bytes of /proc/PID/cmdline: trailing NULs
// dropped, every other NUL and newline turned into a space, then escaped.
// An empty cmdline (kernel threads, zombies, a process that cleared it)
// prints as "[comm]", with " <defunct>" added for a zombie (state 'Z').
std::string FormatArgs(std::string_view cmdline, std::string_view comm,
                       char state);

// Formats the command name from stat field 2, escaped.
std::string FormatComm(std::string_view comm);

}  // namespace psnode::format
