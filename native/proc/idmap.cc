#include "proc/idmap.h"

#include "proc/lines.h"
#include "proc/numbers.h"

namespace psnode::proc {
namespace {

constexpr std::size_t kMaxRanges = 340;

bool ParseRange(std::string_view line, IdMapRange& out) {
  std::uint32_t values[3];
  int n = 0;
  std::size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ' || line[pos] == '\t') {
      ++pos;
      continue;
    }
    std::size_t end = line.find_first_of(" \t", pos);
    if (end == std::string_view::npos) end = line.size();
    if (n == 3 || !ParseDecimal(line.substr(pos, end - pos), values[n])) {
      return false;
    }
    ++n;
    pos = end;
  }
  if (n != 3 || values[2] == 0) return false;
  out = {values[0], values[1], values[2]};
  return true;
}

}  // namespace

IdMap ParseIdMap(std::string_view text) {
  IdMap map;
  ForEachLine(text, [&](std::string_view line) {
    IdMapRange range;
    if (ParseRange(line, range)) map.push_back(range);
    return map.size() < kMaxRanges;
  });
  return map;
}

std::uint32_t MapToInside(const IdMap& map, std::uint32_t outside,
                          std::uint32_t overflow) {
  for (const IdMapRange& r : map) {
    // Subtraction first, so a range that ends at 2^32 cannot overflow.
    if (outside >= r.outside && outside - r.outside < r.count) {
      return r.inside + (outside - r.outside);
    }
  }
  return overflow;
}

std::uint32_t MapToOutside(const IdMap& map, std::uint32_t inside,
                           std::uint32_t overflow) {
  for (const IdMapRange& r : map) {
    if (inside >= r.inside && inside - r.inside < r.count) {
      return r.outside + (inside - r.inside);
    }
  }
  return overflow;
}

bool IsIdentity(const IdMap& map) {
  return map.size() == 1 && map[0].inside == 0 && map[0].outside == 0 &&
         map[0].count == 4294967295u;
}

}  // namespace psnode::proc
