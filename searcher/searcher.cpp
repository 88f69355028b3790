#include "searcher.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <set>
#include <thread>

#include "analysis/language.h"
#include "analysis/ranking_settings.h"
#include "analysis/schema.h"
#include "analysis/stored_article.h"
#include "analysis/stopwords.h"
#include "analysis/stub_file.h"
#include "docid_set.h"
#include "spelling.h"

namespace wadi {
namespace {

constexpr int kReadAttempts = 10;

// Words held by at most this many articles (or a thousandth of them) are
// checked for a far more common spelling one edit away.
constexpr Xapian::doccount kRareWordArticles = 20;

// A reader may lose the race with an index run that commits twice while it
// reads (Xapian then reuses the blocks of the older revision): Xapian says so
// with DatabaseModifiedError, or, when it happens while the database is being
// opened, with a DatabaseCorruptError. An index run that compacts the shards
// deletes the old shard folders once the stub lists the new ones: a reader
// that read the stub just before gets a DatabaseOpeningError. All of these
// pass once the reader opens the database again; a database that is really
// damaged or missing fails every time.
template <class F>
auto with_retries(const std::filesystem::path& path, F f) {
  for (int attempt = 1;; ++attempt) {
    try {
      return f(attempt > 1);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReadAttempts) throw;
    } catch (const Xapian::DatabaseCorruptError&) {
      if (attempt == kReadAttempts) throw;
    } catch (const Xapian::DatabaseOpeningError&) {
      if (attempt == kReadAttempts || !stub_file_of(path)) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt * attempt));
  }
}

// Xapian's remote timeouts, in milliseconds (at least 1: 0 would wait for ever).
unsigned milliseconds(double seconds) {
  return static_cast<unsigned>(std::clamp(seconds * 1000, 1.0, 4e9));
}

std::chrono::steady_clock::time_point deadline_after(std::chrono::duration<double> timeout) {
  return std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout);
}

std::string seconds_text(std::chrono::duration<double> seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", seconds.count());
  return text;
}

// Expands "more like this" only with words, not ids, paths or sources.
class WordsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.size() > 2;
  }
};

constexpr Xapian::doccount kFeedbackSampleRatio = 20;

// By default Xapian estimates a term's frequency in a sharded database from
// the shard holding the feedback article; exact frequencies make expansion,
// and so the ranking, the same however the articles are split into shards.
constexpr int kExactExpansion = Xapian::Enquire::USE_EXACT_TERMFREQ;

// Feedback terms are words: not prefixed terms (titles, ids, sources, the
// stems of schema-1 databases), numbers or stopwords of the collection's
// languages.
class FeedbackTerms : public Xapian::ExpandDecider {
 public:
  explicit FeedbackTerms(std::vector<std::string> languages) : languages_(std::move(languages)) {}
  bool operator()(const std::string& term) const override {
    if (term.size() < 2 || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    if (term.find_first_not_of("0123456789.,") == std::string::npos) return false;
    return std::none_of(languages_.begin(), languages_.end(),
                        [&](const std::string& language) { return Stopwords::builtin().contains(language, term); });
  }

 private:
  std::vector<std::string> languages_;
};

// Expansion terms with their weights, best first.
using Expansion = std::vector<std::pair<std::string, double>>;

Expansion expansion_of(const Xapian::ESet& eset) {
  Expansion terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) terms.emplace_back(*t, t.get_weight());
  return terms;
}

