#include "searcher.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "analysis/ranking_settings.h"
#include "analysis/schema.h"
#include "analysis/stored_article.h"
#include "analysis/stub_file.h"
#include "collection_statistics.h"
#include "feedback.h"
#include "file_catalog.h"
#include "similar_articles.h"
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

// The match spies of the facets, by their names in SearchPage::facets, and
// of the timeline's days.
struct FacetSpies {
  Xapian::ValueCountMatchSpy by_source{schema::kSourceSlot}, by_year{schema::kYearSlot},
      by_language{schema::kLanguageSlot}, by_file_year{schema::kFileYearSlot}, by_day{schema::kDateSlot};

  void add_to(Xapian::Enquire& enquire) {
    for (auto* spy : {&by_source, &by_year, &by_language, &by_file_year, &by_day}) enquire.add_matchspy(spy);
  }
  // The timeline, when no match is dated only by its file's time (the day
  // spy counted every match's date); else none (see count_timeline).
  Timeline timeline(Xapian::doccount matches, TimelineUnit unit) const {
    if (by_file_year.values_begin() != by_file_year.values_end()) return {};
    return timeline_of_days(by_day, matches, unit);
  }
  // "file_date_year" only when some match is dated only by its file's time.
  void read_into(std::map<std::string, std::map<std::string, Xapian::doccount>>& facets) {
    facets.clear();
    for (auto* spy : {&by_source, &by_year, &by_language, &by_file_year}) {
      std::string name = spy == &by_source ? "source" : spy == &by_year ? "year" : spy == &by_language ? "lang" : "file_date_year";
      if (spy == &by_file_year && spy->values_begin() == spy->values_end()) continue;
      auto& counts = facets[name];
      for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
        if (!(*it).empty()) counts[*it] = it.get_termfreq();
    }
  }
};

// Appends the hits of `hits` to `shown`.
void show(const Xapian::MSet& hits, std::vector<Xapian::MSetIterator>& shown) {
  for (auto it = hits.begin(); it != hits.end(); ++it) shown.push_back(it);
}

}  // namespace


bool must_count_again(Xapian::doccount lower, Xapian::doccount upper, Xapian::doccount checked) {
  return lower != upper && checked < kExactCountUpTo && lower <= kExactCountUpTo;
}

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
  languages_ = query_languages(db_);
  // Over a remote shard the story counts and versions cost round trips a
  // slow shard cannot afford: such a search shows every version, as before.
  stories_indexed_ = !remote_shards_ && db_.get_value_freq(schema::kStorySlot) > 0;
}

void Searcher::refresh() {
  with_retries(path_, [&](bool again) {
    if (again) db_ = open_database(path_, timeouts_);
    if (db_.reopen() || again) read_statistics();
    return 0;
  });
}

QueryParser Searcher::parser() { return QueryParser(analyzer_, languages_, &db_, remote_shards_, settings_); }

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
  FacetSpies spies;
  // Facets and the timeline are counted in the same pass.
  const bool spied = count && (options.facets || options.timeline != TimelineUnit::kNone);
  if (spied) spies.add_to(enquire);
  // One article per story: the first in the order asked for. A first page
  // whose articles tell distinct stories is the collapsed one too (no
  // version above it was left out), and Xapian finds it faster: the match
  // collapses only when the page shows two versions of a story (or is not
  // the first, or the spies count in the same pass).
  bool collapsed = collapses(options) && (options.offset > 0 || spied);
  if (collapsed) enquire.set_collapse_key(schema::kStorySlot);
  // Facets count every match, and so does a count-only search (--limit 0),
  // until the deadline (then Xapian stops checking past the page).
  Xapian::doccount check_at_least = spied || (count && options.limit == 0) ? db_.get_doccount() : 0;
  const double allowed = std::max(0.001, std::chrono::duration<double>(deadline_ - std::chrono::steady_clock::now()).count());
  if (check_at_least > 0 && !remote_shards_) enquire.set_time_limit(allowed);
  const auto start = std::chrono::steady_clock::now();
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                       static_cast<Xapian::doccount>(options.limit), check_at_least, &feedback_set);
  if (collapses(options) && !collapsed && !distinct_stories(mset)) {
    collapsed = true;
    enquire.set_collapse_key(schema::kStorySlot);
    mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset), static_cast<Xapian::doccount>(options.limit),
                            check_at_least, &feedback_set);
  }
  if (!count) return mset;
  if (spied && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= allowed) {
    page.cut_short = true;
    page.parsed.notes.push_back("the facets and the timeline count only the matches found within the time limit (--timeout " +
                                seconds_text(timeout_) + ")");
  }
  count_matches(query, mset, check_at_least, page, collapsed);
  if (options.facets) spies.read_into(page.facets);
  if (options.timeline != TimelineUnit::kNone) page.timeline = spies.timeline(page.matches, options.timeline);
  return mset;
}

