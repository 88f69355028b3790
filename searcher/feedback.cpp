#include "feedback.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "analysis/schema.h"
#include "analysis/stopwords.h"
#include "docid_set.h"

namespace wadi {
namespace {

// Feedback terms are words: not prefixed terms (titles, ids, sources, the
// stems of schema-1 databases), numbers or stopwords of the collection's
// languages.
// With `common` given, only its words: those several feedback articles share.
class FeedbackWords : public Xapian::ExpandDecider {
 public:
  explicit FeedbackWords(std::vector<std::string> languages, std::optional<std::set<std::string>> common = std::nullopt)
      : languages_(std::move(languages)), common_(std::move(common)) {}
  bool operator()(const std::string& term) const override {
    if (common_ && !common_->count(term)) return false;
    if (term.size() < 2 || schema::is_prefixed(term)) return false;
    if (term.find_first_not_of("0123456789.,") == std::string::npos) return false;
    return std::none_of(languages_.begin(), languages_.end(),
                        [&](const std::string& language) { return Stopwords::builtin().contains(language, term); });
  }

 private:
  std::vector<std::string> languages_;
  std::optional<std::set<std::string>> common_;
};

// The words at least `min_docs` of the articles `top` hold: reading their
// term lists costs a lookup each, where weighing a candidate expansion word
// costs a lookup of its frequency.
std::set<std::string> shared_words(const Xapian::Database& db, const std::vector<Xapian::docid>& top, Xapian::doccount min_docs) {
  std::map<std::string, Xapian::doccount> holders;
  for (Xapian::docid did : top)
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t)
      if (!schema::is_prefixed(*t)) ++holders[*t];
  std::set<std::string> shared;
  for (const auto& [term, n] : holders)
    if (n >= min_docs) shared.insert(shared.end(), term);
  return shared;
}

Expansion expansion_of(const Xapian::ESet& eset) {
  Expansion terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) terms.emplace_back(*t, t.get_weight());
  return terms;
}

// A candidate expansion term of trad_expansion().
struct Candidate {
  Xapian::doccount relevant = 0;  // feedback articles holding it
  double multiplier = 0;
};

// Each term of the feedback articles that is not in `query` and that
// `decider` accepts, with TradEWeight's (k = 1) sums over those articles.
std::map<std::string, Candidate> trad_candidates(const Xapian::Database& db, const std::vector<Xapian::docid>& feedback,
                                                 const Xapian::Query& query, const Xapian::ExpandDecider& decider) {
  constexpr double k = 1.0;
  const double average_length = db.get_avlength();
  std::set<std::string> query_terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
  std::map<std::string, Candidate> candidates;
  for (Xapian::docid did : feedback) {
    std::vector<std::pair<std::string, Xapian::termcount>> terms;
    Xapian::termcount length = 0;  // an article's length is the sum of its terms' wdf
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
      terms.emplace_back(*t, t.get_wdf());
      length += t.get_wdf();
    }
    for (auto& [term, wdf] : terms) {
      if (query_terms.count(term) || !decider(term)) continue;
      const double w = std::max<Xapian::termcount>(wdf, 1);  // as Xapian: a boolean term counts once
      Candidate& c = candidates[term];
      ++c.relevant;
      c.multiplier += (k + 1) * w / (k * length / average_length + w);
    }
  }
  return candidates;
}

// What Enquire::get_eset computes with Xapian's "trad" scheme (TradEWeight,
// k = 1) and exact term frequencies, in a few round trips: one term list per
// feedback article and one match that returns every candidate's frequency.
// Xapian's own get_eset asks each shard served by xapian-tcpsrv for each
// candidate's frequency in turn: hundreds of round trips per search.
Expansion trad_expansion(const Xapian::Database& db, const std::vector<Xapian::docid>& feedback,
                         const Xapian::Query& query, const Xapian::ExpandDecider& decider, std::size_t size) {
  const std::map<std::string, Candidate> candidates = trad_candidates(db, feedback, query, decider);
  if (candidates.empty()) return {};
  std::vector<Xapian::Query> all;
  for (const auto& [term, c] : candidates) all.emplace_back(term);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, all.begin(), all.end()));
  const Xapian::MSet frequencies = enquire.get_mset(0, 0);  // the match gathers every term's frequency
  const double articles = db.get_doccount(), relevant = static_cast<double>(feedback.size());
  Expansion terms;
  for (const auto& [term, c] : candidates) {
    const double tf = frequencies.get_termfreq(term), r = c.relevant, without = relevant - r;
    const double weight = c.multiplier * std::log((r + 0.5) * (articles - tf - without + 0.5) / ((tf - r + 0.5) * (without + 0.5)));
    if (weight > 0) terms.emplace_back(term, weight);
  }
  // Xapian's order: by weight, then the lexically smaller term.
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (terms.size() > size) terms.resize(size);
  return terms;
}

}  // namespace

Feedback::Feedback(const Xapian::Database& db, const RankingSettings& settings, std::vector<std::string> languages,
                   QueryParser stems, bool remote_shards)
    : db_(db), settings_(settings), languages_(std::move(languages)), stems_(std::move(stems)), remote_shards_(remote_shards) {}

