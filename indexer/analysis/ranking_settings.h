// The ranking tunables in one place. The compiled-in defaults are the ones
// scripts/eval chose on Cranfield, CISI, MEDLARS and Reuters-21578's topics
// (scripts/RESULTS.md has the numbers); each can be overridden by an
// environment variable so that an ablation run needs no rebuild, e.g.
//   WADI_PRF=0 scripts/eval --ablation --label no-feedback
// The environment is read once, by each program's main, into a value passed
// to the code that needs it: no library code reads the environment.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include <xapian.h>

namespace wadi {

struct RankingSettings {
  // Search time.
  std::string weighting = "bm25";    // WADI_WEIGHTING: bm25, bm25+, pl2, dph, inl2, tfidf
  double bm25_k1 = 2.0;              // WADI_BM25_K1: term-frequency saturation
  double bm25_b = 0.75;              // WADI_BM25_B: document-length normalisation, 0..1, for archives of evenly long articles; when set, for every archive
  double bm25_b_spread = 0.5;        // WADI_BM25_B_SPREAD: b for archives whose lengths spread widely (see b_for)
  bool bm25_b_fixed = false;         // WADI_BM25_B was set
  double bm25_min_normlen = 0.5;     // WADI_BM25_MIN_NORMLEN: articles shorter than this part of the average count as this long
  bool stopwords = true;             // WADI_STOPWORDS: query-side stopwords (analysis/stopwords.h)
  double stopword_weight = 0;        // WADI_STOPWORD_WEIGHT: a stopword's weight in a plain-word query
  std::size_t all_words_max = 0;     // WADI_ALL_WORDS_MAX: up to this many content words, all are required (0: none is)
  // A short query (up to every_word_max ranked content words) ranks every
  // article holding some of its words, those holding all of them scoring
  // every_word_bonus more (a share of their score), and says how many hold all.
  double every_word_bonus = 0.3;     // WADI_EVERY_WORD_BONUS: >= 0
  std::size_t every_word_max = 4;    // WADI_EVERY_WORD_MAX
  bool prf = true;                   // WADI_PRF: pseudo-relevance feedback on plain-word queries
  Xapian::doccount prf_docs = 5;     // WADI_PRF_DOCS: top articles taken as relevant
  Xapian::doccount prf_depth = 300;  // WADI_PRF_DEPTH: feedback reorders this many of the first pass's best
  Xapian::termcount prf_terms = 50;  // WADI_PRF_TERMS: expansion terms added
  // In a short query (every_word_max), an expansion word is in at least
  // this many feedback articles: a word of one article alone is its own
  // subject more than the query's, and weighing each candidate costs a
  // lookup (half the time of a short query's feedback).
  Xapian::doccount prf_short_min_docs = 2;  // WADI_PRF_SHORT_MIN_DOCS: >= 1
  double prf_min_weight = 0.3;       // WADI_PRF_MIN_WEIGHT: drop expansion terms weighing less than this part of the best
  double prf_weight = 1.0;           // WADI_PRF_WEIGHT: weight of the best expansion term, in query words
  double prf_balance = 1.0;          // WADI_PRF_BALANCE: all expansion terms together weigh at most this many times the query's words (0: no bound)
  std::string prf_scheme = "trad";   // WADI_PRF_SCHEME: expansion weighting, trad or bo1 (Xapian's names)
  bool prf_all_forms = false;        // WADI_PRF_ALL_FORMS: an expansion stem searches all its forms, not only those in the feedback set
  bool prf_reweight = true;          // WADI_PRF_REWEIGHT: final ranking reweighs terms by the feedback set
  // Index time: recorded in the database (schema::kTitleWeightKey), which
  // keeps it; a run asking for another one is refused.
  Xapian::termcount title_weight = 3;  // WADI_TITLE_WEIGHT: a title word counts this many body words, 1..1000
  bool title_weight_given = false;     // WADI_TITLE_WEIGHT was set

  // The defaults, overridden by `variables` (the WADI_ ones of the
  // environment, see wadi_variables()). A value that does not parse, is not
  // finite or is out of its range is ignored, and so is an unknown WADI_
  // variable, each with one line "PROGRAM: warning: ..." on `warnings`.
  static RankingSettings from_environment(const std::map<std::string, std::string>& variables,
                                          std::string_view program, std::ostream& warnings);

  // BM25's b for an archive whose article lengths (Xapian's: indexed words,
  // a title word counting title_weight times) have this spread, standard
  // deviation over mean, 0 when unknown: bm25_b up to 0.5 (the abstracts of
  // Cranfield, CISI and MEDLARS: 0.43-0.47), bm25_b_spread from 0.8 (news,
  // where two-line briefs and long reports share an archive: Reuters-21578
  // 0.87-0.89), linear between.
  // A long news story is long because it covers more, not because it
  // repeats itself, and normalising it as hard as a long abstract buries it.
  double b_for(double length_spread) const;

  // The weighting scheme these settings name, for Enquire::set_weighting_scheme.
  std::unique_ptr<Xapian::Weight> weight(double length_spread = 0) const;
};

// The WADI_ variables of `environment` (as `environ`: "NAME=value" entries,
// null-terminated), by name. Empty values count as unset.
std::map<std::string, std::string> wadi_variables(char** environment);

// Every environment variable wadi reads, the programs' and the tests', for
// the warning about unknown ones and for the documentation.
struct EnvironmentVariable {
  const char* name;
  const char* read_by;  // "index", "search", "index, search" or "tests"
  const char* meaning;  // with the default
};
std::span<const EnvironmentVariable> environment_variables();

// The table above for `program`'s --help (and so its man page).
std::string environment_help(std::string_view program);

}  // namespace wadi
