// Word boundaries in ASCII text without ICU: the same boundaries and word
// kinds as ICU's root word-break rules give (UAX #29 as ICU tailors it: '@'
// is a letter, ':' does not join letters), several times faster. Most of
// the text of English news is ASCII, and the Analyzer splits it here; the
// test suite checks the two against each other.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace wadi {

struct WordSpan {
  std::uint32_t begin, end;  // byte offsets in the text split
  bool number;               // ICU's UBRK_WORD_NUMBER; else UBRK_WORD_LETTER
};

// Appends the words of `ascii`, whose bytes are all below 0x80, in order.
// Spaces and punctuation between them are not words.
void split_ascii_words(std::string_view ascii, std::vector<WordSpan>& words);

// ASCII white space: ICU's word-break rules never put it in a word, nor let
// a word reach across it, so text may be cut before it and each part split
// on its own.
inline bool is_word_gap(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace wadi
