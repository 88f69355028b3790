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
#include <set>
#include <string>
#include <string_view>

namespace wadi {

class Stopwords {
 public:
  // The built-in lists, folded as Analyzer::fold folds a query word.
  // Thread-safe; built on first use.
  static const Stopwords& builtin();

  // True when `folded` (a word as Analyzer::tokenize returns it) is a
  // stopword in `language` (an ISO 639-1 code); false for a language without
  // a list.
  bool contains(std::string_view language, std::string_view folded) const;

  // True when there is a list for `language`.
  bool has_list(std::string_view language) const;

 private:
  Stopwords();
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> lists_;
};

}  // namespace wadi