// What Enquire::get_eset computes with Xapian's "trad" scheme (TradEWeight,
// k = 1) and exact term frequencies, in a few round trips: one term list per
// feedback article and one match that returns every candidate's frequency.
// Xapian's own get_eset asks each shard served by xapian-tcpsrv for each
// candidate's frequency in turn: hundreds of round trips per search.
Expansion trad_expansion(const Xapian::Database& db, const std::vector<Xapian::docid>& feedback,
                         const Xapian::Query& query, const Xapian::ExpandDecider& decider, std::size_t size) {
  constexpr double k = 1.0;
  const double average_length = db.get_avlength();
  std::set<std::string> query_terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
  struct Candidate {
    Xapian::doccount relevant = 0;  // feedback articles holding it
    double multiplier = 0;
  };
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

// What an index run records of its articles' lengths (schema::kLengthSpreadKey).
struct LengthStatistics {
  double mean = 0, deviation = 0;
  static std::optional<LengthStatistics> of(const Xapian::Database& db) {
    std::istringstream in(db.get_metadata(schema::kLengthSpreadKey));
    LengthStatistics s;
    if (in >> s.mean >> s.deviation && s.mean > 0) return s;
    return std::nullopt;
  }
};

// The spread of the articles' lengths over every database a stub lists
// (`entries`, none when the database is not a stub), each weighing its
// number of articles: a corpus split with `index --shard` gets the b one
// database of it would. The shards of one wadi database hold one value,
// which Xapian reads from the first.
double pooled_length_spread(const std::vector<StubEntry>& entries, const Xapian::Database& db,
                            const RemoteTimeouts& timeouts) {
  const bool one_run = std::all_of(entries.begin(), entries.end(), [](const StubEntry& entry) {
    std::error_code ec;
    return entry.kind == StubEntry::Kind::kLocal && std::filesystem::exists(entry.path / "iamglass", ec);
  });
  std::vector<std::pair<LengthStatistics, double>> parts;  // statistics, articles
  if (one_run) {
    if (auto s = LengthStatistics::of(db)) parts.emplace_back(*s, 1);
  } else {
    for (const StubEntry& entry : entries) {
      const Xapian::Database part = open_entry(entry, timeouts);
      auto s = LengthStatistics::of(part);
      if (!s) return 0;
      parts.emplace_back(*s, part.get_doccount());
    }
  }
  double n = 0, sum = 0;
  for (const auto& [s, articles] : parts) n += articles, sum += articles * s.mean;
  if (n <= 0 || sum <= 0) return 0;
  const double mean = sum / n;
  double variance = 0;
  for (const auto& [s, articles] : parts)
    variance += articles * (s.deviation * s.deviation + (s.mean - mean) * (s.mean - mean)) / n;
  return std::sqrt(variance) / mean;
}

}  // namespace

Searcher::Searcher(const std::filesystem::path& path, RankingSettings settings, double timeout_seconds)
    : path_(path),
      timeout_(timeout_seconds),
      timeouts_{milliseconds(timeout_seconds), milliseconds(timeout_seconds)},
      deadline_(deadline_after(timeout_)),
      settings_(std::move(settings)),
      db_(with_retries(path, [&](bool) { return open_database(path, timeouts_); })) {
  // The databases a stub lists are opened again to pool their statistics:
  // that read may race an index run too.
  with_retries(path_, [&](bool again) {
    if (again) db_ = open_database(path_, timeouts_);
    read_statistics();
    return 0;
  });
}

void Searcher::read_statistics() {
  const std::vector<StubEntry> databases = expand_stubs(path_);
  remote_shards_ = std::any_of(databases.begin(), databases.end(),
                               [](const StubEntry& entry) { return entry.kind == StubEntry::Kind::kRemote; });
  const std::optional<std::filesystem::path> stub = stub_file_of(path_);
  length_spread_ = pooled_length_spread(stub ? read_stub(*stub) : std::vector<StubEntry>(), db_, timeouts_);
  languages_ = languages();
}

QueryParser Searcher::parser() { return QueryParser(analyzer_, languages_, &db_, remote_shards_, settings_); }

std::vector<std::string> Searcher::languages() const {
  // Languages a plain query word is stemmed in. A language detected in a
  // handful of articles of a large archive is more often a misreading of
  // short text than a real language of the archive; stemming every query
  // word in it too would only add noise and slow the search. Languages in
  // another script than the archive's main one are always kept: their words
  // cannot be confused with the main language's.
  std::vector<std::pair<std::string, Xapian::doccount>> counts;
  for (auto it = db_.allterms_begin(schema::kLanguagePrefix); it != db_.allterms_end(schema::kLanguagePrefix); ++it)
    counts.emplace_back((*it).substr(1), it.get_termfreq());
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> codes;
  const Xapian::doccount articles = db_.get_doccount();
  for (const auto& [code, count] : counts) {
    if (codes.empty() || count * 100 >= articles || !same_script(code, codes.front())) codes.push_back(code);
  }
  return codes;
}

