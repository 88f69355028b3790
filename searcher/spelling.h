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

// The indexed word `folded` (a word as Analyzer::tokenize returns it) most
// likely meant, weighing closeness against how many articles hold it (each
// edit must be paid for by a word 20 times as common; words differing only
// in vowels and doubled letters cost half an edit). For a word no article
// holds: at most one edit away for words of up to four letters, two for
// longer ones. For a word some articles hold: only a word one edit away
// and at least 20 times as common. "" when there is none.
std::string suggest_spelling(const Xapian::Database& db, const std::string& folded);

}  // namespace wadi
