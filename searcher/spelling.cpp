#include "spelling.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include <unicode/utf8.h>

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

// Terms of other kinds carry an upper-case ASCII prefix (schema.h); numbers
// are not words to correct to.
bool is_word(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') &&
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

std::string suggest_spelling(const Xapian::Database& db, const std::string& folded) {
  const std::u32string word = to_code_points(folded);
  if (word.empty() || db.term_exists(folded)) return {};
  const unsigned limit = word.size() <= 4 ? 1 : 2;
  std::string best;
  unsigned best_distance = limit + 1;
  Xapian::doccount best_freq = 0;
  auto scan = [&](std::string_view first_letter) {
    const std::string prefix(first_letter);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::string term = *t;
      if (!is_word(term)) continue;
      const unsigned d = edit_distance(word, to_code_points(term), std::min(limit, best_distance));
      if (d > limit) continue;
      const Xapian::doccount freq = t.get_termfreq();
      if (d < best_distance || (d == best_distance && freq > best_freq)) best = term, best_distance = d, best_freq = freq;
    }
  };
  // The first letter as written is nearly always right; a word whose first
  // two letters are swapped, or that has an extra first letter, is found
  // among the words that start with its second.
  int32_t second = 0;
  U8_FWD_1(folded.data(), second, static_cast<int32_t>(folded.size()));
  scan(std::string_view(folded).substr(0, second));
  if (best.empty() && word.size() > 1) {
    int32_t third = second;
    U8_FWD_1(folded.data(), third, static_cast<int32_t>(folded.size()));
    scan(std::string_view(folded).substr(second, third - second));
  }
  return best;
}

}  // namespace wadi
