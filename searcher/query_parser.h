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
#include "analysis/ranking_settings.h"

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
  std::set<std::string> forms;          // the forms the archive's vocabulary lists for the stems of plain words: what they search, matched as written
  std::set<std::string> stems;          // stems of plain words the vocabulary does not list (or only in part), matched in any form
  std::vector<std::string> prefixes;    // from `prefix*`
  std::vector<std::vector<std::string>> phrases;  // folded words, matched only where they stand in this order
};

// A word of the query as written: bytes [begin, end) of ParsedQuery::text.
struct WrittenWord {
  std::size_t begin, end;
  std::string term;  // folded
};

struct ParsedQuery {
  Xapian::Query query;
  std::string text;                 // the query as read (valid UTF-8)
  // The words of plain words, phrases, NEAR and title: (those a spelling
  // correction may replace), in query order.
  std::vector<WrittenWord> written;
  std::string reading;              // how the query was understood, for --explain
  std::vector<std::string> notes;   // lenient corrections ("added the missing closing quote")
  HighlightTerms highlight;
  // Plain words rank articles by how many and how rare the words they hold
  // are (RankingSettings::all_words_max, 0 by default, requires them all in
  // a query of up to that many). all_words: for a query of only plain words
  // that is short (RankingSettings::every_word_max) or requires them all,
  // the words (as typed, stopwords left out). relaxed: when it requires
  // them all, a query ranking the articles that hold some of them.
  std::vector<std::string> all_words;
  Xapian::Query relaxed;
  // When the query's own plain words rank (not required) and are few
  // (RankingSettings::every_word_max, at least 2): the query again, with
  // every one of them required; the searcher counts its matches.
  Xapian::Query every_word;
  // The query is only plain words (no phrase, operator, sign or field), so
  // the searcher may add feedback terms to its ranking.
  bool ranked_words = false;
  std::size_t content_words = 0;    // plain words that are not stopwords
  // Each date: filter as typed ("date:2005") and its query, so that the
  // searcher can say how many articles dated by their file's time it leaves out.
  std::vector<std::pair<std::string, Xapian::Query>> date_filters;
};

class QueryParser {
 public:
  // `languages`: the languages of the indexed articles; a plain word matches
  // the words having its stem in one of them, as listed by the vocabulary
  // table of `index` (schema.h). Without one, or for a stem it does not
  // list, the query names the stem term of schema-1 databases.
  // `remote_shards`: `index` has shards served by xapian-tcpsrv, whose
  // vocabulary tables Xapian's remote backend does not read; the forms are
  // then also looked for among the index's words that begin like the word.
  // `settings`: stopwords and how many words a query requires.
  QueryParser(Analyzer& analyzer, std::vector<std::string> languages, const Xapian::Database* index = nullptr,
              bool remote_shards = false, RankingSettings settings = RankingSettings())
      : analyzer_(analyzer), languages_(std::move(languages)), index_(index), remote_shards_(remote_shards),
        settings_(std::move(settings)), whole_words_(indexes_whole_words(index)) {}

  // Throws QueryError for what has no sensible lenient reading: an unknown
  // field, a bad date, a query with no words, too long or deeply nested.
  ParsedQuery parse(std::string_view query);

  // The query of one plain word: OP_SYNONYM of the forms of its stems (over
  // the languages), or an empty query when the word has no indexable
  // characters.
  Xapian::Query word_query(const std::string& word, HighlightTerms& highlight);

  // The stems word_query() searches the forms of; none for a number.
  std::set<std::string> stems_of(const std::string& word);

  // How many words of the index start with `prefix`, counting up to limit + 1
  // (1 without an index).
  std::size_t count_prefix(const std::string& prefix, std::size_t limit) const;

  // True when the plain word `word` is a stopword of the query being parsed
  // (see analysis/stopwords.h); always false when settings().stopwords is
  // off (WADI_STOPWORDS=0).
  bool is_stopword(const std::string& word);

  const RankingSettings& settings() const { return settings_; }

  // The term to search at each of `tokens` (the tokenize() result of
  // `text`): the whole-word term (schema::kWholeWordPrefix) where a word is
  // written with a symbol and the index holds such terms, else the token's
  // term; `prefix` goes before each.
  std::vector<std::string> position_terms(std::string_view text, const std::vector<Token>& tokens,
                                          const std::string& prefix = "");

 private:
  // True for a database recording schema::kWholeWordsKey, or for none (a
  // parser without an index reads queries for the current schema).
  static bool indexes_whole_words(const Xapian::Database* index);
  void choose_stopword_languages(const std::string& query);
  std::set<std::string> stems_of(const Token& token) const;
  // Words of the index beginning as `word` and `stem` both do that have
  // `stem` among their stems.
  void add_forms_by_prefix(const std::string& word, const std::string& stem, std::set<std::string>& forms) const;

  Analyzer& analyzer_;
  std::vector<std::string> languages_;
  const Xapian::Database* index_;
  bool remote_shards_;
  RankingSettings settings_;
  std::vector<std::string> stopword_languages_;
  bool whole_words_;
};

}  // namespace wadi
