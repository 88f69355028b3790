// Pseudo-relevance feedback: the first pass's best articles are taken as
// relevant, and the words that best tell them apart join the ranking of
// those articles. Feedback only reorders matches; phrases, operators and
// filters are never expanded (see ParsedQuery::ranked_words).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/ranking_settings.h"
#include "query_parser.h"

namespace wadi {

// Feedback needs a feedback set that is a small sample of the collection
// (prf_docs at most one article in this many): in a handful of articles
// every word looks typical of the top.
constexpr Xapian::doccount kFeedbackSampleRatio = 20;

// By default Xapian estimates a term's frequency in a sharded database from
// the shard holding the feedback article; exact frequencies make expansion,
// and so the ranking, the same however the articles are split into shards.
constexpr int kExactExpansion = Xapian::Enquire::USE_EXACT_TERMFREQ;

// Expansion terms with their weights, best first.
using Expansion = std::vector<std::pair<std::string, double>>;

class Feedback {
 public:
  // Runs the final ranking of `query` (reranked) with the page's offset and
  // this `limit`, weighing by the feedback set; counts nothing.
  using Rerank = std::function<Xapian::MSet(const Xapian::Query& query, std::size_t limit)>;

  // `stems`: the query parser of the database searched, which reads
  // feedback words as it reads query words. `remote_shards`: a shard is
  // served by xapian-tcpsrv (see Searcher::remote_shards_).
  Feedback(const Xapian::Database& db, const RankingSettings& settings, std::vector<std::string> languages,
           QueryParser stems, bool remote_shards);

  // Reranks the first pass `top` (from offset 0, at least prf_depth deep)
  // with feedback, and returns the page's hits from `offset`, `limit` of
  // them, in rank order. Below the best prf_depth articles the first pass's
  // order stands, so that pages never overlap or skip an article. Adds the
  // feedback words to parsed.reading; sets `feedback_set` to the articles
  // taken as relevant when the final ranking reweighs every term by them.
  std::vector<Xapian::MSetIterator> rerank(ParsedQuery& parsed, const Xapian::MSet& top, std::size_t offset,
                                           std::size_t limit, Xapian::RSet& feedback_set, const Rerank& final_pass);

  // The stems that best tell the first pass's top articles apart (Xapian's
  // expand set), weighted, as a query to join the ranking; empty for none.
  // Sets `feedback_set` as rerank() says.
  Xapian::Query terms(ParsedQuery& parsed, const Xapian::MSet& first_pass, Xapian::RSet& feedback_set);

 private:
  // A stem's forms found in the feedback set, with their summed weight.
  struct Group {
    std::string word;  // the best-weighted form: searched as a query word is
    double weight = 0;
    std::vector<std::string> found;  // its forms in the feedback set
  };
  // `short_query`: see RankingSettings::prf_short_min_docs.
  Expansion expand(const Xapian::Query& query, const std::vector<Xapian::docid>& top, const Xapian::RSet& top_set,
                   bool short_query);
  std::vector<Group> group_by_stem(const Expansion& eset);
  Xapian::Query weighted_query(ParsedQuery& parsed, const std::vector<Group>& groups);

  const Xapian::Database& db_;
  const RankingSettings& settings_;
  std::vector<std::string> languages_;
  QueryParser stems_;
  bool remote_shards_;
};

}  // namespace wadi
