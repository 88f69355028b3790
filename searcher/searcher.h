// Answering a query against the database: ranking, paging, relaxed matching,
// spelling suggestions, facets and "more like this".
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/stub_file.h"
#include "analysis/ranking_settings.h"
#include "query_parser.h"
#include "snippet.h"
#include "timeline.h"

namespace wadi {

// Counts of matching articles are exact up to this many, whatever page is
// shown; above it they are an estimate with bounds.
constexpr Xapian::doccount kExactCountUpTo = 10000;

// Whether a match that looked at `checked` articles at least, and knows
// that between `lower` and `upper` match, must count again (up to
// kExactCountUpTo) to keep the count's promise. Not when its bounds agree,
// nor when it already looked that far, nor when `lower` says that more
// than kExactCountUpTo match: a count stopping there cannot be exact, and
// costs a pass over kExactCountUpTo articles (the most of a common word's
// query, whose forms' synonym reads every posting).
bool must_count_again(Xapian::doccount lower, Xapian::doccount upper, Xapian::doccount checked);

enum class SortOrder { kRelevance, kDate, kDateReverse };

struct SearchOptions {
  std::size_t offset = 0;
  std::size_t limit = 10;
  SortOrder sort = SortOrder::kRelevance;
  bool facets = false;
  TimelineUnit timeline = TimelineUnit::kNone;  // count the matches by date (see timeline.h)
  bool feedback = true;  // pseudo-relevance feedback reorders plain-word queries (see feedback.h)
  std::string similar;   // path or key of an article: find articles like it
  bool similar_by_path = true;  // `similar` may be a file's path (the CLI); false: a key only (the server)
  // When not empty, only the articles it matches (e.g. a saved search's new
  // ones, saved_searches.h), and no relaxed reading when none holds every word.
  Xapian::Query filter;
  // Every version of a story, where by default only its best-ranked (with
  // --sort date, its first) is shown, with the others named under it.
  bool all_versions = false;
};

// Another version of a hit's story (an article near-identical to it) that
// matches the query too.
struct OtherVersion {
  std::string key;
  std::string source;
};

struct Hit {
  std::size_t rank;      // 1-based, counting from the first page
  double score;
  int percent;
  Xapian::docid docid;
  nlohmann::json fields; // what the indexer stored: key, path, title, date, date_from, source, lang, url, author, words
  Snippet snippet;
  // The story's other versions that match, earliest first (none when
  // versions are not grouped: SearchOptions::all_versions, or no story).
  std::vector<OtherVersion> other_versions;
  std::string story;  // schema::kStorySlot, "" for none
};

struct SearchPage {
  ParsedQuery parsed;
  std::vector<Hit> hits;
  // The number of matching articles: exact when `exact` (always so up to
  // kExactCountUpTo), else Xapian's estimate between the two bounds.
  Xapian::doccount matches = 0;
  Xapian::doccount matches_lower = 0, matches_upper = 0;
  bool exact = true;
  // How many stories the matching articles tell, when versions are grouped
  // and counted (see count_stories); else 0.
  Xapian::doccount stories = 0;
  bool grouped = false;          // one hit per story, its other versions listed in the hit
  bool relaxed = false;          // no article had every word; hits hold some of them
  // For a short query (ParsedQuery::every_word): how many of the matches
  // hold every word, exact when every_word_exact (always so up to
  // kExactCountUpTo), else an estimate.
  std::optional<Xapian::doccount> every_word_matches;
  bool every_word_exact = true;
  // For an all-words query nothing matched in full: each word and how many articles hold it.
  std::vector<std::pair<std::string, Xapian::doccount>> word_counts;
  std::string suggestion;                  // spelling correction of the whole query, or ""
  std::string ranking;                     // the weighting and its parameters, for --explain
  // "source"/"year"/"lang"/"file_date_year" -> value -> count; "year" counts
  // the articles dated by their text, metadata or path, "file_date_year"
  // those dated only by their file's mtime.
  std::map<std::string, std::map<std::string, Xapian::doccount>> facets;
  Timeline timeline;  // when options.timeline asked for one
  // The time limit cut the answer: fewer hits read than the page asked, or
  // facets and timeline counted over the matches found in time (a note says
  // which). Feedback skipped for time is not a cut: the answer is whole.
  bool cut_short = false;
};

// The stories of a search are counted when it matches this many articles at
// most (a reader of a larger result is told how many articles match).
constexpr Xapian::doccount kStoriesCountedUpTo = 1000;

// The other versions of the stories of a page are listed up to this many.
constexpr Xapian::doccount kMaxVersions = 1000;

// How long a search may take by default (search --timeout).
constexpr double kDefaultTimeout = 10;

// Opens the database read-only; a search sees the last committed state, and
// retries when an index run commits underneath it.
class Searcher {
 public:
  // Throws Xapian::DatabaseOpeningError (and friends) when `path` is not a
  // database, StubError for a stub wadi does not open (see stub_file.h).
  // `settings`: the ranking (RankingSettings::from_environment in main).
  // `timeout_seconds` bounds each search (see search()), and each request
  // to a remote shard, opening included.
  explicit Searcher(const std::filesystem::path& path, RankingSettings settings = RankingSettings(),
                    double timeout_seconds = kDefaultTimeout);

  // Throws QueryError for a query that cannot be read. Ends about
  // `timeout_seconds` after it starts (the first, after the opening): a search that would take longer skips
  // feedback, or shows the first hits of the page, and says so in a note; a
  // remote shard that does not answer within the time throws
  // Xapian::NetworkTimeoutError.
  SearchPage search(const std::string& query, const SearchOptions& options);

