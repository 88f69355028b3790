#include "corpus_indexer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

#include <sys/stat.h>
#include <xapian.h>

#include "analysis/schema.h"
#include "analysis/terminal_text.h"
#include "corpus_walker.h"
#include "database_writer.h"
#include "file_analysis.h"
#include "file_catalog.h"
#include "metadata.h"
#include "ordered_pipeline.h"
#include "progress_bar.h"
#include "sharded_database.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

std::atomic<bool> g_stop_requested{false};

// The date order of this run: the one asked for, else the recorded one,
// else the default; recorded in a database that has none.
DateOrder settle_date_order(Xapian::WritableDatabase& catalog, const DateOrder& asked, const fs::path& database) {
  const std::string recorded = catalog.get_metadata(schema::kDateOrderKey);
  DateOrder order = asked.empty() ? (recorded.empty() ? FileContext{}.date_order : parse_date_order(recorded)) : asked;
  if (!recorded.empty() && to_string(order) != recorded)
    throw OptionConflict(database.string() + ": its articles were dated with --date-from " + recorded +
                         ", not " + to_string(order) + ": leave --date-from out, or move the database away and index again to rebuild it");
  if (recorded.empty()) catalog.set_metadata(schema::kDateOrderKey, to_string(order));
  return order;
}

// Whether this run groups articles into stories: as asked, else as
// recorded, else on; recorded in a database that has no record.
bool settle_stories(Xapian::WritableDatabase& catalog, std::optional<bool> asked, const fs::path& database) {
  const std::string recorded = catalog.get_metadata(schema::kStoriesKey);
  const bool stories = asked.value_or(recorded != "off");
  auto word = [](bool on) { return on ? std::string("on") : std::string("off"); };
  if (!recorded.empty() && recorded != word(stories))
    throw OptionConflict(database.string() + ": indexed with --stories " + recorded + ", not " + word(stories) +
                         ": leave --stories out, or move the database away and index again to rebuild it");
  if (recorded.empty()) catalog.set_metadata(schema::kStoriesKey, word(stories));
  return stories;
}

// The title weight of this run: the one recorded in the database (the
// default for one indexed before it was recorded), or for a new database
// the one asked for, then recorded. Throws OptionConflict when one was asked
// for that is not the database's: one index would mix two weights.
Xapian::termcount recorded_title_weight(ShardedDatabase& db, const IndexOptions& options) {
  const std::string recorded = db.catalog().get_metadata(schema::kTitleWeightKey);
  Xapian::termcount weight = options.ranking.title_weight;
  if (!recorded.empty() || db.article_count_at_open() > 0) {
    weight = recorded.empty() ? RankingSettings().title_weight : std::stoul(recorded);
    if (options.ranking.title_weight_given && options.ranking.title_weight != weight)
      throw OptionConflict(options.database.string() + ": indexed with WADI_TITLE_WEIGHT=" + std::to_string(weight) +
                          ", not " + std::to_string(options.ranking.title_weight) +
                          ": unset it, or index into a new database (--db)");
  }
  if (recorded.empty()) db.catalog().set_metadata(schema::kTitleWeightKey, std::to_string(weight));
  return weight;
}

}  // namespace

void request_stop() noexcept { g_stop_requested.store(true); }
bool stop_requested() noexcept { return g_stop_requested.load(); }

namespace {

// The absolute, lexically normal form of a PATH given, as the walker makes it.
std::string absolute_root(const fs::path& given) {
  fs::path root = fs::absolute(given).lexically_normal();
  if (!root.has_filename() && root.has_parent_path()) root = root.parent_path();
  return root.string();
}

// The files read whose articles' languages are in doubt, waiting for the
// archive's main language: their numbers in the pending list, their work.
struct WaitingFiles {
  std::vector<std::pair<std::size_t, FileWork>> files;
  std::size_t bytes = 0;  // what IndexOptions::doubtful_bytes_waiting bounds
  void add(std::size_t i, FileWork work) {
    bytes += kWaitingFileBytes;
    for (const Article& article : work.undecided) bytes += article.title.size() + article.body.size();
    files.emplace_back(i, std::move(work));
  }
  void clear() {
    files.clear();
    files.shrink_to_fit();
    bytes = 0;
  }
};

}  // namespace

