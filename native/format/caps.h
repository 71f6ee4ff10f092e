// Capability sets as psgo prints them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace psnode::format {

// Formats a capability mask from /proc/PID/status: "none" when empty,
// "full" when every capability up to `cap_last_cap` (the running kernel's
// /proc/sys/kernel/cap_last_cap) is set, and otherwise the names without
// "CAP_", sorted and joined by ','. A set bit that has no name in this
// build's table prints as its number, after the names.
std::string FormatCapabilities(std::uint64_t mask, int cap_last_cap);

// Returns the capabilities set in `mask`: names without "CAP_", sorted,
// then the numbers of set bits that this build has no name for.
std::vector<std::string> CapabilityList(std::uint64_t mask);

// Returns the name of capability `bit` without "CAP_", or nullptr when
// this build does not know it.
const char* CapabilityName(unsigned bit);

}  // namespace psnode::format
