#include "saved_searches.h"

#include <ctime>

#include <nlohmann/json.hpp>

#include "analysis/schema.h"
#include "analysis/terminal_text.h"
#include "searcher.h"
#include "sharded_database.h"

namespace wadi {
namespace {

constexpr std::size_t kMaxNameLength = 64;

std::string key_of(const std::string& name) { return schema::kSavedSearchKey + name; }

SavedSearch decode(const std::string& name, const std::string& stored) {
  SavedSearch search{name, {}, {}, 0, {}};
  const nlohmann::json json = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return search;  // written by no wadi: listed with an empty query
  search.query = json.value("query", "");
  search.saved_at = json.value("saved", "");
  search.seen_run = json.value("seen_run", std::uint64_t{0});
  search.seen_at = json.value("seen", "");
  return search;
}

std::string encode(const SavedSearch& search) {
  return nlohmann::json{{"query", search.query}, {"saved", search.saved_at}, {"seen_run", search.seen_run},
                        {"seen", search.seen_at}}
      .dump();
}

SavedSearchError unknown(const std::string& name) {
  return SavedSearchError(SavedSearchError::Reason::kUnknown,
                          "no saved search is named '" + name + "' (search --saved lists them)");
}

}  // namespace

void check_saved_name(const std::string& name) {
  bool slug = !name.empty() && name.size() <= kMaxNameLength;
  for (char c : name)
    slug = slug && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  if (!slug)
    throw SavedSearchError(SavedSearchError::Reason::kBadName,
                           "'" + name + "' is not a name for a saved search: use 1 to 64 letters, digits, - and _");
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

SavedSearches::SavedSearches(const std::filesystem::path& database) : database_(database) {
  std::optional<std::filesystem::path> catalog = catalog_location(database);
  if (!catalog)
    throw SavedSearchError(SavedSearchError::Reason::kNoCatalog,
                           database.string() + ": saved searches live in a database folder that index writes, "
                           "not in a stub file or a remote database: give --db that folder");
  catalog_ = *catalog;
}

void SavedSearches::lock() {
  try {
    writer_.emplace(catalog_.string(), Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw SavedSearchError(SavedSearchError::Reason::kLocked,
                           "database is locked by an index run: " + database_.string() + ": try again when it ends");
  }
}

Xapian::Database SavedSearches::reader() const {
  if (writer_) return *writer_;
  return Xapian::Database(catalog_.string());
}

std::vector<SavedSearch> SavedSearches::list() const {
  const Xapian::Database catalog = reader();
  std::vector<SavedSearch> searches;
  const std::string prefix = schema::kSavedSearchKey;
  for (auto key = catalog.metadata_keys_begin(prefix); key != catalog.metadata_keys_end(prefix); ++key)
    searches.push_back(decode((*key).substr(prefix.size()), catalog.get_metadata(*key)));
  return searches;
}

SavedSearch SavedSearches::find(const std::string& name) const {
  const std::string stored = reader().get_metadata(key_of(name));
  if (stored.empty()) throw unknown(name);
  return decode(name, stored);
}

std::uint64_t SavedSearches::last_run() const { return recorded_run(reader()); }

void SavedSearches::save(const SavedSearch& search) {
  writer_->set_metadata(key_of(search.name), encode(search));
  writer_->commit();
}

void SavedSearches::remove(const std::string& name) {
  if (writer_->get_metadata(key_of(name)).empty()) throw unknown(name);
  writer_->set_metadata(key_of(name), "");  // Xapian's way to delete a key
  writer_->commit();
}

Xapian::Query runs_after(std::uint64_t seen_run, std::uint64_t last_run) {
  if (seen_run >= last_run) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kRunSlot,
                       Xapian::sortable_serialise(static_cast<double>(seen_run + 1)),
                       Xapian::sortable_serialise(static_cast<double>(last_run)));
}

Xapian::Query run_articles(std::uint64_t run) { return Xapian::Query(schema::kRunPrefix + std::to_string(run)); }

Xapian::Query new_matches(Searcher& searcher, const SavedSearch& search, const Xapian::Query& runs) {
  if (runs.empty()) return runs;
  const ParsedQuery parsed = searcher.parse(search.query);
  const Xapian::Query& matches = parsed.every_word.empty() ? parsed.query : parsed.every_word;
  return Xapian::Query(Xapian::Query::OP_FILTER, runs, matches);
}

Xapian::doccount count_matches(Searcher& searcher, const Xapian::Query& filter) {
  if (filter.empty()) return 0;  // MatchNothing: no query to run
  Xapian::Enquire enquire(searcher.database());
  enquire.set_query(filter);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, searcher.database().get_doccount()).get_matches_estimated();
}

std::vector<RunMatches> matches_of_run(const std::filesystem::path& database, std::uint64_t run,
                                       const RankingSettings& ranking) {
  std::vector<RunMatches> found;
  const std::vector<SavedSearch> searches = SavedSearches(database).list();
  if (run == 0 || searches.empty()) return found;
  Searcher searcher(database, ranking);
  for (const SavedSearch& search : searches) {
    RunMatches matches{search.name, 0, {}};
    try {
      matches.count = count_matches(searcher, new_matches(searcher, search, run_articles(run)));
    } catch (const QueryError& e) {
      matches.error = "query error at column " + std::to_string(e.column()) + ": " + e.what();
    }
    if (matches.count > 0 || !matches.error.empty()) found.push_back(std::move(matches));
  }
  return found;
}

NewArticles find_new(SavedSearches& saved, Searcher& searcher, const std::string& name, SearchOptions options) {
  NewArticles found{saved.find(name), saved.last_run(), {}};
  searcher.refresh();  // it may have been opened before the lock, and an index run committed since
  if (found.search.seen_run < found.last_run) {
    options.filter = new_matches(searcher, found.search, runs_after(found.search.seen_run, found.last_run));
    // Every new article, copies of one story too: index's "3 new for NAME"
    // counts articles, and they are marked seen only once all are shown.
    options.all_versions = true;
    found.page = searcher.search(found.search.query, options);
  }
  return found;
}

bool mark_seen(SavedSearches& saved, NewArticles& found, const SearchOptions& options) {
  const SearchPage& page = found.page;
  if (options.offset > 0 || !page.exact || page.cut_short || page.hits.size() < page.matches) return false;
  found.search.seen_run = found.last_run;
  found.search.seen_at = utc_now();
  saved.save(found.search);
  return true;
}

std::string nothing_new_line(const SavedSearch& search) {
  const std::string since = search.seen_at.empty() ? "it was saved (" + search.saved_at + ")" : search.seen_at;
  return for_terminal("nothing new for " + search.name + " since " + since);
}

std::vector<std::optional<Xapian::doccount>> count_new(Searcher& searcher, const std::vector<SavedSearch>& searches,
                                                       std::uint64_t last_run) {
  std::vector<std::optional<Xapian::doccount>> counts;
  for (const SavedSearch& search : searches) {
    try {
      counts.push_back(count_matches(searcher, new_matches(searcher, search, runs_after(search.seen_run, last_run))));
    } catch (const QueryError&) {
      counts.push_back(std::nullopt);
    }
  }
  return counts;
}

void print_saved(std::ostream& out, const std::vector<SavedSearch>& searches,
                 const std::vector<std::optional<Xapian::doccount>>& counts, bool json) {
  for (std::size_t i = 0; i < searches.size(); ++i) {
    const SavedSearch& search = searches[i];
    if (json) {
      nlohmann::json line{{"name", search.name}, {"query", search.query}, {"saved", search.saved_at},
                          {"seen", search.seen_at.empty() ? nlohmann::json() : nlohmann::json(search.seen_at)},
                          {"new", counts[i] ? nlohmann::json(*counts[i]) : nlohmann::json()}};
      out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
      const std::string count = counts[i] ? std::to_string(*counts[i]) + " new" : "query unreadable";
      out << for_terminal(search.name) << "  " << count << "  saved " << for_terminal(search.saved_at) << "  "
          << for_terminal(search.query) << '\n';
    }
  }
}

}  // namespace wadi
