// Locale-free number parsing for /proc fields.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

namespace psnode::proc {

// Parses the whole of `text` as a decimal integer of type T. Returns false
// on an empty field, a non-digit, or a value out of T's range.
template <typename T>
bool ParseDecimal(std::string_view text, T& out) {
  if (text.empty()) return false;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, out, 10);
  return ec == std::errc() && ptr == end;
}

// Parses the whole of `text` as a hexadecimal integer (no 0x prefix), as
// the Cap* lines of /proc/PID/status print their masks.
inline bool ParseHex(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, out, 16);
  return ec == std::errc() && ptr == end;
}

}  // namespace psnode::proc
