#include "corpus_indexer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>
#include <xxhash.h>

#include "analysis/schema.h"
#include "analysis/terminal_text.h"
#include "corpus_walker.h"
#include "document_builder.h"
#include "file_catalog.h"
#include "ordered_pipeline.h"
#include "readers/article_reader.h"
#include "sharded_database.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

std::atomic<bool> g_stop_requested{false};

// A single article larger than this is not news; JSON Lines files hold many
// articles and may be larger, up to kMaxFileBytes.
constexpr std::uint64_t kMaxArticleFileBytes = 64ull << 20;
constexpr std::uint64_t kMaxFileBytes = 1ull << 30;

// What a worker thread makes of one corpus file.
struct FileWork {
  std::string hash;
  bool same_bytes = false;  // the bytes hash as recorded: only the mtime changed
  std::vector<BuiltDocument> documents;
  std::vector<std::string> problems;
  std::string skip_reason;
  bool transient = false;  // could not be read now; do not remember the reason
};

struct WorkerState {
  Analyzer analyzer;
  DocumentBuilder builder{analyzer};
};

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

std::string utc_date(std::int64_t mtime_ns) {
  std::time_t seconds = static_cast<std::time_t>(mtime_ns / 1000000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  // One read per file into a string of the file's size: most articles are
  // a few kilobytes, and a stream's buffers and copies cost more than that.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  // A byte more than the file's size, so that the read seeing its end has room.
  struct stat st {};
  std::size_t capacity = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 64 * 1024;
  std::string bytes(capacity, '\0');
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(2 * bytes.size());  // it grew since fstat
    ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n > 0) {
      used += static_cast<std::size_t>(n);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      error = std::string("cannot read: ") + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
  }
  bytes.resize(used);
  ::close(fd);
  return bytes;
}

FileWork analyse_file(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old) {
  FileWork work;
  bool many_articles = format_of(file.path) == ArticleFormat::kJsonLines;
  std::uint64_t limit = many_articles ? kMaxFileBytes : kMaxArticleFileBytes;
  if (file.size > limit) {
    work.skip_reason = "too large (over " + std::to_string(limit >> 20) + " MB)";
    return work;
  }
  std::string error;
  std::optional<std::string> bytes = read_file(file.path, error);
  if (!bytes) {
    work.skip_reason = error;
    work.transient = true;
    return work;
  }
  work.hash = hex64(XXH3_64bits(bytes->data(), bytes->size()));
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate) {
    work.same_bytes = true;
    return work;
  }
  ReadResult read = read_articles(FileContext{file.path, utc_date(file.mtime_ns), file.folder_source}, *bytes);
  work.skip_reason = std::move(read.skip_reason);
  work.problems = std::move(read.problems);
  for (const Article& article : read.articles) work.documents.push_back(state.builder.build(article));
  if (work.skip_reason.empty() && work.documents.empty()) work.skip_reason = "no articles in it";
  return work;
}

// Draws "[=====>    ] 1234/20000 files  850 files/s  ETA 0:20" on a terminal.
class ProgressBar {
 public:
  ProgressBar(bool enabled, std::size_t total) : enabled_(enabled && total > 0), total_(total) {}
  ~ProgressBar() {
    if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
  }
  void update(std::size_t done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done < total_) return;
    last_ = now;
    drawn_ = true;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double rate = elapsed > 0 ? done / elapsed : 0;
    long eta = rate > 0 ? static_cast<long>((total_ - done) / rate) : 0;
    int filled = static_cast<int>(30.0 * done / total_);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.0f files/s  ETA %ld:%02ld\033[K", filled,
                 "==============================", 30 - filled, "", done, total_, rate, eta / 60, eta % 60);
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::size_t total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_;
};

// Applies analysed files to the database in corpus order. Used by the
// calling thread only.
class DatabaseWriter {
 public:
  DatabaseWriter(ShardedDatabase& db, const IndexOptions& options, IndexStats& stats, std::ostream& warnings)
      : db_(db), catalog_(db.catalog()), options_(options), stats_(stats), warnings_(warnings) {}

  // Removes the articles of the `recorded` files that the listing no longer
  // has, except under folders that could not be read this time. False when
  // a stop was requested before all were removed.
  bool remove_missing(const CorpusListing& listing, const std::unordered_map<std::string, FileRecord>& recorded) {
    std::unordered_set<std::string_view> present;
    for (const CorpusFile& f : listing.files) present.insert(f.path);
    for (const SkippedFile& s : listing.skipped) present.insert(s.path);
    std::vector<std::string> unreadable;
    for (const SkippedFile& s : listing.skipped)
      if (s.reason.rfind("cannot read folder", 0) == 0) unreadable.push_back(s.path + "/");
    std::vector<std::string> gone;
    for (const auto& [path, record] : recorded)
      if (!present.count(path)) gone.push_back(path);
    std::sort(gone.begin(), gone.end());  // removed in path order, as the catalog lists them
    for (const std::string& path : gone) {
      if (g_stop_requested.load()) return false;
      bool protected_path = false;
      for (const std::string& folder : unreadable) protected_path = protected_path || path.rfind(folder, 0) == 0;
      if (protected_path) continue;
      if (options_.verbose) warnings_ << "index: " << for_terminal(path) << ": removed (file is gone)\n";
      stats_.removed += delete_articles_of(path);
      catalog_.erase(path);
      note_change(1);
    }
    return true;
  }

