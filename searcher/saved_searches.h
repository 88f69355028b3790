// Saved searches: queries kept by name in the database's catalog, so that
// they travel with the index, and what each matches among the articles the
// index runs added or changed since it was last listed (`search --new`).
//
// Every index run that adds or changes articles stamps them with its number
// (schema::kRunPrefix term, kRunSlot value) and then records that number as
// the last run (schema::kRunKey). A saved search remembers the last run it
// was listed up to; its new articles are those of the runs after it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/ranking_settings.h"
#include "searcher.h"

namespace wadi {


struct SavedSearch {
  std::string name;
  std::string query;           // as typed ("*" for every article)
  std::string saved_at;        // UTC, "2026-12-05T03:20:11Z"
  std::uint64_t seen_run = 0;  // the articles of runs up to this one are not new
  std::string seen_at;         // when `search --new` last listed it; "" never
};

class SavedSearchError : public std::runtime_error {
 public:
  enum class Reason {
    kBadName,    // not a short slug
    kUnknown,    // no saved search has this name
    kNoCatalog,  // the database is not a folder that `index` writes (a stub file, a remote)
    kLocked,     // an index run holds the database
  };
  SavedSearchError(Reason reason, const std::string& message) : std::runtime_error(message), reason_(reason) {}
  Reason reason() const { return reason_; }

 private:
  Reason reason_;
};

// Throws SavedSearchError(kBadName) unless `name` is 1 to 64 ASCII letters,
// digits, '-' and '_'.
void check_saved_name(const std::string& name);

// The current time as saved_at and seen_at have it.
std::string utc_now();

// The saved searches of one database. Reading sees the catalog as last
// committed; writing needs lock().
class SavedSearches {
 public:
  // Throws SavedSearchError(kNoCatalog) for a database other than a folder
  // that `index` writes: the list lives in its catalog, shared by its shards.
  explicit SavedSearches(const std::filesystem::path& database);

  // Takes the database's write lock until destruction, at once: throws
  // SavedSearchError(kLocked) when an index run holds it.
  void lock();

  // Every saved search, by name.
  std::vector<SavedSearch> list() const;
  // Throws SavedSearchError(kUnknown).
  SavedSearch find(const std::string& name) const;
  // The number of the last index run that added or changed articles (0: none).
  std::uint64_t last_run() const;

  // These REQUIRE lock() and commit at once. save() replaces a saved search
  // of the same name; remove() throws SavedSearchError(kUnknown).
  void save(const SavedSearch& search);
  void remove(const std::string& name);

 private:
  Xapian::Database reader() const;

  std::filesystem::path database_;
  std::filesystem::path catalog_;
  std::optional<Xapian::WritableDatabase> writer_;
};

// The articles that runs after `seen_run`, up to `last_run`, added or changed.
Xapian::Query runs_after(std::uint64_t seen_run, std::uint64_t last_run);
// The articles that run `run` added or changed.
Xapian::Query run_articles(std::uint64_t run);

// The articles among `runs` (runs_after(), run_articles()) that `search`
// matches, as a boolean query: a short query's matches hold every word (an
// article holding some of them is ranked by `search QUERY`, but is no news
// for it). MatchNothing (an empty query) for empty `runs`. Throws QueryError
// when its query cannot be read (any more).
Xapian::Query new_matches(Searcher& searcher, const SavedSearch& search, const Xapian::Query& runs);

// How many articles `filter` matches, exactly: one query.
Xapian::doccount count_matches(Searcher& searcher, const Xapian::Query& filter);

// What the index run `run` brought each saved search of `database`: its
// new matches, or why it could not be asked.
struct RunMatches {
  std::string name;
  Xapian::doccount count = 0;
  std::string error;  // "" when counted
};
// Those with new matches or an error, by name. One query per saved search.
std::vector<RunMatches> matches_of_run(const std::filesystem::path& database, std::uint64_t run,
                                       const RankingSettings& ranking);

// `search --new`: a saved search, the last run as it was read, and the page
// of the saved search's matches among the articles of the runs after it
// was last listed, up to that run (no matches: nothing new).
struct NewArticles {
  SavedSearch search;
  std::uint64_t last_run = 0;
  SearchPage page;
};
// The saved search `name`'s new articles, `options` paging and sorting them
// as Searcher::search() does. REQUIRES saved.lock(), so that no index run
// adds articles between reading the last run and marking it seen. Throws
// SavedSearchError(kUnknown), and as Searcher::search().
NewArticles find_new(SavedSearches& saved, Searcher& searcher, const std::string& name, SearchOptions options);
// Records `found`'s articles as seen (its last run, the time now) when its
// page, read with `options`, showed all of them; returns whether it did.
// A page cut by --limit, --offset or the time limit leaves them new.
bool mark_seen(SavedSearches& saved, NewArticles& found, const SearchOptions& options);
// "nothing new for NAME since TIME" (TIME: of the last listing, else of the
// saving), neutralised for a terminal.
std::string nothing_new_line(const SavedSearch& search);

// The new matches of each of `searches` (runs after its seen_run, up to
// `last_run`), in order: nullopt for a query that cannot be read any more.
std::vector<std::optional<Xapian::doccount>> count_new(Searcher& searcher, const std::vector<SavedSearch>& searches,
                                                       std::uint64_t last_run);

// `search --saved`: a line per saved search ("NAME  3 new  saved TIME  QUERY"),
// or JSON Lines (name, query, saved, seen, new: null for a query that
// cannot be read), the text neutralised for a terminal. `counts` as
// count_new() gives them.
void print_saved(std::ostream& out, const std::vector<SavedSearch>& searches,
                 const std::vector<std::optional<Xapian::doccount>>& counts, bool json);

}  // namespace wadi
