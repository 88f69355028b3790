#include "searcher.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
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
#include "docid_set.h"
#include "spelling.h"

namespace wadi {
namespace {

constexpr int kReadAttempts = 10;

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
      std::error_code ec;
      if (attempt == kReadAttempts || !std::filesystem::exists(path / "XAPIANDB", ec)) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt * attempt));
  }
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

// The databases a Xapian stub lists (`path`: a stub file, or a folder
// holding XAPIANDB): {"remote", "HOST:PORT"} or {"auto", path made absolute};
// none when `path` is not a stub.
using StubEntries = std::vector<std::pair<std::string, std::string>>;

StubEntries stub_entries(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path stub = std::filesystem::is_directory(path, ec) ? path / "XAPIANDB" : path;
  std::ifstream in(stub);
  StubEntries entries;
  for (std::string line; in && std::getline(in, line);) {
    std::istringstream fields(line);
    std::string type, target;
    fields >> type >> target;
    if (target.empty()) continue;
    if (type == "auto" && std::filesystem::path(target).is_relative()) target = (stub.parent_path() / target).string();
    entries.emplace_back(type, target);
  }
  return entries;
}

// True when a stub listing `entries` lists a `remote` shard, itself or
// through a stub it lists.
bool lists_remote_shards(const StubEntries& entries, int depth = 0) {
  if (depth > 4) return false;
  for (const auto& [type, target] : entries)
    if (type == "remote" || (type == "auto" && lists_remote_shards(stub_entries(target), depth + 1))) return true;
  return false;
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
// (`entries`), each weighing its number of articles: a corpus split with
// `index --shard` gets the b one database of it would. The shards of one
// wadi database hold one value, which Xapian reads from the first.
double pooled_length_spread(const StubEntries& entries, const Xapian::Database& db) {
  const bool one_run = std::all_of(entries.begin(), entries.end(), [](const auto& entry) {
    std::error_code ec;
    return entry.first == "auto" && std::filesystem::exists(std::filesystem::path(entry.second) / "iamglass", ec);
  });
  std::vector<std::pair<LengthStatistics, double>> parts;  // statistics, articles
  if (one_run) {
    if (auto s = LengthStatistics::of(db)) parts.emplace_back(*s, 1);
  } else {
    for (const auto& [type, target] : entries) {
      Xapian::Database part;
      std::size_t colon = target.rfind(':');
      if (type == "remote" && colon != std::string::npos && colon + 1 < target.size())
        part = Xapian::Remote::open(target.substr(0, colon), static_cast<unsigned>(std::stoul(target.substr(colon + 1))));
      else if (type == "auto")
        part = Xapian::Database(target);
      else
        return 0;  // a remote program: not known
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

Searcher::Searcher(const std::filesystem::path& path, RankingSettings settings)
    : path_(path),
      settings_(std::move(settings)),
      db_(with_retries(path, [&](bool) { return Xapian::Database(path.string()); })) {
  // The databases a stub lists are opened again to pool their statistics:
  // that read may race an index run too.
  with_retries(path_, [&](bool again) {
    if (again) db_ = Xapian::Database(path_.string());
    read_statistics();
    return 0;
  });
}

void Searcher::read_statistics() {
  const StubEntries entries = stub_entries(path_);
  remote_shards_ = lists_remote_shards(entries);
  length_spread_ = pooled_length_spread(entries, db_);
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
  return with_retries(path_, [&](bool again) {
    if (again) {
      db_ = Xapian::Database(path_.string());  // the stub may list other shards now
      read_statistics();
    }
    return run(query, options);
  });
}

Xapian::MSet Searcher::match(const Xapian::Query& query, const SearchOptions& options, SearchPage& page,
                             const Xapian::RSet& feedback_set) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(*settings_.weight(length_spread_));
  if (options.sort == SortOrder::kDate) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
  if (options.sort == SortOrder::kDateReverse) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  Xapian::ValueCountMatchSpy by_source(schema::kSourceSlot), by_year(schema::kYearSlot), by_language(schema::kLanguageSlot);
  if (options.facets) {
    enquire.add_matchspy(&by_source);
    enquire.add_matchspy(&by_year);
    enquire.add_matchspy(&by_language);
  }
  // Facets count every match, and so does a count-only search (--limit 0).
  Xapian::doccount check_at_least = options.facets || options.limit == 0 ? db_.get_doccount() : 0;
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                       static_cast<Xapian::doccount>(options.limit), check_at_least, &feedback_set);
  page.matches = mset.get_matches_estimated();
  page.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  if (options.facets) {
    page.facets.clear();
    for (auto* spy : {&by_source, &by_year, &by_language}) {
      std::string name = spy == &by_source ? "source" : spy == &by_year ? "year" : "lang";
      auto& counts = page.facets[name];
      for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
        if (!(*it).empty()) counts[*it] = it.get_termfreq();
    }
  }
  return mset;
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
    top = match(page.parsed.query, first_options, page);
    std::vector<Xapian::docid> best;
    for (auto it = top.begin(); it != top.end() && best.size() < settings.prf_depth; ++it) best.push_back(*it);
    const Xapian::Query expansion = best.size() > options.offset || remote_shards_
                                        ? feedback_terms(page.parsed, top, feedback_set) : Xapian::Query();
    auto rerank = [&](const Xapian::Query& matches, std::size_t limit) {
      Xapian::Query reranked = matches;
      if (!expansion.empty()) reranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, reranked, expansion);
      SearchPage final_pass;
      SearchOptions final_options = options;
      final_options.facets = false;
      final_options.limit = limit;
      mset = match(reranked, final_options, final_pass, feedback_set);
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
  } else {
    mset = match(page.parsed.query, options, page, feedback_set);
    show(mset);
  }
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
    Xapian::Document doc = it.get_document();
    Hit hit{++rank, it.get_weight(), it.get_percent(), *it, nlohmann::json::object(), {}};
    schema::StoredArticle stored = schema::decode_article(doc.get_data());
    hit.snippet = snippet(stored.body, stored.fields.value("lang", ""));
    hit.fields = std::move(stored.fields);
    page.hits.push_back(std::move(hit));
  }
  return page;
}

