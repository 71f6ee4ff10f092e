// libFuzzer harness: /proc/tty/drivers parsing and tty naming. The device
// number comes from the first four bytes; /dev is a directory that has no
// device nodes, so only the parsing and the lookups run.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "format/tty.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::uint32_t device = 0;
  if (size >= sizeof device) {
    std::memcpy(&device, data, sizeof device);
    data += sizeof device;
    size -= sizeof device;
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psnode::format::TtyNamer namer(psnode::format::ParseTtyDrivers(text), "/nonexistent");
  namer.Name(device, -1);
  return 0;
}
