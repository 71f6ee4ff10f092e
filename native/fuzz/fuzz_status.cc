// libFuzzer harness: /proc/PID/status parsing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "proc/status.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psnode::proc::Status status;
  psnode::proc::ParseStatus(text, status);
  return 0;
}
