// Turns the bytes of a file into UTF-8 text, whatever encoding it is in.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

struct DecodedText {
  std::string text;      // valid UTF-8, BOM removed (meaningful only if error is empty)
  std::string encoding;  // what the bytes were read as, e.g. "UTF-8", "windows-1251"
  std::string error;     // why the bytes are not text ("binary file (NUL bytes)"), or ""
  std::string warning;   // what could not be read but was replaced ("invalid UTF-8: 2 bytes replaced with U+FFFD"), or ""
};

// Reads UTF-8 (with or without BOM, and with a few invalid bytes), UTF-16
// with BOM, and legacy encodings detected by ICU's charset detector. Invalid
// sequences become U+FFFD, so the result is always valid UTF-8. `declared` is
// an encoding named by the container (HTML meta charset, HTTP header) and is
// tried before detection, unless the bytes are mostly UTF-8.
DecodedText decode_text(std::string_view bytes, std::string_view declared = {});

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s);

// Replaces ill-formed UTF-8 sequences with U+FFFD.
std::string to_valid_utf8(std::string_view s);

}  // namespace wadi
