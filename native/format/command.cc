#include "format/command.h"

#include "format/escape.h"

namespace psnode::format {

std::string FormatArgs(std::string_view cmdline, std::string_view comm,
                       char state) {
  // Like ps, treat a file of exactly the byte limit as truncated and keep
  // one byte less.
  if (cmdline.size() >= kMaxCmdlineBytes) {
    cmdline = cmdline.substr(0, kMaxCmdlineBytes - 1);
  }

  std::size_t end = cmdline.size();
  while (end > 0 && cmdline[end - 1] == '\0') --end;
  if (end == 0) {
    std::string out = "[";
    AppendEscaped(comm, out);
    out += ']';
    if (state == 'Z') out += " <defunct>";
    return out;
  }

  std::string joined(cmdline.substr(0, end));
  for (char& c : joined) {
    if (c == '\0' || c == '\n') c = ' ';
  }
  // ps drops the last byte when it is a space and the file did not end in
  // NUL (a process that rewrote its argv with a trailing space).
  if (end == cmdline.size() && joined.back() == ' ') joined.pop_back();

  std::string out;
  AppendEscaped(joined, out);
  return out;
}

std::string FormatComm(std::string_view comm) {
  std::string out;
  AppendEscaped(comm, out);
  return out;
}

}  // namespace psnode::format
