#include "spelling.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <unicode/utf8.h>

#include "analysis/schema.h"

namespace wadi {
namespace {

std::u32string to_code_points(std::string_view utf8) {
  std::u32string out;
  for (int32_t i = 0, n = static_cast<int32_t>(utf8.size()); i < n;) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, n, c);
    out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  return out;
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Terms of other kinds carry an upper-case ASCII prefix (schema.h); numbers
// are not words to correct to.
bool is_word(std::string_view term) {
  return !term.empty() && !schema::is_prefixed(term) &&
         std::none_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<unsigned> before(m + 1), previous(m + 1), row(m + 1);
  std::iota(previous.begin(), previous.end(), 0u);
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<unsigned>(i);
    unsigned row_min = row[0];
    for (std::size_t j = 1; j <= m; ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return std::min(previous[m], limit + 1);
}

namespace {

// A word some articles hold is corrected to one a single edit away and this
// many times as common.
constexpr double kFarMoreCommon = 20;
// Ranking candidates: each edit must be paid for by a word this many times
// as common (so "blair", a sound-alike, beats a more common "blame").
constexpr double kEditPrice = 100;

bool is_vowel(char32_t c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// The word's consonants after its first letter, repeats merged: "blare" and
// "blair" are both "blr". Spellings that differ only in vowels and doubled
// letters sound alike, and are the commonest misspellings of names.
std::u32string skeleton(std::u32string_view word) {
  std::u32string out;
  for (std::size_t i = 0; i < word.size(); ++i)
    if ((i == 0 || !is_vowel(word[i])) && (out.empty() || out.back() != word[i])) out.push_back(word[i]);
  return out;
}

// How unlikely it is that `candidate` was meant, in edits: a sound-alike
// costs half an edit however many letters differ.
double cost(std::u32string_view word, std::u32string_view candidate, unsigned distance) {
  if (distance > 0 && skeleton(word) == skeleton(candidate)) return 0.5;
  return distance;
}

}  // namespace

std::string suggest_spelling(const Xapian::Database& db, const std::string& folded) {
  const std::u32string word = to_code_points(folded);
  if (word.empty() || !is_word(folded)) return {};
  const Xapian::doccount own = db.get_termfreq(folded);
  // A word some articles hold is corrected only to a word one edit away and
  // far more common ("goverment" in one article, "government" in hundreds).
  const unsigned limit = own > 0 || word.size() <= 4 ? 1 : 2;
  std::string best;
  double best_score = -1e300;
  auto scan = [&](std::string_view first_letter) {
    const std::string prefix(first_letter);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::string term = *t;
      const std::size_t length = code_points(term);
      if ((length > word.size() ? length - word.size() : word.size() - length) > limit) continue;
      if (!is_word(term) || term == folded) continue;
      const std::u32string candidate = to_code_points(term);
      const unsigned d = edit_distance(word, candidate, limit);
      if (d > limit) continue;
      const Xapian::doccount freq = t.get_termfreq();
      if (own > 0 && freq < kFarMoreCommon * own) continue;
      const double score = std::log(static_cast<double>(freq)) - cost(word, candidate, d) * std::log(kEditPrice);
      if (score > best_score) best = term, best_score = score;
    }
  };
  // The first letter as written is nearly always right; a word whose first
  // two letters are swapped, or that has an extra first letter, is found
  // among the words that start with its second. A word some articles hold
  // is checked on every search that has it, so only against the words that
  // share its first two letters, a few hundred at most.
  int32_t second = 0;
  U8_FWD_1(folded.data(), second, static_cast<int32_t>(folded.size()));
  if (own > 0) {
    int32_t third = second;
    U8_FWD_1(folded.data(), third, static_cast<int32_t>(folded.size()));
    scan(std::string_view(folded).substr(0, third));
    return best;
  }
  scan(std::string_view(folded).substr(0, second));
  if (best.empty() && word.size() > 1) {
    int32_t third = second;
    U8_FWD_1(folded.data(), third, static_cast<int32_t>(folded.size()));
    scan(std::string_view(folded).substr(second, third - second));
  }
  return best;
}

}  // namespace wadi