SearchPage Searcher::search(const std::string& query, const SearchOptions& options) {
  if (searched_) deadline_ = deadline_after(timeout_);
  searched_ = true;
  return with_retries(path_, [&](bool again) {
    if (again) {
      db_ = open_database(path_, timeouts_);  // the stub may list other shards now
      read_statistics();
    }
    return run(query, options);
  });
}

Xapian::MSet Searcher::match(const Xapian::Query& query, const SearchOptions& options, SearchPage& page,
                             const Xapian::RSet& feedback_set, bool count) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(*settings_.weight(length_spread_));
  if (options.sort == SortOrder::kDate) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
  if (options.sort == SortOrder::kDateReverse) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  Xapian::ValueCountMatchSpy by_source(schema::kSourceSlot), by_year(schema::kYearSlot), by_language(schema::kLanguageSlot),
      by_file_year(schema::kFileYearSlot);
  const bool facets = count && options.facets;
  if (facets)
    for (auto* spy : {&by_source, &by_year, &by_language, &by_file_year}) enquire.add_matchspy(spy);
  // Facets count every match, and so does a count-only search (--limit 0).
  Xapian::doccount check_at_least = facets || (count && options.limit == 0) ? db_.get_doccount() : 0;
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                       static_cast<Xapian::doccount>(options.limit), check_at_least, &feedback_set);
  if (!count) return mset;
  // Xapian stops matching once it has the page, and guesses the rest (off by
  // 2-3x for phrases and booleans, and changing with the page size). Only
  // when it is unsure, count again up to kExactCountUpTo, unweighted: a cost
  // paid by queries whose count Xapian cannot know from term statistics.
  Xapian::MSet counted = mset;
  if (mset.get_matches_lower_bound() != mset.get_matches_upper_bound() && check_at_least < kExactCountUpTo) {
    Xapian::Enquire counter(db_);
    counter.set_query(query);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counted = counter.get_mset(0, 0, kExactCountUpTo);
  }
  page.matches_lower = counted.get_matches_lower_bound();
  page.matches_upper = counted.get_matches_upper_bound();
  page.exact = page.matches_lower == page.matches_upper;
  page.matches = page.exact ? page.matches_lower : counted.get_matches_estimated();
  if (facets) {
    page.facets.clear();
    for (auto* spy : {&by_source, &by_year, &by_language, &by_file_year}) {
      std::string name = spy == &by_source ? "source" : spy == &by_year ? "year" : spy == &by_language ? "lang" : "file_date_year";
      if (spy == &by_file_year && spy->values_begin() == spy->values_end()) continue;
      auto& counts = page.facets[name];
      for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
        if (!(*it).empty()) counts[*it] = it.get_termfreq();
    }
  }
  return mset;
}

void Searcher::note_file_dates_left_out(ParsedQuery& parsed) const {
  const std::string file_dated = std::string(schema::kDateOriginPrefix) + schema::kFileTimeOrigin;
  if (parsed.date_filters.empty() || !db_.term_exists(file_dated)) return;
  for (const auto& [filter, range] : parsed.date_filters) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(file_dated), range));
    const Xapian::doccount left_out = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
    if (left_out > 0)
      parsed.notes.push_back(std::to_string(left_out) + (left_out == 1 ? " article" : " articles") +
                             " dated only by their file's time (no date in the text or path) " +
                             (left_out == 1 ? "is" : "are") + " not in " + filter);
  }
}

Xapian::Query Searcher::similar_query(const std::string& path_or_key, Xapian::docid& self, ParsedQuery& parsed) {
  std::string key = path_or_key;
  std::error_code ec;
  if (auto absolute = std::filesystem::absolute(path_or_key, ec); !ec && std::filesystem::exists(absolute, ec))
    key = absolute.lexically_normal().string();
  std::string id = schema::kIdPrefix + key;
  Xapian::PostingIterator it = db_.postlist_begin(id);
  if (it == db_.postlist_end(id)) throw QueryError("--similar: no indexed article is '" + path_or_key + "'", 1);
  self = *it;
  Xapian::RSet rset;
  rset.add_document(self);
  Xapian::Enquire enquire(db_);
  WordsOnly words_only;
  // The article's 20 most telling words, chosen over the whole database
  // (Xapian's OP_ELITE_SET would choose them shard by shard).
  Xapian::ESet eset = enquire.get_eset(20, rset, kExactExpansion, &words_only);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) {
    terms.emplace_back(*t);
    parsed.highlight.words.insert(*t);
    parsed.reading += (parsed.reading.empty() ? "" : " ") + *t;
  }
  parsed.reading = "LIKE(" + parsed.reading + ")";
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

