#include "analysis/ascii_words.h"

#include <array>

namespace wadi {
namespace {

// ASCII's classes under UAX #29's Word_Break property, as ICU's root rules
// use them. Everything else (spaces, controls, other punctuation) is never
// part of a word.
enum class Kind : unsigned char {
  kOther,
  kLetter,      // ALetter: A-Z, a-z, and '@' (ICU adds it)
  kDigit,       // Numeric
  kMidLetter,   // MidNumLet '.' and Single_Quote '\'': join letters, and digits
  kMidNum,      // MidNum ',' ';': join digits only
  kUnderscore,  // ExtendNumLet '_'
};

constexpr std::array<Kind, 128> kinds() {
  std::array<Kind, 128> k{};
  for (int c = 'a'; c <= 'z'; ++c) k[c] = Kind::kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) k[c] = Kind::kLetter;
  k['@'] = Kind::kLetter;
  for (int c = '0'; c <= '9'; ++c) k[c] = Kind::kDigit;
  k['.'] = k['\''] = Kind::kMidLetter;
  k[','] = k[';'] = Kind::kMidNum;
  k['_'] = Kind::kUnderscore;
  return k;
}
constexpr std::array<Kind, 128> kKinds = kinds();

Kind kind(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < kKinds.size() ? kKinds[byte] : Kind::kOther;
}

bool in_word(Kind k) { return k == Kind::kLetter || k == Kind::kDigit || k == Kind::kUnderscore; }

}  // namespace

void split_ascii_words(std::string_view ascii, std::vector<WordSpan>& words) {
  const std::size_t n = ascii.size();
  for (std::size_t i = 0; i < n;) {
    Kind last = kind(ascii[i]);
    if (!in_word(last)) {
      ++i;
      continue;
    }
    const std::size_t begin = i++;
    Kind before_last = Kind::kOther;
    while (i < n) {
      const Kind k = kind(ascii[i]);
      if (in_word(k)) {  // WB5, WB8-WB10, WB13a, WB13b
        before_last = last;
        last = k;
        ++i;
        continue;
      }
      // A single '.' or '\'' between letters (WB6, WB7), or a single '.',
      // '\'', ',' or ';' between digits (WB11, WB12), stays in the word.
      if ((k == Kind::kMidLetter || k == Kind::kMidNum) && i + 1 < n) {
        const Kind next = kind(ascii[i + 1]);
        const bool letters = last == Kind::kLetter && k == Kind::kMidLetter && next == Kind::kLetter;
        const bool digits = last == Kind::kDigit && next == Kind::kDigit;
        if (letters || digits) {
          before_last = k;
          last = next;
          i += 2;
          continue;
        }
      }
      break;
    }
    // ICU's rules are chained, and the last rule applied tags the word: a
    // word ending in a digit is a number ("x3.5" too), one ending in a
    // letter is a word ("3.5x"); a final '_' takes its tag from what it
    // follows, and alone is no word at all.
    bool number = last == Kind::kDigit || (last == Kind::kUnderscore && before_last == Kind::kDigit);
    if (last == Kind::kUnderscore && i - begin == 1) continue;
    words.push_back(WordSpan{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(i), number});
  }
}

}  // namespace wadi
