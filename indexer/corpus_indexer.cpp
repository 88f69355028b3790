#include "corpus_indexer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>
#include <xxhash.h>

#include "analysis/schema.h"
#include "analysis/terminal_text.h"
#include "analysis/text_decoder.h"
#include "article_stream.h"
#include "corpus_walker.h"
#include "document_builder.h"
#include "file_reading.h"
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
  std::unique_ptr<ArticleStream> rest;  // the articles of a JSON Lines file after `documents`, or null
  std::size_t text_bytes = 0;           // of the articles in `documents`
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

// At most this many articles of a JSON Lines file are analysed at a time:
// the first part by a worker, the rest a part per thread while the writer
// waits for them.
constexpr std::size_t kFirstPartArticles = 500;
constexpr std::size_t kPartArticles = 250;
// A JSON Lines file up to this size, or one whose first block is not UTF-8,
// is read whole (and decoded whatever its encoding); larger ones are read as
// a stream of UTF-8 lines.
constexpr std::uint64_t kWholeJsonLinesBytes = 4ull << 20;
// An article file past this size is analysed by one thread at a time.
constexpr std::uint64_t kLongArticleBytes = 4ull << 20;
// Text added since the last commit, past which the writer commits anyway.
constexpr std::size_t kMaxPendingTextBytes = 32u << 20;

void build_part(WorkerState& state, ReadResult part, FileWork& work) {
  for (std::string& problem : part.problems) work.problems.push_back(std::move(problem));
  for (const Article& article : part.articles) {
    work.documents.push_back(state.builder.build(article));
    work.text_bytes += article.title.size() + article.body.size();
  }
}

// The JSON Lines file `fd` open as `file`: hashed first as a stream, then
// read part by part (work.rest holds what the first part left).
void analyse_jsonl(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old, OpenFile& fd, FileWork& work) {
  auto skip = [&work](std::string reason, bool transient = false) {
    work.skip_reason = std::move(reason);
    work.transient = transient;
  };
  std::string first, error;
  if (!read_at(fd.get(), 0, kFirstBlock, first, error)) return skip(error, true);
  if (binary_start(first)) return skip(kBinary);
  XXH3_state_t* hasher = XXH3_createState();
  XXH3_64bits_reset(hasher);
  std::uint64_t length = 0;
  std::string block;
  for (;;) {
    block.clear();
    if (!read_at(fd.get(), length, 1u << 20, block, error)) break;
    XXH3_64bits_update(hasher, block.data(), block.size());
    length += block.size();
    if (block.empty() || length > kMaxFileBytes) break;
  }
  std::uint64_t hash = XXH3_64bits_digest(hasher);
  XXH3_freeState(hasher);
  if (!error.empty()) return skip(error, true);
  if (length > kMaxFileBytes) return skip(too_large(kMaxFileBytes));
  work.hash = hex64(hash);
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate) {
    work.same_bytes = true;
    return;
  }
  FileContext context{file.path, utc_date(file.mtime_ns), file.folder_source};
  std::string_view start = std::string_view(first).substr(0, first.size() - std::min<std::size_t>(3, first.size()));
  bool utf8 = first.substr(0, 2) != "\xFF\xFE" && first.substr(0, 2) != "\xFE\xFF" && is_valid_utf8(start);
  std::unique_ptr<ArticleStream> stream;
  if (length <= kWholeJsonLinesBytes || !utf8) {
    if (length > kMaxArticleFileBytes) return skip("not UTF-8, and too large to decode (over 64 MB)");
    std::string bytes, decoded;
    if (!read_at(fd.get(), 0, static_cast<std::size_t>(length), bytes, error)) return skip(error, true);
    std::string_view text;
    ReadResult decoding;
    work.skip_reason = decode_jsonl(bytes, decoded, text, decoding);
    if (!work.skip_reason.empty()) return;
    work.problems = std::move(decoding.problems);
    stream = std::make_unique<ArticleStream>(context, std::string(text));
  } else {
    stream = std::make_unique<ArticleStream>(context, fd.release(), length);
  }
  ReadResult part = stream->next(kFirstPartArticles);
  if (!part.skip_reason.empty()) return skip(part.skip_reason, true);
  build_part(state, std::move(part), work);
  if (work.documents.empty() && stream->at_end())
    work.skip_reason = stream->problems() ? "no readable JSON line" : length == 0 ? "empty file" : "no articles (only blank lines)";
  if (!stream->at_end()) work.rest = std::move(stream);
}