  // True when `file` needs no reading: same size and mtime as recorded, and
  // for a duplicate, its original is still indexed.
  bool unchanged(const CorpusFile& file, const std::optional<FileRecord>& record) {
    if (!record || record->size != file.size || record->mtime_ns != file.mtime_ns) return false;
    switch (record->status) {
      case FileRecord::Status::kIndexed: stats_.unchanged += record->articles; return true;
      case FileRecord::Status::kSkipped: skip(file.path, record->detail); return true;
      case FileRecord::Status::kDuplicate:
        if (catalog_.owner_of(record->content_hash) != record->detail) return false;
        ++stats_.duplicates;
        return true;
    }
    return false;
  }

  void apply(const CorpusFile& file, const std::optional<FileRecord>& old, FileWork work) {
    for (const std::string& problem : work.problems)
      warnings_ << "index: warning: " << for_terminal(file.path) << ": " << for_terminal(problem) << '\n';
    FileRecord record{file.size, file.mtime_ns, work.hash, FileRecord::Status::kIndexed, 0, {}};
    if (!work.skip_reason.empty()) {
      skip(file.path, work.skip_reason);
      stats_.removed += delete_articles_of(file.path);
      if (work.transient) {
        catalog_.erase(file.path);
      } else {
        record.status = FileRecord::Status::kSkipped;
        record.detail = work.skip_reason;
        catalog_.store(file.path, record);
      }
      note_change(1);
      return;
    }
    if (work.same_bytes) {
      record.articles = old->articles;
      stats_.unchanged += old->articles;
      catalog_.store(file.path, record);
      return;
    }
    if (auto owner = catalog_.owner_of(work.hash); owner && *owner != file.path && catalog_.find(*owner)) {
      if (options_.verbose) warnings_ << "index: " << for_terminal(file.path) << ": duplicate of " << for_terminal(*owner) << '\n';
      ++stats_.duplicates;
      stats_.removed += delete_articles_of(file.path);
      record.status = FileRecord::Status::kDuplicate;
      record.detail = *owner;
      catalog_.store(file.path, record);
      note_change(1);
      return;
    }
    record.articles = static_cast<std::uint32_t>(work.documents.size());
    replace_articles(file.path, old.has_value(), std::move(work.documents));
    catalog_.store(file.path, record);
  }

  void commit() {
    db_.commit();
    pending_ = 0;
  }

 private:
  void skip(const std::string& path, const std::string& reason) {
    warnings_ << "index: warning: " << for_terminal(path) << ": skipped: " << for_terminal(reason) << '\n';
    ++stats_.skipped[reason];
  }

  std::size_t delete_articles_of(const std::string& path) {
    return db_.remove_all_with(bounded_term(schema::kFilePrefix, path));
  }

  // Where an article with this key already is, if anywhere. Articles of new
  // files almost never have one, and finding that out must not stop the
  // parallel shard writers: keys added in this run are remembered (as
  // hashes), and the database as it was before the run is asked once.
  std::optional<Xapian::docid> existing(const std::string& key) {
    std::uint64_t hash = XXH3_64bits(key.data(), key.size());
    bool maybe = !keys_added_.insert(hash).second || (!empty_at_start_ && db_.existed_before(bounded_term(schema::kIdPrefix, key)));
    if (!maybe) return std::nullopt;
    auto found = db_.documents_with(bounded_term(schema::kIdPrefix, key));
    if (found.empty()) return std::nullopt;
    return found.front().first;
  }

