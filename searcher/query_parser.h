// The wadi query language (design.md §2) turned into a Xapian::Query, with
// words analysed by the same Analyzer the indexer used.
#pragma once

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"

namespace wadi {

// A query that cannot be read leniently. `column` is 1-based, in characters.
class QueryError : public std::runtime_error {
 public:
  QueryError(const std::string& message, std::size_t column)
      : std::runtime_error(message), column_(column) {}
  std::size_t column() const { return column_; }

 private:
  std::size_t column_;
};

// What a snippet should highlight.
struct HighlightTerms {
  std::set<std::string> words;          // folded words, matched as written
  std::set<std::string> stems;          // stems of plain words, matched in any form
  std::vector<std::string> prefixes;    // from `prefix*`
};

struct ParsedQuery {
  Xapian::Query query;
  std::string reading;              // how the query was understood, for --explain
  std::vector<std::string> notes;   // lenient corrections ("added the missing closing quote")
  HighlightTerms highlight;
  // Set when the query is only plain words that must all match: the words
  // (as typed) and a relaxed query that ranks articles holding some of them.
  std::vector<std::string> all_words;
  Xapian::Query relaxed;
};

// Queries of more plain words than this rank articles by how many and how
// rare the words they hold are, instead of requiring all of them.
inline constexpr std::size_t kMaxAllWordsQuery = 4;

class QueryParser {
 public:
  // `languages`: the languages of the indexed articles; a plain word matches
  // its stem in each of them.
  QueryParser(Analyzer& analyzer, std::vector<std::string> languages)
      : analyzer_(analyzer), languages_(std::move(languages)) {}

  // Throws QueryError for what has no sensible lenient reading: an unknown
  // field, a bad date, a query with no words, too long or deeply nested.
  ParsedQuery parse(std::string_view query);

  // The stems query of one plain word (OP_SYNONYM over the languages), or an
  // empty query when the word has no indexable characters.
  Xapian::Query word_query(const std::string& word, HighlightTerms& highlight);

 private:
  Analyzer& analyzer_;
  std::vector<std::string> languages_;
};

}  // namespace wadi
