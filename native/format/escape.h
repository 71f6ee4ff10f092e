// Escaping of command names and arguments as procps-ng ps 4.0.2 prints
// them in a UTF-8 locale.
#pragma once

#include <string>
#include <string_view>

namespace psnode::format {

// Appends `text` to `out` with every byte sequence that a terminal could
// act on replaced: ASCII control bytes, DEL and characters that are not
// printable (iswprint in the C.UTF-8 locale, such as C1 controls) become
// '?', and valid printable UTF-8 is kept. From the first invalid or
// truncated UTF-8 sequence on, the rest is escaped as in the C locale:
// control bytes become '.' and bytes from 0x80 up become '?'.
void AppendEscaped(std::string_view text, std::string& out);

// Loads the C.UTF-8 locale data that AppendEscaped uses. Called before a
// thread joins a container, so the data comes from the host's files.
void PrepareEscaping();

}  // namespace psnode::format