FileWork analyse_file(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old) {
  FileWork work;
  bool many_articles = format_of(file.path) == ArticleFormat::kJsonLines;
  std::uint64_t limit = many_articles ? kMaxFileBytes : kMaxArticleFileBytes;
  if (file.size > limit) {
    work.skip_reason = too_large(limit);
    return work;
  }
  if (many_articles) {
    OpenFile fd(open_article_file(file.path, limit, work.skip_reason, work.transient));
    if (fd.get() >= 0) analyse_jsonl(state, file, old, fd, work);
    return work;
  }
  // Analysis takes several times an article's size in memory: long ones
  // take turns, so that all threads on long articles do not add up.
  static std::mutex long_article;
  std::unique_lock<std::mutex> turn(long_article, std::defer_lock);
  if (file.size > kLongArticleBytes) turn.lock();
  std::optional<std::string> bytes = read_file(file.path, limit, work.skip_reason, work.transient);
  if (!bytes) return work;
  work.hash = hex64(XXH3_64bits(bytes->data(), bytes->size()));
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate) {
    work.same_bytes = true;
    return work;
  }
  ReadResult read = read_articles(FileContext{file.path, utc_date(file.mtime_ns), file.folder_source}, *bytes);
  work.skip_reason = std::move(read.skip_reason);
  build_part(state, std::move(read), work);
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
    std::size_t articles = work.documents.size();
    ArticlesBefore before = articles_before(file.path, old.has_value());
    replace_articles(before, std::move(work.documents));
    note_text(work.text_bytes);
    if (work.rest && !add_rest(file.path, *work.rest, before, articles)) return;  // the catalog keeps its old record
    remove_left(before);
    record.articles = static_cast<std::uint32_t>(articles);
    catalog_.store(file.path, record);
  }

  void commit() {
    db_.commit();
    pending_ = 0;
    pending_text_ = 0;
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

  // The articles indexed from a file before, by a hash of their key: docid
  // and content hash. Small per article, for files of a million lines.
  using ArticlesBefore = std::unordered_map<std::size_t, std::pair<Xapian::docid, std::string>>;

  ArticlesBefore articles_before(const std::string& path, bool indexed_before) {
    ArticlesBefore before;
    if (indexed_before)
      db_.visit_documents_with(bounded_term(schema::kFilePrefix, path), [&](Xapian::docid docid, const Xapian::Document& old) {
        before[std::hash<std::string>{}(old.get_value(schema::kKeySlot))] = {docid, old.get_value(schema::kContentSlot)};
      });
    return before;
  }

  // Adds the articles of a JSON Lines file after its first part, a part at a
  // time, analysed here. False when it stopped first: at a stop request, or
  // at a read error (the file is then skipped for now).
  bool add_rest(const std::string& path, ArticleStream& rest, ArticlesBefore& before, std::size_t& articles) {
    unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
    while (builders_.size() < jobs) builders_.push_back(std::make_unique<WorkerState>());
    bool failed = false;
    while (!rest.at_end() && !failed) {
      if (g_stop_requested.load()) return false;
      // A part per thread, read here (parsing is cheap), analysed in parallel.
      std::vector<ReadResult> parts;
      while (parts.size() < jobs && !rest.at_end()) parts.push_back(rest.next(kPartArticles));
      std::atomic<std::size_t> next_builder{0};
      run_ordered<FileWork>(
          parts.size(), jobs, parts.size(), [&] { return builders_[next_builder++].get(); },
          [&](WorkerState* builder, std::size_t i) {
            FileWork built;
            built.skip_reason = std::move(parts[i].skip_reason);
            build_part(*builder, std::move(parts[i]), built);
            return built;
          },
          [&](std::size_t, FileWork built) {
            if (failed) return;
            for (const std::string& problem : built.problems)
              warnings_ << "index: warning: " << for_terminal(path) << ": " << for_terminal(problem) << '\n';
            if (!built.skip_reason.empty()) {
              skip(path, built.skip_reason);
              catalog_.erase(path);
              failed = true;
              return;
            }
            articles += built.documents.size();
            replace_articles(before, std::move(built.documents));
            note_text(built.text_bytes);
          },
          [] { return false; });
    }
    return !failed;
  }

  // Compares the file's new articles with the ones indexed from it before,
  // by key and content hash, so that editing one line of a JSON Lines file
  // re-indexes one article. The articles of `before` matched are taken out.
  void replace_articles(ArticlesBefore& before, std::vector<BuiltDocument> documents) {
    for (BuiltDocument& built : documents) {
      std::string key = built.document.get_value(schema::kKeySlot);
      auto old = before.find(std::hash<std::string>{}(key));
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
  }

  // Removes the articles of a file that its new content no longer has.
  void remove_left(const ArticlesBefore& before) {
    for (const auto& [key, old] : before) {
      db_.remove(old.first);
      ++stats_.removed;
      note_change(1);
    }
  }

  // Xapian holds a batch in memory until it is committed: a batch of few
  // but long articles is committed early.
  void note_text(std::size_t bytes) {
    pending_text_ += bytes;
    if (pending_text_ >= kMaxPendingTextBytes) commit();
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
  std::size_t pending_text_ = 0;
  bool empty_at_start_ = db_.article_count_at_open() == 0;
  std::unordered_set<std::uint64_t> keys_added_;
  std::vector<std::unique_ptr<WorkerState>> builders_;  // for the parts of JSON Lines files after the first
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
  stats.interrupted = stopped || done < pending.size() || g_stop_requested.load();  // also mid-file
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
