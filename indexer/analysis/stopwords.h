// Stopwords: per-language lists of function words ("the", "de", "и"), kept as
// data files in analysis/stopwords/ and compiled into the programs.
//
// Used on the query side only, for weighting: a stopword in a plain-word query
// is neither required nor weighed, but it still matches inside a "phrase" and
// a query made only of stopwords is searched as written. The index keeps every
// word, so no phrase is ever made unmatchable.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wadi {

class Stopwords {
 public:
  // The built-in lists, folded as Analyzer::fold folds a query word.
  // Thread-safe; each list is folded on its first use, so that a search
  // pays only for the languages it asks about.
  static const Stopwords& builtin();

  // True when `folded` (a word as Analyzer::tokenize returns it) is a
  // stopword in `language` (an ISO 639-1 code); false for a language without
  // a list.
  bool contains(std::string_view language, std::string_view folded) const;

  // True when there is a list for `language`.
  bool has_list(std::string_view language) const;

  // The languages that have a list, in code order.
  std::vector<std::string> languages() const;

 private:
  struct List {
    std::string_view text;  // the data file, one word per line, # comments
    mutable std::once_flag folded_once;
    mutable std::set<std::string, std::less<>> words;
  };
  Stopwords();
  const List* find(std::string_view language) const;
  std::map<std::string, List, std::less<>> lists_;
};

}  // namespace wadi