std::vector<Xapian::MSetIterator> Feedback::rerank(ParsedQuery& parsed, const Xapian::MSet& top, std::size_t offset,
                                                   std::size_t limit, Xapian::RSet& feedback_set, const Rerank& final_pass) {
  std::vector<Xapian::MSetIterator> shown;
  auto show = [&shown](const Xapian::MSet& hits) {
    for (auto it = hits.begin(); it != hits.end(); ++it) shown.push_back(it);
  };
  std::vector<Xapian::docid> best;
  for (auto it = top.begin(); it != top.end() && best.size() < settings_.prf_depth; ++it) best.push_back(*it);
  const Xapian::Query expansion = best.size() > offset || remote_shards_ ? terms(parsed, top, feedback_set) : Xapian::Query();
  auto reranked = [&](const Xapian::Query& matches) {
    return expansion.empty() ? matches : Xapian::Query(Xapian::Query::OP_AND_MAYBE, matches, expansion);
  };
  // A shard served by xapian-tcpsrv cannot run DocidSet: every match is reranked.
  if (remote_shards_) {
    show(final_pass(reranked(parsed.query), limit));
    return shown;
  }
  if (offset < best.size()) {
    const std::size_t reordered = best.size();
    show(final_pass(reranked(Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, DocidSet::query(std::move(best), db_))),
                    std::min(limit, reordered - offset)));
  }
  for (std::size_t i = std::max<std::size_t>(offset, settings_.prf_depth); i < top.size() && i < offset + limit; ++i)
    shown.push_back(top[static_cast<Xapian::doccount>(i)]);
  return shown;
}

Xapian::Query Feedback::terms(ParsedQuery& parsed, const Xapian::MSet& first_pass, Xapian::RSet& feedback_set) {
  Xapian::RSet top_set;
  std::vector<Xapian::docid> top;
  for (auto it = first_pass.begin(); it != first_pass.end() && top.size() < settings_.prf_docs; ++it) {
    top_set.add_document(*it);
    top.push_back(*it);
  }
  if (top.empty()) return Xapian::Query();
  const Expansion eset = expand(parsed.query, top, top_set, parsed.content_words <= settings_.every_word_max);
  if (settings_.prf_reweight) feedback_set = top_set;
  if (eset.empty()) return Xapian::Query();
  std::vector<Group> groups = group_by_stem(eset);
  if (groups.empty()) return Xapian::Query();
  return weighted_query(parsed, groups);
}

Expansion Feedback::expand(const Xapian::Query& query, const std::vector<Xapian::docid>& top, const Xapian::RSet& top_set,
                           bool short_query) {
  const Xapian::doccount min_docs = short_query ? settings_.prf_short_min_docs : 1;
  FeedbackWords words_only(languages_, min_docs > 1 ? std::optional(shared_words(db_, top, min_docs)) : std::nullopt);
  // Words, from which the stems are taken: twice as many, since several
  // forms of a stem ("prices", "price") come as one.
  const Xapian::termcount wanted = 2 * settings_.prf_terms;
  if (remote_shards_ && settings_.prf_scheme == "trad") return trad_expansion(db_, top, query, words_only, wanted);
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);  // the query's own words are not expansion terms
  enquire.set_expansion_scheme(settings_.prf_scheme);
  return expansion_of(enquire.get_eset(wanted, top_set, kExactExpansion, &words_only));
}

// Forms of one stem ("prices", "price") make one term, searched as a query
// word is (all its forms), weighing the sum of their weights; the best
// prf_terms groups, best first.
std::vector<Feedback::Group> Feedback::group_by_stem(const Expansion& eset) {
  std::vector<Group> groups;
  std::map<std::set<std::string>, std::size_t> group_of;
  for (const auto& [term, weight] : eset) {
    std::set<std::string> word_stems = stems_.stems_of(term);
    if (word_stems.empty()) continue;
    auto [it, added] = group_of.try_emplace(std::move(word_stems), groups.size());
    if (added) groups.push_back(Group{term, 0, {}});
    groups[it->second].weight += weight;
    groups[it->second].found.push_back(term);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.weight > b.weight; });
  if (groups.size() > settings_.prf_terms) groups.resize(settings_.prf_terms);
  return groups;
}

// Each term weighs in proportion to how well it tells the feedback set
// apart, the best one prf_weight times a query word; terms weighing under
// prf_min_weight of the best change little and cost posting lists.
// REQUIRES: `groups` not empty, best first.
Xapian::Query Feedback::weighted_query(ParsedQuery& parsed, const std::vector<Group>& groups) {
  const double best = groups.front().weight;
  std::vector<std::pair<Xapian::Query, const Group*>> kept;  // each term searched as a query word is
  double total = 0;                                         // their weights, in units of the best
  for (const Group& group : groups) {
    if (group.weight < settings_.prf_min_weight * best) break;
    HighlightTerms ignored;
    Xapian::Query forms = settings_.prf_all_forms ? stems_.word_query(group.word, ignored)
                                                  : Xapian::Query(Xapian::Query::OP_SYNONYM, group.found.begin(), group.found.end());
    if (forms.empty()) continue;
    kept.emplace_back(std::move(forms), &group);
    total += group.weight / best;
  }
  // As in RM3's interpolation, the expansion as a whole weighs at most
  // prf_balance times the query's words: a one-word query is reordered by
  // what its top articles share, not replaced by it.
  double scale = settings_.prf_weight;
  if (settings_.prf_balance > 0 && total > 0)
    scale = std::min(scale, settings_.prf_balance * static_cast<double>(std::max<std::size_t>(parsed.content_words, 1)) / total);
  std::vector<Xapian::Query> terms;
  std::string reading;
  for (auto& [forms, group] : kept) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, std::move(forms), scale * group->weight / best);
    reading += (reading.empty() ? "" : " ") + group->word;
  }
  parsed.reading += " FEEDBACK(" + reading + ")";
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace wadi
