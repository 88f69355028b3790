// "Did you mean": corrections drawn from the index's own vocabulary.
//
// The index keeps every word as written (folded, unstemmed), with the number
// of articles holding it, so no separate spelling table is built: a word no
// article holds is compared with the indexed words that share its first
// letter (or, failing that, its second letter, for a swapped or extra first
// letter), and the closest one wins, the most common among equals.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace wadi {

// Levenshtein distance with adjacent transpositions counting one edit
// ("teh" -> "the"), over code points; any value above `limit` is returned
// as limit + 1, so that callers can stop early.
unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned limit);

// The indexed word closest to `folded` (a word as Analyzer::tokenize
// returns it): at most one edit away for words of up to four letters, two
// for longer ones; "" when none is that close or when `folded` is indexed.
std::string suggest_spelling(const Xapian::Database& db, const std::string& folded);

}  // namespace wadi