void Searcher::count_matches(const Xapian::Query& query, const Xapian::MSet& mset, Xapian::doccount checked,
                             SearchPage& page, bool collapsed) const {
  // Xapian stops matching once it has the page, and guesses the rest (off by
  // 2-3x for phrases and booleans, and changing with the page size). Only
  // when it is unsure and the count may be under kExactCountUpTo, count
  // again up to there, unweighted (see must_count_again): a cost paid by
  // queries whose count Xapian cannot know from term statistics.
  Xapian::MSet counted = mset;
  // A collapsed match knows the number of articles less often than an
  // uncollapsed one: unless it does, they are asked of Xapian as an
  // uncollapsed search would know them (from term statistics when it can).
  if (collapsed) {
    if (mset.get_uncollapsed_matches_lower_bound() == mset.get_uncollapsed_matches_upper_bound()) {
      page.matches_lower = page.matches_upper = page.matches = mset.get_uncollapsed_matches_lower_bound();
      page.exact = true;
      return;
    }
    counted = count_up_to_exact(query, 0);
    checked = 0;
  }
  if (must_count_again(counted.get_matches_lower_bound(), counted.get_matches_upper_bound(), checked))
    counted = count_up_to_exact(query);
  page.matches_lower = counted.get_matches_lower_bound();
  page.matches_upper = counted.get_matches_upper_bound();
  page.exact = page.matches_lower == page.matches_upper;
  page.matches = page.exact ? page.matches_lower : counted.get_matches_estimated();
}

bool Searcher::distinct_stories(const Xapian::MSet& mset) const {
  std::vector<std::string> stories;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    std::string story = it.get_document().get_value(schema::kStorySlot);
    if (story.empty()) continue;
    if (std::find(stories.begin(), stories.end(), story) != stories.end()) return false;
    stories.push_back(std::move(story));
  }
  return true;
}

void Searcher::count_stories(const Xapian::Query& query, SearchPage& page) const {
  // Counting stories means matching every article and reading its story:
  // paid only for a result small enough to read through (a search of few
  // matches is the one whose count a reader checks), not past the deadline
  // (a slow remote shard).
  page.stories = 0;
  if (!page.exact || page.matches > kStoriesCountedUpTo || std::chrono::steady_clock::now() > deadline_) return;
  // Only the matches in stories of several articles (few) are collapsed:
  // every other match is a story of its own.
  const Xapian::Query shared(Xapian::Query::OP_FILTER, query, Xapian::Query(schema::kSharedStoryTerm));
  const Xapian::MSet versions = count_up_to_exact(shared, kStoriesCountedUpTo);
  if (versions.get_matches_lower_bound() != versions.get_matches_upper_bound()) return;
  const Xapian::doccount in_shared = versions.get_matches_lower_bound();
  Xapian::doccount shared_stories = 0;
  if (in_shared > 0) {
    // Every story fits in the answer (Xapian's bounds of a collapsed count
    // may differ even when it saw every match).
    Xapian::Enquire counter(db_);
    counter.set_query(shared);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_collapse_key(schema::kStorySlot);
    shared_stories = counter.get_mset(0, in_shared + 1).size();
  }
  page.stories = page.matches - in_shared + shared_stories;
}

Xapian::MSet Searcher::count_up_to_exact(const Xapian::Query& query, Xapian::doccount up_to) const {
  Xapian::Enquire counter(db_);
  counter.set_query(query);
  counter.set_weighting_scheme(Xapian::BoolWeight());
  return counter.get_mset(0, 0, up_to);
}