  // Sees what `index` has committed since the last search: cheap when
  // nothing changed (a long-running server calls it before each request).
  void refresh();

  Xapian::doccount article_count() const { return db_.get_doccount(); }

  // The database as opened, to read articles from (see article_view.h).
  const Xapian::Database& database() const { return db_; }
  // `query` read as search() reads it, e.g. for the words to mark.
  // Throws QueryError.
  ParsedQuery parse(const std::string& query) { return parser().parse(query); }

 private:
  // One search, as search() says, against the database as opened.
  SearchPage run(const std::string& query, const SearchOptions& options);
  // The query to match: `query` as the parser reads it, or, with
  // options.similar, the articles like that one that `query` (if any)
  // matches. Throws QueryError.
  ParsedQuery read_query(const std::string& query, const SearchOptions& options);
  // Pseudo-relevance feedback reorders this search (see feedback.h): a
  // ranked word query, sorted by relevance, on a collection large enough.
  bool use_feedback(const ParsedQuery& parsed, const SearchOptions& options) const;
  // The page's hits, in rank order: a first pass reranked with feedback, or
  // the first pass's order when feedback would not end before the deadline.
  std::vector<Xapian::MSetIterator> rank_with_feedback(const SearchOptions& options, SearchPage& page);
  // Reads the articles of `shown` into page.hits, ranked from
  // options.offset + 1, until the deadline (then a note says how many were
  // left), with the other versions of their stories that match `matched`.
  void read_hits(const std::vector<Xapian::MSetIterator>& shown, const SearchOptions& options,
                 const Xapian::Query& matched, SearchPage& page);
  // Whether this search shows one article per story.
  bool collapses(const SearchOptions& options) const { return stories_indexed_ && !options.all_versions; }
  // Sets each hit's other_versions: the articles matching `query` that
  // share its story, other than it, earliest first; exact while the page's
  // stories have kMaxVersions articles at most.
  void add_other_versions(const Xapian::Query& query, std::vector<Hit>& hits) const;
  // `feedback_set`: articles taken as relevant, which reweigh every term
  // (BM25's relevance weights); empty for none.
  // Sets page.matches (exact up to kExactCountUpTo) and the facets unless
  // `count` is false (a reranking pass over matches already counted).
  Xapian::MSet match(const Xapian::Query& query, const SearchOptions& options, SearchPage& page,
                     const Xapian::RSet& feedback_set = Xapian::RSet(), bool count = true);
  // Sets page.matches and its bounds for `query`, whose match `mset` looked
  // at `checked` articles at least.
  // When `collapsed`, `mset` counts stories: page.stories too.
  void count_matches(const Xapian::Query& query, const Xapian::MSet& mset, Xapian::doccount checked,
                     SearchPage& page, bool collapsed) const;
  // How many articles match `query`: an unweighted match that stops
  // counting past `up_to` (then its bounds differ; 0: Xapian's bounds from
  // term statistics, exact for some queries).
  Xapian::MSet count_up_to_exact(const Xapian::Query& query, Xapian::doccount up_to = kExactCountUpTo) const;
  // Sets page.stories: how many stories the matches of `query` tell, when
  // page.matches is exact and kStoriesCountedUpTo at most; else 0.
  void count_stories(const Xapian::Query& query, SearchPage& page) const;
  // Whether no two hits of `mset` share a story.
  bool distinct_stories(const Xapian::MSet& mset) const;
  // Sets page.every_word_matches, and for none, page.relaxed and the
  // counts of each word.
  void count_every_word(SearchPage& page);
  // Reads what ranking and parsing need to know of the database as opened:
  // remote_shards_, length_spread_ and languages_.
  void read_statistics();
  // The query parser for this database, stemming in languages_.
  QueryParser parser();
  void explain_zero_hits(SearchPage& page);
  // Sets page.suggestion: the query with its misspelled words corrected.
  void suggest(SearchPage& page);
  // How many articles match `query`, exactly.
  Xapian::doccount count_articles(const Xapian::Query& query) const;
  // Adds a note for each date: filter that leaves out articles dated only
  // by their file's mtime, saying how many.
  void note_file_dates_left_out(ParsedQuery& parsed) const;
  std::string describe_ranking() const;

  std::filesystem::path path_;
  std::chrono::duration<double> timeout_;  // of a search
  RemoteTimeouts timeouts_;                // before db_: it opens with them
  // When the search under way must end; the first search's time counts
  // from the opening of the database, which is most of a remote search.
  std::chrono::steady_clock::time_point deadline_;
  bool searched_ = false;
  RankingSettings settings_;
  Xapian::Database db_;
  Analyzer analyzer_;
  // The stub lists a shard served by xapian-tcpsrv: it runs no posting source
  // of ours (it cannot be sent over the wire), so feedback reranks every match
  // instead of the first pass's best, and its vocabulary table cannot be read
  // (see QueryParser).
  bool remote_shards_ = false;
  // How widely the articles' lengths spread (schema::kLengthSpreadKey; 0
  // when the index has not recorded it), which sets BM25's b.
  double length_spread_ = 0;
  // The languages plain query words are stemmed in (see query_languages()).
  std::vector<std::string> languages_;
  // Some article has a story (schema::kStorySlot): an index made before
  // stories were has none, and is searched without collapsing; so is a
  // database with a remote shard.
  bool stories_indexed_ = false;
};

}  // namespace wadi