Xapian::Query Searcher::feedback_terms(ParsedQuery& parsed, const Xapian::MSet& first_pass, Xapian::RSet& feedback_set) {
  const RankingSettings& settings = settings_;
  Xapian::RSet top_set;
  for (auto it = first_pass.begin(); it != first_pass.end() && top_set.size() < settings.prf_docs; ++it)
    top_set.add_document(*it);
  if (top_set.empty()) return Xapian::Query();
  Xapian::Enquire enquire(db_);
  enquire.set_query(parsed.query);  // the query's own words are not expansion terms
  FeedbackTerms words_only(languages_);
  enquire.set_expansion_scheme(settings.prf_scheme);
  // Words, from which the stems are taken: twice as many, since several
  // forms of a stem ("prices", "price") come as one.
  Xapian::ESet eset = enquire.get_eset(2 * settings.prf_terms, top_set, kExactExpansion, &words_only);
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
  for (auto t = eset.begin(); t != eset.end(); ++t) {
    std::set<std::string> word_stems = stems.stems_of(*t);
    if (word_stems.empty()) continue;
    auto [it, added] = group_of.try_emplace(std::move(word_stems), groups.size());
    if (added) groups.push_back(Group{*t, 0, {}});
    groups[it->second].weight += t.get_weight();
    groups[it->second].found.push_back(*t);
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
  // How many articles hold each word, and a spelling correction for the
  // words no article holds.
  std::string corrected;
  bool changed = false;
  HighlightTerms ignored;
  QueryParser parser = this->parser();
  for (const std::string& word : page.parsed.all_words) {
    Xapian::Query q = parser.word_query(word, ignored);
    Xapian::doccount articles = 0;
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) articles = std::max(articles, db_.get_termfreq(*t));
    page.word_counts.emplace_back(word, articles);
    std::string replacement = analyzer_.fold(word);
    if (articles == 0) {
      if (std::string suggestion = suggest_spelling(db_, replacement); !suggestion.empty()) {
        replacement = suggestion;
        changed = true;
      }
    }
    corrected += (corrected.empty() ? "" : " ") + replacement;
  }
  if (changed) page.suggestion = corrected;
}

}  // namespace wadi