IndexStats CorpusIndexer::index(const std::vector<fs::path>& roots) {
  auto start = std::chrono::steady_clock::now();
  IndexStats stats;
  std::vector<fs::path> existing_roots;
  std::vector<std::string> missing_roots;
  for (const fs::path& root : roots) {
    struct stat st;
    if (::stat(root.c_str(), &st) == 0) existing_roots.push_back(root);
    else missing_roots.push_back(absolute_root(root));
  }
  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Opened before listing, so that a second run on the same database fails at once.
  ShardedDatabase db(options_.database, std::min(jobs, 8u));
  const std::string schema_version = db.catalog().get_metadata(schema::kSchemaVersionKey);
  if (schema_version.empty() && db.article_count_at_open() > 0)
    throw std::runtime_error(options_.database.string() +
                             ": a Xapian database that wadi did not make: refusing to write to it (give --db another folder)");
  if (schema_version.empty())
    db.catalog().set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
  else if (schema_version != schema::kSchemaVersion)
    throw std::runtime_error(options_.database.string() + ": made by another wadi version (schema " + schema_version +
                             ", this one writes " + schema::kSchemaVersion +
                             "); search still reads it: move it away and run index again to rebuild it");
  options_.date_order = settle_date_order(db.catalog(), options_.date_order, options_.database);
  options_.stories = settle_stories(db.catalog(), options_.stories, options_.database);
  const Xapian::termcount title_weight = recorded_title_weight(db, options_);
  DatabaseWriter writer(db, options_, title_weight, stats, warnings_);
  writer.drop_unrecorded(db.unfinished_files());
  FileCatalog& catalog = writer.catalog();
  // A PATH that is gone takes its articles with it, said so; one that no
  // run was given (or held articles under) is a mistyped PATH.
  for (const std::string& missing : missing_roots) {
    const auto records = catalog.records_under({missing});
    if (records.empty() && outermost_root(missing, catalog.roots()).empty())
      throw fs::filesystem_error("no such file or folder", missing, std::make_error_code(std::errc::no_such_file_or_directory));
    std::size_t articles = 0;
    for (const auto& [path, record] : records) articles += record.articles;
    warnings_ << "index: " << for_terminal(missing) << ": no such file or folder: dropping its " << articles << " articles\n";
    writer.note_gone_anywhere(records);
  }
  if (options_.prune) writer.note_gone_anywhere(catalog.records_under({"/"}));

  WalkOptions walk;
  walk.excluded.push_back(options_.database);
  walk.follow_links = options_.follow_links;
  CorpusListing listing = list_corpus(existing_roots, jobs, walk);
  if (options_.shards > 0) keep_shard(listing, options_.shard, options_.shards);
  for (const SkippedFile& s : listing.skipped) {
    warnings_ << "index: warning: " << for_terminal(s.path) << ": skipped: " << for_terminal(s.reason) << '\n';
    ++stats.skipped[s.reason];
  }
  stats.files = listing.files.size();

  const std::unordered_map<std::string, FileRecord> recorded = catalog.records_under(listing.scopes);
  writer.note_missing(listing, recorded);
  // A file keeps the root its source was first taken below, and a new file
  // below a root of an earlier run takes that root's: an article's source
  // does not depend on which path a run names.
  const std::vector<std::string> known_roots = catalog.roots();
  for (const std::string& scope : listing.scopes)
    if (struct stat st; ::stat(scope.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && outermost_root(scope, known_roots).empty())
      catalog.remember_root(scope);

  // Only files whose size or mtime changed are read; the rest cost a stat.
  // Two pointers a file (into the listing and into `recorded`): a copy of
  // each record here was 136 bytes a file, 130 MB of a million-file run.
  struct Pending {
    const CorpusFile* file;
    const FileRecord* old;  // null for a new file
    std::optional<FileRecord> record() const { return old ? std::optional<FileRecord>(*old) : std::nullopt; }
  };
  std::vector<Pending> pending;
  for (CorpusFile& file : listing.files) {
    auto found = recorded.find(file.path);
    const FileRecord* old = found != recorded.end() ? &found->second : nullptr;
    if (writer.unchanged(file, old ? std::optional<FileRecord>(*old) : std::nullopt)) continue;
    std::string root = old && !old->root.empty() ? old->root : outermost_root(file.path, known_roots);
    if (!root.empty() && root != file.root) {
      file.root = std::move(root);
      file.folder_source = folder_source(file.root, file.path);
    }
    pending.push_back({&file, old});
  }

  if (options_.after_listing) options_.after_listing();
  ProgressBar progress(options_.progress, pending.size());
  LanguageTally languages = LanguageTally::parse(db.catalog().get_metadata(schema::kLanguageTallyKey));
  WaitingFiles waiting;
  bool settling_stopped = false;
  // Builds the waiting files in the main language of the articles written so
  // far (and of earlier runs), on all cores, and writes them in corpus order.
  // Where this happens depends only on the corpus order: the same whatever
  // the jobs. After a stop of the run, those already read are still finished
  // (a second signal ends the run at once); otherwise a stop here ends it.
  auto settle_waiting = [&](bool run_stopped) {
    const std::string main_language = languages.main();
    std::size_t settled = run_ordered<FileWork>(
        waiting.files.size(), jobs, 256, [&] { return std::make_unique<WorkerState>(title_weight, *options_.stories); },
        [&](std::unique_ptr<WorkerState>& state, std::size_t k) {
          FileWork work = std::move(waiting.files[k].second);
          settle_languages(*state, work, main_language);
          return work;
        },
        [&](std::size_t k, FileWork work) {
          const Pending& file = pending[waiting.files[k].first];
          writer.apply(*file.file, file.record(), std::move(work));
          writer.commit_if_due();
        },
        [run_stopped] { return !run_stopped && g_stop_requested.load(); });
    if (settled < waiting.files.size()) settling_stopped = true;
    waiting.clear();
  };
  std::size_t done = run_ordered<FileWork>(
      pending.size(), jobs, 256, [&] { return std::make_unique<WorkerState>(title_weight, *options_.stories); },
      [&](std::unique_ptr<WorkerState>& state, std::size_t i) {
        return analyse_file(*state, *pending[i].file, pending[i].record(), options_.date_order);
      },
      [&](std::size_t i, FileWork work) {
        progress.update(i + 1);
        if (!work.undecided.empty()) {
          waiting.add(i, std::move(work));
          if (waiting.bytes >= options_.doubtful_bytes_waiting) settle_waiting(false);
          return;
        }
        languages.add(work.languages);
        writer.apply(*pending[i].file, pending[i].record(), std::move(work));
        writer.commit_if_due();
      },
      [&] { return settling_stopped || g_stop_requested.load(); });
  const bool stopped = done < pending.size();
  if (!settling_stopped) settle_waiting(stopped);
  const std::string main_language = languages.main();
  // A stop heard within a JSON Lines file ends the run there too.
  stats.interrupted = stopped || settling_stopped || g_stop_requested.load();
  if (!stats.interrupted && !writer.remove_gone()) stats.interrupted = true;
  if (!stats.interrupted) {
    std::unique_ptr<WorkerState> state;
    while (auto heir = writer.next_heir(known_roots)) {
      if (!state) state = std::make_unique<WorkerState>(title_weight, *options_.stories);
      FileWork work = analyse_file(*state, heir->first, heir->second, options_.date_order);
      if (!work.undecided.empty()) settle_languages(*state, work, main_language);
      writer.apply(heir->first, heir->second, std::move(work));
      writer.commit_if_due();
    }
  }
  writer.record_run();
  if (languages.serialize() != db.catalog().get_metadata(schema::kLanguageTallyKey))
    db.catalog().set_metadata(schema::kLanguageTallyKey, languages.serialize());
  if (stats.added + stats.updated + stats.removed + stats.moved > 0 || !db.has_length_spread()) db.record_length_spread();
  writer.commit();
  const bool first_run_in_batches = options_.compact_first_run && db.article_count_at_open() == 0 && writer.commits() > 1;
  if (!stats.interrupted && (options_.compact || first_run_in_batches)) {
    stats.compacted = db.compact();
    if (!stats.compacted && options_.compact)
      warnings_ << "index: warning: " << for_terminal(options_.database.string())
                << ": not compacted: a single-folder database, as older wadi versions made (xapian-compact compacts it)\n";
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  g_stop_requested.store(false);  // the request is answered: a later run in this process runs
  return stats;
}

std::string summary_line(const IndexStats& stats) {
  std::size_t skipped = 0;
  std::string reasons;
  for (const auto& [reason, count] : stats.skipped) {
    skipped += count;
    reasons += (reasons.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
  }
  std::size_t articles = stats.added + stats.updated;
  char timing[96];
  std::snprintf(timing, sizeof timing, " in %.2f s (%.0f articles/s)", stats.seconds,
                stats.seconds > 0 ? articles / stats.seconds : 0.0);
  std::ostringstream out;
  out << stats.added << " added, " << stats.updated << " updated, " << stats.removed << " removed, ";
  if (stats.moved > 0) out << stats.moved << " moved, ";
  out << stats.unchanged << " unchanged, " << stats.duplicates << " duplicates, " << skipped << " skipped";
  if (!reasons.empty()) out << " (" << reasons << ")";
  std::size_t passed = 0;
  std::string kinds;
  for (const auto& [kind, count] : stats.passed_over) {
    passed += count;
    kinds += (kinds.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
  }
  if (passed > 0) out << ", " << passed << " crawl records not pages (" << kinds << ")";
  out << timing;
  if (stats.compacted) out << ", compacted";
  return out.str();
}

}  // namespace wadi
