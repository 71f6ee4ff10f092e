// Line iteration for /proc and /etc files.
#pragma once

#include <string_view>

namespace psnode::proc {

// Calls `fn` with each line of `text`, without its '\n'; a last line
// without '\n' counts too. Stops early when `fn` returns false.
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (!fn(text.substr(pos, end - pos))) return;
    pos = end + 1;
  }
}

}  // namespace psnode::proc
