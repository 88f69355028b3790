// The ranking tunables in one place. The compiled-in defaults are the ones
// scripts/eval chose (see the README's ranking section); each can be
// overridden by an environment variable so that an ablation run needs no
// rebuild, e.g. `WADI_PRF=0 scripts/eval --ablation --label no-prf`.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <xapian.h>

namespace wadi {

struct RankingSettings {
  // Search time.
  std::string weighting = "bm25";   // WADI_WEIGHTING: bm25, bm25+, pl2, dph, lm, inl2, tfidf
  double bm25_k1 = 1.2;             // WADI_BM25_K1: term-frequency saturation
  double bm25_b = 0.75;             // WADI_BM25_B: document-length normalisation
  double bm25plus_delta = 1.0;      // WADI_BM25PLUS_DELTA: bm25+ lower bound per matched term
  bool stopwords = true;            // WADI_STOPWORDS: query-side stopword handling on/off
  double stopword_weight = 0.0;     // WADI_STOPWORD_WEIGHT: weight of a stopword in a ranked query
  double query_idf_power = 0;       // WADI_QUERY_IDF_POWER: long queries weigh words by (idf/mean idf)^power
  double title_boost = 0;           // WADI_TITLE_BOOST: weight of query words found in the title
  double proximity_weight = 0;      // WADI_PROXIMITY: weight of neighbouring query words found near each other
  Xapian::termcount proximity_window = 8;  // WADI_PROXIMITY_WINDOW: "near" means within this many words
  std::size_t all_words_max = 4;    // WADI_ALL_WORDS_MAX: content words up to which all are required
  bool prf = true;                  // WADI_PRF: pseudo-relevance feedback on ranked word queries
  Xapian::doccount prf_docs = 10;   // WADI_PRF_DOCS: top articles taken as relevant
  Xapian::termcount prf_terms = 20; // WADI_PRF_TERMS: expansion terms added
  double prf_weight = 0.5;          // WADI_PRF_WEIGHT: expansion weight relative to the query
  std::string prf_model = "eset";   // WADI_PRF_MODEL: eset (Xapian's expand set) or rm3
  std::string prf_scheme = "trad";  // WADI_PRF_SCHEME: Xapian expansion scheme, trad or bo1
  bool prf_or = false;              // WADI_PRF_OR: long queries: expansion terms may match alone
  bool prf_rset = false;            // WADI_PRF_RSET: reweigh the second pass with the feedback set
  // Index time (changing it needs a re-index).
  Xapian::termcount title_weight = 3;  // WADI_TITLE_WEIGHT: a title word counts this many body words

  // The defaults, overridden by the environment; read once, thread-safe.
  // An unreadable value is ignored with a one-line warning on stderr.
  static const RankingSettings& get();

  // The weighting scheme these settings name, for Enquire::set_weighting_scheme.
  std::unique_ptr<Xapian::Weight> weight() const;
};

}  // namespace wadi
