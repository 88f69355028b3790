// Byte-wise text helpers for the ASCII parts of UTF-8 text (keywords,
// month names, codes, file formats): they never change a byte >= 0x80, and
// do not depend on the C locale. Words of the articles are folded by ICU
// (see analyzer.h), not here.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

// True when every byte of `s` is below 0x80.
bool is_ascii(std::string_view s);

// Space, \t, \n, \v, \f or \r: what isspace() says in the "C" locale.
bool is_ascii_space(char c);

// `c` with A-Z made a-z; any other byte as it is.
char ascii_lower(char c);

// `text` with A-Z made a-z; every other byte, UTF-8 included, as it is.
std::string ascii_lower(std::string_view text);

// `text` without the ASCII spaces (is_ascii_space) it starts or ends with.
std::string_view trim(std::string_view text);

// `text` on one line: trimmed, every run of ASCII white space made one space.
std::string one_line(std::string_view text);

}  // namespace wadi
