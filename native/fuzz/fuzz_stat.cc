// libFuzzer harness: /proc/PID/stat parsing and the columns built from it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "format/command.h"
#include "proc/stat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psnode::proc::Stat stat;
  if (psnode::proc::ParseStat(text, stat)) {
    psnode::format::FormatComm(stat.comm);
    psnode::format::FormatArgs({}, stat.comm, stat.state);
  }
  return 0;
}
