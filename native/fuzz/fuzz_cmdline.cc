// libFuzzer harness: formatting of /proc/PID/cmdline as the args column.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "format/command.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first byte picks the state, so zombies' " <defunct>" is reached.
  char state = size > 0 && data[0] % 2 ? 'Z' : 'S';
  psnode::format::FormatArgs(text, "comm", state);
  return 0;
}
