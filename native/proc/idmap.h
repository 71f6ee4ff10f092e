// User and group id maps of user namespaces (user_namespaces(7)).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace psnode::proc {

// One line of /proc/PID/uid_map or gid_map: ids [inside, inside + count)
// of the namespace are ids [outside, outside + count) of the namespace of
// the process that opened the file.
struct IdMapRange {
  std::uint32_t inside = 0;
  std::uint32_t outside = 0;
  std::uint32_t count = 0;
};

using IdMap = std::vector<IdMapRange>;

// Parses a uid_map or gid_map file. The kernel allows at most 340 lines
// (Linux 4.15 and later); lines that do not parse are skipped.
IdMap ParseIdMap(std::string_view text);

// Maps an outside id to the inside id, or returns `overflow` when no range
// covers it, as the kernel shows an unmapped id (overflowuid, 65534 by
// default).
std::uint32_t MapToInside(const IdMap& map, std::uint32_t outside,
                          std::uint32_t overflow);

// Maps an inside id to the outside id, or returns `overflow`.
std::uint32_t MapToOutside(const IdMap& map, std::uint32_t inside,
                           std::uint32_t overflow);

// Returns true for the map of the initial user namespace, which maps all
// 2^32 - 1 ids to themselves.
bool IsIdentity(const IdMap& map);

}  // namespace psnode::proc
