#include "format/escape.h"

#include <clocale>
#include <cstdint>
#include <cwctype>
#include <locale.h>
#include <wctype.h>

namespace psnode::format {
namespace {

// Decodes one UTF-8 sequence at the start of `text` as RFC 3629 defines
// it: no overlong forms, no surrogates, nothing above U+10FFFF. Returns
// its length, or 0 when the sequence is invalid or truncated.
std::size_t DecodeUtf8(std::string_view text, char32_t& out) {
  auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  unsigned char lead = byte(0);
  std::size_t length;
  char32_t min;
  if (lead < 0x80) {
    out = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80, out = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800, out = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000, out = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    out = (out << 6) | (byte(i) & 0x3F);
  }
  if (out < min || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// Returns the C.UTF-8 locale, created once; glibc 2.35 and later ship it.
locale_t Utf8Locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

bool IsPrintable(char32_t c) {
  locale_t locale = Utf8Locale();
  if (locale != nullptr) {
    return iswprint_l(static_cast<wint_t>(c), locale) != 0;
  }
  // NOTE: without a C.UTF-8 locale only the C0 and C1 control ranges
  // count as unprintable, so a few other unprintable characters that ps
  // would replace are kept.
  return !(c < 0x20 || (c >= 0x7F && c <= 0x9F));
}

// From the first invalid or truncated UTF-8 sequence to the end, ps 4.0.2
// escapes as in the C locale: control bytes and DEL become '.', and every
// byte from 0x80 up becomes '?' (checked against the installed ps).
void AppendEscapedC(std::string_view text, std::string& out) {
  for (char ch : text) {
    unsigned char byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7F) {
      out.push_back('.');
    } else if (byte >= 0x80) {
      out.push_back('?');
    } else {
      out.push_back(ch);
    }
  }
}

}  // namespace

void PrepareEscaping() { Utf8Locale(); }

void AppendEscaped(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  while (!text.empty()) {
    char32_t c = 0;
    std::size_t length = DecodeUtf8(text, c);
    if (length == 0) {
      AppendEscapedC(text, out);
      return;
    }
    if (length == 1) {
      out.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
    } else if (IsPrintable(c)) {
      out.append(text.substr(0, length));
    } else {
      out.push_back('?');
    }
    text.remove_prefix(length);
  }
}

}  // namespace psnode::format