  // Compares the file's new articles with the ones indexed from it before,
  // by key and content hash, so that editing one line of a JSON Lines file
  // re-indexes one article.
  void replace_articles(const std::string& path, bool indexed_before, std::vector<BuiltDocument> documents) {
    std::unordered_map<std::string, std::pair<Xapian::docid, std::string>> before;
    if (indexed_before)
      for (const auto& [docid, old] : db_.documents_with(bounded_term(schema::kFilePrefix, path)))
        before[old.get_value(schema::kKeySlot)] = {docid, old.get_value(schema::kContentSlot)};
    for (BuiltDocument& built : documents) {
      std::string key = built.document.get_value(schema::kKeySlot);
      auto old = before.find(key);
      if (old != before.end() && old->second.second == built.content_hash) {
        ++stats_.unchanged;
      } else {
        if (old != before.end()) {
          db_.replace(old->second.first, built.document, built.words);
          ++stats_.updated;
        } else if (auto elsewhere = existing(key)) {  // the same id in another file: the newest wins
          db_.replace(*elsewhere, built.document, built.words);
          ++stats_.added;
        } else {
          db_.add(std::move(built.document), std::move(built.words));
          ++stats_.added;
        }
        note_change(1);
      }
      if (old != before.end()) before.erase(old);
    }
    for (const auto& [key, old] : before) {
      db_.remove(old.first);
      ++stats_.removed;
      note_change(1);
    }
  }

  void note_change(std::size_t n) {
    pending_ += n;
    if (pending_ >= options_.batch_articles) commit();
  }

  ShardedDatabase& db_;
  FileCatalog catalog_;
  const IndexOptions& options_;
  IndexStats& stats_;
  std::ostream& warnings_;
  std::size_t pending_ = 0;
  bool empty_at_start_ = db_.article_count_at_open() == 0;
  std::unordered_set<std::uint64_t> keys_added_;
};

}  // namespace

void request_stop() noexcept { g_stop_requested.store(true); }

IndexStats CorpusIndexer::index(const std::vector<fs::path>& roots) {
  auto start = std::chrono::steady_clock::now();
  IndexStats stats;
  for (const fs::path& root : roots)
    if (!fs::exists(root)) throw fs::filesystem_error("no such file or folder", root, std::make_error_code(std::errc::no_such_file_or_directory));
  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Opened before listing, so that a second run on the same database fails at once.
  ShardedDatabase db(options_.database, std::min(jobs, 8u));
  const std::string schema_version = db.catalog().get_metadata(schema::kSchemaVersionKey);
  if (schema_version.empty())
    db.catalog().set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
  else if (schema_version != schema::kSchemaVersion)
    throw std::runtime_error(options_.database.string() + ": made by another wadi version (schema " + schema_version +
                             ", this one writes " + schema::kSchemaVersion +
                             "); search still reads it: move it away and run index again to rebuild it");
  CorpusListing listing = list_corpus(roots, jobs);
  if (options_.shards > 0) keep_shard(listing, options_.shard, options_.shards);
  for (const SkippedFile& s : listing.skipped) {
    warnings_ << "index: warning: " << for_terminal(s.path) << ": skipped: " << for_terminal(s.reason) << '\n';
    ++stats.skipped[s.reason];
  }
  stats.files = listing.files.size();

  DatabaseWriter writer(db, options_, stats, warnings_);
  const std::unordered_map<std::string, FileRecord> recorded = FileCatalog(db.catalog()).records_under(listing.scopes);
  bool stopped = !writer.remove_missing(listing, recorded);

  // Only files whose size or mtime changed are read; the rest cost a stat.
  struct Pending {
    const CorpusFile* file;
    std::optional<FileRecord> old;
  };
  std::vector<Pending> pending;
  for (const CorpusFile& file : listing.files) {
    auto found = recorded.find(file.path);
    std::optional<FileRecord> record;
    if (found != recorded.end()) record = found->second;
    if (!writer.unchanged(file, record)) pending.push_back({&file, std::move(record)});
  }

  if (options_.after_listing) options_.after_listing();
  ProgressBar progress(options_.progress, pending.size());
  std::size_t done = stopped ? 0 : run_ordered<FileWork>(
      pending.size(), jobs, 256, [] { return std::make_unique<WorkerState>(); },
      [&](std::unique_ptr<WorkerState>& state, std::size_t i) {
        return analyse_file(*state, *pending[i].file, pending[i].old);
      },
      [&](std::size_t i, FileWork work) {
        writer.apply(*pending[i].file, pending[i].old, std::move(work));
        progress.update(i + 1);
      },
      [] { return g_stop_requested.load(); });
  stats.interrupted = stopped || done < pending.size();
  if (stats.added + stats.updated + stats.removed > 0 || !db.has_length_spread()) db.record_length_spread();
  writer.commit();
  // Not by default: on Reuters it adds 8% to a first run (for half the
  // size), on a million articles a third.
  if (!stats.interrupted && options_.compact) {
    stats.compacted = db.compact();
    if (!stats.compacted)
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
  out << stats.added << " added, " << stats.updated << " updated, " << stats.removed << " removed, "
      << stats.unchanged << " unchanged, " << stats.duplicates << " duplicates, " << skipped << " skipped";
  if (!reasons.empty()) out << " (" << reasons << ")";
  out << timing;
  if (stats.compacted) out << ", compacted";
  return out.str();
}

}  // namespace wadi
