#include "analysis/terminal_text.h"

#include <cstdio>

namespace wadi {
namespace {

// The code point of the well-formed UTF-8 sequence at `s[i]` and its length,
// or length 0 when the bytes there are not one.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

CodePoint decode_at(std::string_view s, std::size_t i) {
  unsigned char lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
  if (length == 0 || i + length > s.size()) return {};
  char32_t value = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    unsigned char c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return {};
    value = (value << 6) | (c & 0x3F);
  }
  bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
  if (overlong || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Characters that reorder or break the text around them on screen.
bool is_bidi_control(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

bool is_line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

std::string escaped(const char* format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

}  // namespace

std::string for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    CodePoint c = decode_at(text, i);
    if (c.length == 0) {
      out += escaped("\\x%02x", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (c.value < 0x20 || c.value == 0x7F) out += escaped("\\x%02x", c.value);
    else if (is_control(c.value) || is_bidi_control(c.value) || c.value == 0x2028 || c.value == 0x2029)
      out += escaped("\\u%04x", c.value);
    else out.append(text, i, c.length);
    i += c.length;
  }
  return out;
}

std::string without_controls(std::string_view text, bool keep_lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    CodePoint c = decode_at(text, i);
    if (c.length == 0) {  // not ours to repair: the caller's text is meant to be valid
      out += text[i++];
      continue;
    }
    if (c.value == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {  // one break, not two
      ++i;
      continue;
    }
    if (c.value == '\t') out += keep_lines ? '\t' : ' ';
    else if (is_line_break(c.value)) out += keep_lines ? '\n' : ' ';
    else if (!is_control(c.value) && !is_bidi_control(c.value)) out.append(text, i, c.length);
    i += c.length;
  }
  return out;
}

}  // namespace wadi
