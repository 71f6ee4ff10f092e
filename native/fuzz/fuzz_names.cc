// libFuzzer harness: passwd and group files as a container could write
// them, and the uid_map and gid_map parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "format/names.h"
#include "proc/idmap.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  psnode::format::FileNames names(text, text);
  names.User(0);
  names.Group(0);
  names.User(65534);

  psnode::proc::IdMap map = psnode::proc::ParseIdMap(text);
  psnode::proc::MapToInside(map, 100000, 65534);
  psnode::proc::MapToOutside(map, 0, 65534);
  return 0;
}