SearchPage Searcher::run(const std::string& query, const SearchOptions& options) {
  SearchPage page;
  page.ranking = describe_ranking();
  Xapian::RSet feedback_set;
  Xapian::docid self = 0;
  if (!options.similar.empty()) {
    page.parsed.query = similar_query(options.similar, self, page.parsed);
    if (!query.empty()) {
      ParsedQuery extra = parser().parse(query);
      page.parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, page.parsed.query, extra.query);
    }
    page.parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, page.parsed.query, Xapian::Query(schema::kIdPrefix + db_.get_document(self).get_value(schema::kKeySlot)));
  } else {
    page.parsed = parser().parse(query);
  }
  note_file_dates_left_out(page.parsed);
  const RankingSettings& settings = settings_;
  // Feedback needs a feedback set that is a small sample of the collection:
  // in a handful of articles every word looks typical of the top.
  const bool feedback = options.feedback && options.similar.empty() && page.parsed.ranked_words && settings.prf &&
                        options.sort == SortOrder::kRelevance && options.limit > 0 &&
                        settings.prf_docs * kFeedbackSampleRatio <= db_.get_doccount();
  Xapian::MSet mset, top;
  std::vector<Xapian::MSetIterator> shown;  // the page's hits, in rank order
  auto show = [&shown](const Xapian::MSet& hits) {
    for (auto it = hits.begin(); it != hits.end(); ++it) shown.push_back(it);
  };
  if (feedback) {
    // The first pass counts the matches and fills the facets; feedback then
    // reorders its best prf_depth articles. Below them the first pass's
    // order stands, so that pages never overlap or skip an article.
    SearchOptions first_options = options;
    first_options.offset = 0;
    first_options.limit = std::max<std::size_t>(settings.prf_depth, options.offset + options.limit);
    const auto first_pass_start = std::chrono::steady_clock::now();
    top = match(page.parsed.query, first_options, page);
    // Feedback costs about three times the first pass (the feedback
    // articles' term lists, the expansion, the final pass): when it would
    // end after the deadline, the first pass's order is the answer.
    const auto first_pass_time = std::chrono::steady_clock::now() - first_pass_start;
    if (std::chrono::steady_clock::now() + 3 * first_pass_time > deadline_) {
      page.parsed.notes.push_back("ranked by the query's own words only: feedback would not end within the time limit (--timeout " +
                                  seconds_text(timeout_) + ")");
      for (std::size_t i = options.offset; i < top.size() && i < options.offset + options.limit; ++i)
        shown.push_back(top[static_cast<Xapian::doccount>(i)]);
    } else {
      feedback_pass(options, page, top, feedback_set, mset, shown);
    }
  } else {
    mset = match(page.parsed.query, options, page, feedback_set);
    show(mset);
  }
  if (options.offset == 0 && options.similar.empty()) suggest(page);
  if (shown.empty() && options.offset == 0 && !page.parsed.relaxed.empty()) {
    explain_zero_hits(page);
    mset = match(page.parsed.relaxed, options, page);
    page.relaxed = !mset.empty();
    show(mset);
  } else if (shown.empty() && options.offset == 0) {
    explain_zero_hits(page);
  }
  std::size_t rank = options.offset;
  SnippetMaker snippet(analyzer_, page.parsed.highlight);
  for (const Xapian::MSetIterator& it : shown) {
    if (!page.hits.empty() && std::chrono::steady_clock::now() > deadline_) {
      page.parsed.notes.push_back("showing " + std::to_string(page.hits.size()) + " of " + std::to_string(shown.size()) +
                                  " results: the time limit ran out while reading the articles (--timeout " +
                                  seconds_text(timeout_) + ")");
      break;
    }
    Xapian::Document doc = it.get_document();
    Hit hit{++rank, it.get_weight(), it.get_percent(), *it, nlohmann::json::object(), {}};
    schema::StoredArticle stored = schema::decode_article(doc.get_data());
    hit.snippet = snippet(stored.body, stored.fields.value("lang", ""));
    hit.fields = std::move(stored.fields);
    page.hits.push_back(std::move(hit));
  }
  return page;
}