void Searcher::add_other_versions(const Xapian::Query& query, std::vector<Hit>& hits) const {
  // One query for the whole page: a remote shard answers it in one round trip.
  std::vector<Xapian::Query> stories;
  // A story of one article (most) has no other version: no need to look.
  for (const Hit& hit : hits)
    if (!hit.story.empty() && db_.get_termfreq(schema::kStoryPrefix + hit.story) > 1)
      stories.emplace_back(schema::kStoryPrefix + hit.story);
  if (stories.empty()) return;
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_OR, stories.begin(), stories.end())));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::kDateSlot, false);
  const Xapian::MSet versions = enquire.get_mset(0, kMaxVersions);
  versions.fetch();
  std::map<std::string, std::vector<std::pair<Xapian::docid, OtherVersion>>> by_story;
  for (auto it = versions.begin(); it != versions.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    by_story[doc.get_value(schema::kStorySlot)].push_back(
        {*it, {doc.get_value(schema::kKeySlot), doc.get_value(schema::kSourceSlot)}});
  }
  for (Hit& hit : hits) {
    if (hit.story.empty()) continue;
    for (const auto& [docid, version] : by_story[hit.story])
      if (docid != hit.docid) hit.other_versions.push_back(version);
  }
}

void Searcher::count_every_word(SearchPage& page) {
  const Xapian::MSet counted = count_up_to_exact(page.parsed.every_word);
  page.every_word_exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
  page.every_word_matches = page.every_word_exact ? counted.get_matches_lower_bound() : counted.get_matches_estimated();
  if (*page.every_word_matches == 0 && page.matches > 0) {
    page.relaxed = true;
    explain_zero_hits(page);
  }
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

SearchPage Searcher::run(const std::string& query, const SearchOptions& options) {
  SearchPage page;
  page.ranking = describe_ranking();
  page.parsed = read_query(query, options);
  if (!options.filter.empty()) {
    page.parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, page.parsed.query, options.filter);
    if (!page.parsed.every_word.empty())
      page.parsed.every_word = Xapian::Query(Xapian::Query::OP_FILTER, page.parsed.every_word, options.filter);
    page.parsed.relaxed = Xapian::Query();
  }
  page.grouped = collapses(options);
  note_file_dates_left_out(page.parsed);
  std::vector<Xapian::MSetIterator> shown;  // the page's hits, in rank order
  const Xapian::Query* matched = &page.parsed.query;
  if (use_feedback(page.parsed, options)) {
    shown = rank_with_feedback(options, page);
  } else {
    show(match(page.parsed.query, options, page), shown);
  }
  if (!page.parsed.every_word.empty()) count_every_word(page);
  if (options.offset == 0 && options.similar.empty()) suggest(page);
  if (shown.empty() && options.offset == 0) {
    explain_zero_hits(page);
    if (!page.parsed.relaxed.empty()) {
      const Xapian::MSet relaxed = match(page.parsed.relaxed, options, page);
      page.relaxed = !relaxed.empty();
      show(relaxed, shown);
      matched = &page.parsed.relaxed;
    }
  }
  read_hits(shown, options, *matched, page);
  if (page.grouped) count_stories(*matched, page);
  if (page.timeline.unit.empty())  // some matches are dated by their file: counted apart
    page.timeline = count_timeline(db_, page.relaxed ? page.parsed.relaxed : page.parsed.query, options.timeline);
  return page;
}

ParsedQuery Searcher::read_query(const std::string& query, const SearchOptions& options) {
  if (options.similar.empty()) return parser().parse(query);
  ParsedQuery parsed;
  Xapian::docid self = 0;
  parsed.query = similar_query(db_, options.similar, options.similar_by_path, self, parsed);
  if (!query.empty()) {
    ParsedQuery extra = parser().parse(query);
    parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, extra.query);
  }
  // The article itself is not "like" it: its id term as the indexer wrote it (a long key is bounded).
  const std::string self_id = bounded_term(schema::kIdPrefix, db_.get_document(self).get_value(schema::kKeySlot));
  parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, parsed.query, Xapian::Query(self_id));
  return parsed;
}