void Searcher::feedback_pass(const SearchOptions& options, SearchPage& page, const Xapian::MSet& top,
                             Xapian::RSet& feedback_set, Xapian::MSet& mset, std::vector<Xapian::MSetIterator>& shown) {
  const RankingSettings& settings = settings_;
  auto show = [&shown](const Xapian::MSet& hits) {
    for (auto it = hits.begin(); it != hits.end(); ++it) shown.push_back(it);
  };
  std::vector<Xapian::docid> best;
  for (auto it = top.begin(); it != top.end() && best.size() < settings.prf_depth; ++it) best.push_back(*it);
  const Xapian::Query expansion = best.size() > options.offset || remote_shards_
                                      ? feedback_terms(page.parsed, top, feedback_set) : Xapian::Query();
  auto rerank = [&](const Xapian::Query& matches, std::size_t limit) {
    Xapian::Query reranked = matches;
    if (!expansion.empty()) reranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, reranked, expansion);
    SearchOptions final_options = options;
    final_options.limit = limit;
    mset = match(reranked, final_options, page, feedback_set, /*count=*/false);
    show(mset);
  };
  if (!remote_shards_ && options.offset < best.size()) {
    const std::size_t reordered = best.size();
    rerank(Xapian::Query(Xapian::Query::OP_FILTER, page.parsed.query, DocidSet::query(std::move(best), db_)),
           std::min(options.limit, reordered - options.offset));
  }
  if (remote_shards_) {
    rerank(page.parsed.query, options.limit);
  } else {
    for (std::size_t i = std::max<std::size_t>(options.offset, settings.prf_depth); i < top.size() && i < options.offset + options.limit; ++i)
      shown.push_back(top[static_cast<Xapian::doccount>(i)]);
  }
}

Xapian::Query Searcher::feedback_terms(ParsedQuery& parsed, const Xapian::MSet& first_pass, Xapian::RSet& feedback_set) {
  const RankingSettings& settings = settings_;
  Xapian::RSet top_set;
  std::vector<Xapian::docid> top;
  for (auto it = first_pass.begin(); it != first_pass.end() && top.size() < settings.prf_docs; ++it) {
    top_set.add_document(*it);
    top.push_back(*it);
  }
  if (top.empty()) return Xapian::Query();
  FeedbackTerms words_only(languages_);
  // Words, from which the stems are taken: twice as many, since several
  // forms of a stem ("prices", "price") come as one.
  const Xapian::termcount wanted = 2 * settings.prf_terms;
  Expansion eset;
  if (remote_shards_ && settings.prf_scheme == "trad") {
    eset = trad_expansion(db_, top, parsed.query, words_only, wanted);
  } else {
    Xapian::Enquire enquire(db_);
    enquire.set_query(parsed.query);  // the query's own words are not expansion terms
    enquire.set_expansion_scheme(settings.prf_scheme);
    eset = expansion_of(enquire.get_eset(wanted, top_set, kExactExpansion, &words_only));
  }
  if (settings.prf_reweight) feedback_set = top_set;
  if (eset.empty()) return Xapian::Query();
  // Forms of one stem ("prices", "price") make one term, searched as a query
  // word is (all its forms), weighing the sum of their weights. Each term
  // weighs in proportion to how well it tells the feedback set apart, the
  // best one prf_weight times a query word; terms weighing under
  // prf_min_weight of the best change little and cost posting lists.
  QueryParser stems = parser();
  struct Group {
    std::string word;  // the best-weighted form: searched as a query word is
    double weight = 0;
    std::vector<std::string> found;  // its forms in the feedback set
  };
  std::vector<Group> groups;
  std::map<std::set<std::string>, std::size_t> group_of;
  for (const auto& [term, weight] : eset) {
    std::set<std::string> word_stems = stems.stems_of(term);
    if (word_stems.empty()) continue;
    auto [it, added] = group_of.try_emplace(std::move(word_stems), groups.size());
    if (added) groups.push_back(Group{term, 0, {}});
    groups[it->second].weight += weight;
    groups[it->second].found.push_back(term);
  }
  if (groups.empty()) return Xapian::Query();
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.weight > b.weight; });
  if (groups.size() > settings.prf_terms) groups.resize(settings.prf_terms);
  const double best = groups.front().weight;
  std::vector<std::pair<Xapian::Query, const Group*>> kept;  // each term searched as a query word is
  double total = 0;                                         // their weights, in units of the best
  for (const Group& group : groups) {
    if (group.weight < settings.prf_min_weight * best) break;
    HighlightTerms ignored;
    Xapian::Query forms = settings.prf_all_forms ? stems.word_query(group.word, ignored)
                                                 : Xapian::Query(Xapian::Query::OP_SYNONYM, group.found.begin(), group.found.end());
    if (forms.empty()) continue;
    kept.emplace_back(std::move(forms), &group);
    total += group.weight / best;
  }
  // As in RM3's interpolation, the expansion as a whole weighs at most
  // prf_balance times the query's words: a one-word query is reordered by
  // what its top articles share, not replaced by it.
  double scale = settings.prf_weight;
  if (settings.prf_balance > 0 && total > 0)
    scale = std::min(scale, settings.prf_balance * static_cast<double>(std::max<std::size_t>(parsed.content_words, 1)) / total);
  std::vector<Xapian::Query> terms;
  std::string reading;
  for (auto& [forms, group] : kept) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, std::move(forms), scale * group->weight / best);
    reading += (reading.empty() ? "" : " ") + group->word;
  }
  parsed.reading += " FEEDBACK(" + reading + ")";
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::doccount Searcher::count_articles(const Xapian::Query& query) const {
  if (query.empty()) return 0;
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
}

std::string Searcher::describe_ranking() const {
  const RankingSettings& settings = settings_;
  if (settings.weighting != "bm25" && settings.weighting != "bm25+") return settings.weighting;
  char why[64];
  if (settings.bm25_b_fixed) std::snprintf(why, sizeof why, "WADI_BM25_B");
  else if (length_spread_ > 0) std::snprintf(why, sizeof why, "article lengths spread %.2f", length_spread_);
  else std::snprintf(why, sizeof why, "article lengths not recorded");
  char text[160];
  std::snprintf(text, sizeof text, "%s k1 %g, b %g (%s)", settings.weighting == "bm25" ? "BM25" : "BM25+",
                settings.bm25_k1, settings.b_for(length_spread_), why);
  return text;
}

void Searcher::explain_zero_hits(SearchPage& page) {
  // How many articles hold each word.
  HighlightTerms ignored;
  QueryParser parser = this->parser();
  for (const std::string& word : page.parsed.all_words) {
    // Over all the forms the word searches, as the query counts them.
    const Xapian::doccount articles = count_articles(parser.word_query(word, ignored));
    page.word_counts.emplace_back(word, articles);
  }
}

void Searcher::suggest(SearchPage& page) {
  // The query as written with each word no article holds, or that far
  // fewer hold than a word one edit away, replaced. Only rare words are
  // looked at: each costs a scan of the words sharing its first letter.
  const Xapian::doccount rare = std::max<Xapian::doccount>(kRareWordArticles, db_.get_doccount() / 1000);
  std::string corrected = page.parsed.text;
  bool changed = false;
  const auto& written = page.parsed.written;
  for (auto w = written.rbegin(); w != written.rend(); ++w) {  // from the end, so offsets stay valid
    if (db_.get_termfreq(w->term) > rare) continue;
    if (std::string suggestion = suggest_spelling(db_, w->term); !suggestion.empty()) {
      corrected.replace(w->begin, w->end - w->begin, suggestion);
      changed = true;
    }
  }
  if (changed) page.suggestion = corrected;
}

}  // namespace wadi