bool Searcher::use_feedback(const ParsedQuery& parsed, const SearchOptions& options) const {
  // Feedback needs a feedback set that is a small sample of the collection:
  // in a handful of articles every word looks typical of the top.
  return options.feedback && options.similar.empty() && parsed.ranked_words && settings_.prf &&
         options.sort == SortOrder::kRelevance && options.limit > 0 &&
         settings_.prf_docs * kFeedbackSampleRatio <= db_.get_doccount();
}

std::vector<Xapian::MSetIterator> Searcher::rank_with_feedback(const SearchOptions& options, SearchPage& page) {
  // The first pass counts the matches and fills the facets; feedback then
  // reorders its best prf_depth articles.
  SearchOptions first_options = options;
  first_options.offset = 0;
  first_options.all_versions = true;  // versions of one story are alike: as good a feedback set
  first_options.limit = std::max<std::size_t>(settings_.prf_depth, options.offset + options.limit);
  const auto first_pass_start = std::chrono::steady_clock::now();
  const Xapian::MSet top = match(page.parsed.query, first_options, page);
  // Feedback costs about three times the first pass (the feedback
  // articles' term lists, the expansion, the final pass): when it would
  // end after the deadline, the first pass's order is the answer.
  const auto first_pass_time = std::chrono::steady_clock::now() - first_pass_start;
  if (std::chrono::steady_clock::now() + 3 * first_pass_time > deadline_) {
    page.parsed.notes.push_back("ranked by the query's own words only: feedback would not end within the time limit (--timeout " +
                                seconds_text(timeout_) + ")");
    std::vector<Xapian::MSetIterator> shown;
    std::vector<std::string> stories;  // one article per story, unless every version is asked for
    std::size_t rank = 0;
    for (auto it = top.begin(); it != top.end() && shown.size() < options.limit; ++it) {
      if (collapses(options)) {
        std::string story = it.get_document().get_value(schema::kStorySlot);
        if (!story.empty() && std::find(stories.begin(), stories.end(), story) != stories.end()) continue;
        stories.push_back(std::move(story));
      }
      if (rank++ >= options.offset) shown.push_back(it);
    }
    return shown;
  }
  Xapian::RSet feedback_set;
  auto final_pass = [&](const Xapian::Query& reranked, std::size_t limit) {
    SearchOptions final_options = options;
    final_options.limit = limit;
    return match(reranked, final_options, page, feedback_set, /*count=*/false);
  };
  Feedback feedback(db_, settings_, languages_, parser(), remote_shards_);
  return feedback.rerank(page.parsed, top, options.offset, options.limit, feedback_set, final_pass);
}

void Searcher::read_hits(const std::vector<Xapian::MSetIterator>& shown, const SearchOptions& options,
                         const Xapian::Query& matched, SearchPage& page) {
  std::size_t rank = options.offset;
  SnippetMaker snippet(analyzer_, page.parsed.highlight);
  for (const Xapian::MSetIterator& it : shown) {
    if (!page.hits.empty() && std::chrono::steady_clock::now() > deadline_) {
      page.cut_short = true;
      page.parsed.notes.push_back("showing " + std::to_string(page.hits.size()) + " of " + std::to_string(shown.size()) +
                                  " results: the time limit ran out while reading the articles (--timeout " +
                                  seconds_text(timeout_) + ")");
      break;
    }
    Xapian::Document doc = it.get_document();
    Hit hit{++rank, it.get_weight(), it.get_percent(), *it, nlohmann::json::object(), {}, {}, {}};
    schema::StoredArticle stored = schema::decode_article(doc.get_data());
    hit.snippet = snippet(stored.body, stored.fields.value("lang", ""));
    hit.fields = std::move(stored.fields);
    hit.story = doc.get_value(schema::kStorySlot);
    page.hits.push_back(std::move(hit));
  }
  if (!collapses(options)) return;
  if (std::chrono::steady_clock::now() > deadline_)
    page.parsed.notes.push_back("other versions of the stories not listed: the time limit ran out (--timeout " +
                                seconds_text(timeout_) + ")");
  else add_other_versions(matched, page.hits);
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
