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

#include "analysis/article_key.h"
#include "analysis/schema.h"
#include "analysis/stored_article.h"
#include "analysis/terminal_text.h"
#include "analysis/text_decoder.h"
#include "archive_language.h"
#include "article_stream.h"
#include "corpus_walker.h"
#include "document_builder.h"
#include "file_reading.h"
#include "file_catalog.h"
#include "metadata.h"
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
  // When the language of an article is in doubt, the file's documents are
  // built at the end of the run, once the archive's main language is known
  // from the other files: the same whatever their order or the jobs.
  std::vector<Article> undecided;
  std::vector<LanguageDoubt> doubts;
  LanguageTally languages;  // of the documents built
  std::unique_ptr<ArticleStream> rest;  // the articles of a JSON Lines file after `documents`, or null
  std::size_t text_bytes = 0;           // of the articles in `documents`
};

struct WorkerState {
  explicit WorkerState(Xapian::termcount title_weight) : builder(analyzer, title_weight) {}
  Analyzer analyzer;
  DocumentBuilder builder;
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
    work.languages.add(article.language);
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

FileWork analyse_file(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old,
                      const DateOrder& date_order) {
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
  // A file touched on another day is read again: an article dated by its
  // mtime gets the new date, as it would in a database built afresh.
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate &&
      utc_date(old->mtime_ns) == utc_date(file.mtime_ns)) {
    work.same_bytes = true;
    return work;
  }
  ReadResult read = read_articles(FileContext{file.path, utc_date(file.mtime_ns), file.folder_source, date_order}, *bytes);
  work.skip_reason = std::move(read.skip_reason);
  bool doubtful = false;
  for (const Article& article : read.articles) {
    work.doubts.push_back(doubt_language(state.analyzer, article));
    doubtful = doubtful || work.doubts.back().doubtful();
  }
  if (doubtful) {
    work.problems = std::move(read.problems);
    work.undecided = std::move(read.articles);
    return work;
  }
  build_part(state, std::move(read), work);
  if (work.skip_reason.empty() && work.documents.empty()) work.skip_reason = "no articles in it";
  return work;
}

// Builds the documents of a file whose languages were in doubt, in `main`
// where the doubt allows it.
void settle_languages(WorkerState& state, FileWork& work, const std::string& main) {
  for (std::size_t i = 0; i < work.undecided.size(); ++i) {
    work.undecided[i].language = settle_language(work.undecided[i], work.doubts[i], main);
    work.documents.push_back(state.builder.build(work.undecided[i]));
  }
  work.undecided.clear();
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

// File names in one-line messages: control characters and stray bytes escaped.
std::string shown(const std::string& path) { return for_terminal(path); }

bool inside(const std::string& path, const std::string& folder) {
  return path == folder || (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
                            (folder.back() == '/' || path[folder.size()] == '/'));
}

// Whether a regular file (links followed) is at `path`; `st` gets its stat.
bool regular_file_at(const std::string& path, struct stat& st) {
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Replaces `from` by `to` in `doc`'s terms (`from` may be missing).
void replace_term(Xapian::Document& doc, const std::string& from, const std::string& to) {
  if (from == to) return;
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(from);
  if (it != doc.termlist_end() && *it == from) doc.remove_term(from);
  doc.add_boolean_term(to);
}

// The readers see a file name as valid UTF-8; the database keeps its bytes,
// so that two names differing only in invalid bytes stay two articles and
// each can be updated and removed: the key and file terms get the raw name,
// and the stored fields a "path_bytes" that decodes to it (escaped_path()).
void keep_raw_path(const std::string& path, BuiltDocument& built) {
  Xapian::Document& doc = built.document;
  const std::string readable = to_valid_utf8(path);
  const std::string key = doc.get_value(schema::kKeySlot);
  const std::string readable_key = article_key(readable);
  const std::string raw_key = key.rfind(readable_key, 0) == 0 ? article_key(path) + key.substr(readable_key.size()) : key;
  replace_term(doc, bounded_term(schema::kIdPrefix, key), bounded_term(schema::kIdPrefix, raw_key));
  replace_term(doc, bounded_term(schema::kFilePrefix, readable), bounded_term(schema::kFilePrefix, path));
  doc.add_value(schema::kKeySlot, raw_key);
  schema::StoredArticle stored = schema::decode_article(doc.get_data());
  stored.fields["path_bytes"] = escaped_path(path, false);
  std::string data = schema::encode_article(stored.fields, stored.body);
  built.content_hash = hex64(XXH3_64bits(data.data(), data.size()));
  doc.add_value(schema::kContentSlot, built.content_hash);
  doc.set_data(std::move(data));
}

// Applies analysed files to the database in corpus order. Used by the
// calling thread only.
//
// Files gone are removed last: a new file holding a gone file's bytes is
// that file moved, and takes its articles over in place of a remove and an
// add. When the file owning some bytes goes (removed, edited, skipped), a
// file recorded as its duplicate takes over, wherever it lies.
class DatabaseWriter {
 public:
  DatabaseWriter(ShardedDatabase& db, const IndexOptions& options, Xapian::termcount title_weight, IndexStats& stats,
                 std::ostream& warnings)
      : db_(db), catalog_(db.catalog()), options_(options), title_weight_(title_weight), stats_(stats), warnings_(warnings) {}

  FileCatalog& catalog() { return catalog_; }

  // Drops the articles of the files a crash left without a record (see
  // ShardedDatabase::commit()); a file still there is indexed again.
  void drop_unrecorded(const std::vector<std::string>& files) {
    for (const std::string& path : files)
      if (!catalog_.find(path)) delete_articles_of(path);
  }

  // Notes the `recorded` files that the listing no longer has as gone,
  // except under folders that could not be read this time. A path that is
  // there but is no longer a regular file (a FIFO, a dangling link) is gone too.
  void note_missing(const CorpusListing& listing, const std::unordered_map<std::string, FileRecord>& recorded) {
    std::unordered_set<std::string_view> present;
    for (const CorpusFile& f : listing.files) present.insert(f.path);
    std::vector<std::string> unreadable;
    for (const SkippedFile& s : listing.skipped)
      if (s.reason.rfind("cannot read folder", 0) == 0) unreadable.push_back(s.path);
    for (const auto& [path, record] : recorded) {
      if (present.count(path)) continue;
      bool protected_path = false;
      for (const std::string& folder : unreadable) protected_path = protected_path || inside(path, folder);
      if (!protected_path) gone_.insert(path);
    }
  }

  // Notes every file of `recorded` that is no longer a regular file as gone.
  void note_gone_anywhere(const std::unordered_map<std::string, FileRecord>& recorded) {
    struct stat st;
    for (const auto& [path, record] : recorded)
      if (!regular_file_at(path, st)) gone_.insert(path);
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
      warnings_ << "index: warning: " << shown(file.path) << ": " << for_terminal(problem) << '\n';
    FileRecord record{file.size, file.mtime_ns, work.hash, FileRecord::Status::kIndexed, 0, {}, file.root};
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
    if (auto owner = catalog_.owner_of(work.hash); owner && *owner != file.path) {
      if (auto owner_record = catalog_.find(*owner); owner_record && owner_record->content_hash == work.hash) {
        struct stat st;
        if (gone_.count(*owner) || !regular_file_at(*owner, st)) {
          take_over(*owner);
        } else if (still_holds(*owner, st, *owner_record)) {
          if (options_.verbose) warnings_ << "index: " << shown(file.path) << ": duplicate of " << shown(*owner) << '\n';
          ++stats_.duplicates;
          stats_.removed += delete_articles_of(file.path);
          record.status = FileRecord::Status::kDuplicate;
          record.detail = *owner;
          catalog_.store(file.path, record);
          note_change(1);
          return;
        }
        // else the owner was edited since it was indexed: this file is the
        // only one known to hold these bytes now.
      }
    }
    if (!is_valid_utf8(file.path))
      for (BuiltDocument& built : work.documents) keep_raw_path(file.path, built);
    const std::size_t added = stats_.added;
    std::size_t articles = work.documents.size();
    ArticlesBefore before = articles_before(file.path, old.has_value());
    touch(file.path);
    replace_articles(before, std::move(work.documents));
    note_text(work.text_bytes);
    const bool whole = !work.rest || add_rest(file.path, *work.rest, before, articles);
    if (whole) remove_left(before);
    if (!moved_from_.empty()) {
      if (options_.verbose) warnings_ << "index: " << shown(moved_from_) << ": moved to " << shown(file.path) << '\n';
      stats_.moved += stats_.added - added;
      stats_.added = added;
      moved_from_.clear();
    }
    if (!whole) return;  // the catalog keeps its old record
    record.articles = static_cast<std::uint32_t>(articles);
    catalog_.store(file.path, record);
  }

  // Removes the articles of the files gone that no new file took over.
  // False when a stop was requested before all were removed.
  bool remove_gone() {
    std::vector<std::string> gone(gone_.begin(), gone_.end());
    std::sort(gone.begin(), gone.end());  // removed in path order, as the catalog lists them
    for (const std::string& path : gone) {
      if (g_stop_requested.load()) return false;
      if (options_.verbose) warnings_ << "index: " << shown(path) << ": removed (file is gone)\n";
      stats_.removed += delete_articles_of(path);
      catalog_.erase(path);
      note_change(1);
      commit_if_due();
    }
    gone_.clear();
    return true;
  }

  // The next file to index because the file owning its bytes went: a
  // duplicate of those bytes, wherever it lies, that is still there.
  // Duplicates whose file is gone are forgotten on the way.
  std::optional<std::pair<CorpusFile, FileRecord>> next_heir(const std::vector<std::string>& roots) {
    for (std::string& hash : catalog_.take_orphans()) orphans_.push_back(std::move(hash));
    while (!orphans_.empty()) {
      const std::string hash = orphans_.back();
      if (catalog_.owner_of(hash)) {
        orphans_.pop_back();
        continue;
      }
      for (const std::string& path : catalog_.duplicates_of(hash)) {
        std::optional<FileRecord> record = catalog_.find(path);
        struct stat st;
        if (!record || record->status != FileRecord::Status::kDuplicate || record->content_hash != hash ||
            !regular_file_at(path, st)) {
          if (record && record->status == FileRecord::Status::kDuplicate && record->content_hash == hash)
            catalog_.erase(path);  // a duplicate gone: nothing to take over with
          else
            catalog_.drop_duplicate(hash, path);  // a stale entry
          continue;
        }
        CorpusFile file{path, static_cast<std::uint64_t>(st.st_size), mtime_of(st), {}, {}};
        file.root = !record->root.empty() ? record->root : outermost_root(path, roots);
        if (file.root.empty()) file.root = fs::path(path).parent_path().string();
        file.folder_source = folder_source(file.root, path);
        return std::make_pair(std::move(file), std::move(*record));  // the hash stays queued: its owner is checked again
      }
      orphans_.pop_back();
    }
    return std::nullopt;
  }

  // Commits when a batch is full. Called between files, never within one.
  void commit_if_due() {
    if (pending_ >= options_.batch_articles) commit();
  }

  void commit() {
    db_.commit(touched_);
    touched_.clear();
    pending_ = 0;
    pending_text_ = 0;
  }

 private:
  static std::int64_t mtime_of(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }

  // Whether the owner at `path` (stat `st`) still holds the bytes `record`
  // says: when only its mtime changed since (touched, not yet re-read), its
  // bytes are hashed again.
  static bool still_holds(const std::string& path, const struct stat& st, const FileRecord& record) {
    if (static_cast<std::uint64_t>(st.st_size) != record.size) return false;
    if (mtime_of(st) == record.mtime_ns) return true;
    std::string error;
    bool transient = false;
    std::optional<std::string> bytes = read_file(path, record.size, error, transient);
    return bytes && hex64(XXH3_64bits(bytes->data(), bytes->size())) == record.content_hash;
  }

  // The file at `from` is gone and its bytes are at the file being applied:
  // its articles go, to come back under the new path as moved.
  void take_over(const std::string& from) {
    delete_articles_of(from);
    catalog_.erase(from);
    gone_.erase(from);
    moved_from_ = from;
  }

  void skip(const std::string& path, const std::string& reason) {
    warnings_ << "index: warning: " << shown(path) << ": skipped: " << for_terminal(reason) << '\n';
    ++stats_.skipped[reason];
  }

  // Lists `path` in the journal of the next commit (ShardedDatabase::commit):
  // its articles change before its record does.
  void touch(const std::string& path) {
    if (touched_.empty() || touched_.back() != path) touched_.push_back(path);
  }

  std::size_t delete_articles_of(const std::string& path) {
    touch(path);
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
    while (builders_.size() < jobs) builders_.push_back(std::make_unique<WorkerState>(title_weight_));
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
              warnings_ << "index: warning: " << shown(path) << ": " << for_terminal(problem) << '\n';
            if (!built.skip_reason.empty()) {
              skip(path, built.skip_reason);
              catalog_.erase(path);
              failed = true;
              return;
            }
            articles += built.documents.size();
            if (!is_valid_utf8(path))
              for (BuiltDocument& document : built.documents) keep_raw_path(path, document);
            touch(path);
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
  // but long articles is committed early, within a file if need be (the
  // journal lists the file, see touch()).
  void note_text(std::size_t bytes) {
    pending_text_ += bytes;
    if (pending_text_ >= kMaxPendingTextBytes) commit();
  }

  // Counts changes towards the batch; the commit waits for commit_if_due(),
  // so that a file's articles and its record share a commit.
  void note_change(std::size_t n) { pending_ += n; }

  ShardedDatabase& db_;
  FileCatalog catalog_;
  const IndexOptions& options_;
  const Xapian::termcount title_weight_;
  IndexStats& stats_;
  std::ostream& warnings_;
  std::size_t pending_ = 0;
  std::size_t pending_text_ = 0;
  bool empty_at_start_ = db_.article_count_at_open() == 0;
  std::unordered_set<std::uint64_t> keys_added_;
  std::unordered_set<std::string> gone_;  // files whose articles go at the end, unless moved
  std::string moved_from_;                // set by take_over() for the file being applied
  std::vector<std::string> orphans_;      // hashes whose duplicates may take over
  std::vector<std::string> touched_;      // files whose articles changed since the last commit
  std::vector<std::unique_ptr<WorkerState>> builders_;  // for the parts of JSON Lines files after the first
};

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

std::string outermost_root(const std::string& path, const std::vector<std::string>& roots) {
  const std::string* best = nullptr;
  for (const std::string& root : roots)
    if (inside(path, root) && (!best || root.size() < best->size())) best = &root;
  return best ? *best : std::string();
}

void request_stop() noexcept { g_stop_requested.store(true); }

namespace {

// The absolute, lexically normal form of a PATH given, as the walker makes it.
std::string absolute_root(const fs::path& given) {
  fs::path root = fs::absolute(given).lexically_normal();
  if (!root.has_filename() && root.has_parent_path()) root = root.parent_path();
  return root.string();
}

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
    warnings_ << "index: " << shown(missing) << ": no such file or folder: dropping its " << articles << " articles\n";
    writer.note_gone_anywhere(records);
  }
  if (options_.prune) writer.note_gone_anywhere(catalog.records_under({"/"}));

  WalkOptions walk;
  walk.excluded.push_back(options_.database);
  walk.follow_links = options_.follow_links;
  CorpusListing listing = list_corpus(existing_roots, jobs, walk);
  if (options_.shards > 0) keep_shard(listing, options_.shard, options_.shards);
  for (const SkippedFile& s : listing.skipped) {
    warnings_ << "index: warning: " << shown(s.path) << ": skipped: " << for_terminal(s.reason) << '\n';
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
  struct Pending {
    const CorpusFile* file;
    std::optional<FileRecord> old;
  };
  std::vector<Pending> pending;
  for (CorpusFile& file : listing.files) {
    auto found = recorded.find(file.path);
    std::optional<FileRecord> record;
    if (found != recorded.end()) record = found->second;
    if (writer.unchanged(file, record)) continue;
    std::string root = record && !record->root.empty() ? record->root : outermost_root(file.path, known_roots);
    if (!root.empty() && root != file.root) {
      file.root = std::move(root);
      file.folder_source = folder_source(file.root, file.path);
    }
    pending.push_back({&file, std::move(record)});
  }

  if (options_.after_listing) options_.after_listing();
  ProgressBar progress(options_.progress, pending.size());
  LanguageTally languages = LanguageTally::parse(db.catalog().get_metadata(schema::kLanguageTallyKey));
  std::vector<std::pair<std::size_t, FileWork>> undecided;
  std::size_t done = run_ordered<FileWork>(
      pending.size(), jobs, 256, [&] { return std::make_unique<WorkerState>(title_weight); },
      [&](std::unique_ptr<WorkerState>& state, std::size_t i) {
        return analyse_file(*state, *pending[i].file, pending[i].old, options_.date_order);
      },
      [&](std::size_t i, FileWork work) {
        progress.update(i + 1);
        if (!work.undecided.empty()) {
          undecided.emplace_back(i, std::move(work));
          return;
        }
        languages.add(work.languages);
        writer.apply(*pending[i].file, pending[i].old, std::move(work));
        writer.commit_if_due();
      },
      [] { return g_stop_requested.load(); });
  // The files read whose languages were in doubt, in corpus order, on all
  // cores. After a stop, those already read are still finished (a second
  // signal ends the run at once); otherwise a stop here ends the run too.
  const bool stopped = done < pending.size();
  const std::string main_language = languages.main();
  std::size_t settled = run_ordered<FileWork>(
      undecided.size(), jobs, 256, [&] { return std::make_unique<WorkerState>(title_weight); },
      [&](std::unique_ptr<WorkerState>& state, std::size_t k) {
        FileWork work = std::move(undecided[k].second);
        settle_languages(*state, work, main_language);
        return work;
      },
      [&](std::size_t k, FileWork work) {
        const Pending& file = pending[undecided[k].first];
        writer.apply(*file.file, file.old, std::move(work));
        writer.commit_if_due();
      },
      [stopped] { return !stopped && g_stop_requested.load(); });
  // A stop heard within a JSON Lines file ends the run there too.
  stats.interrupted = stopped || settled < undecided.size() || g_stop_requested.load();
  if (!stats.interrupted && !writer.remove_gone()) stats.interrupted = true;
  if (!stats.interrupted) {
    std::unique_ptr<WorkerState> state;
    while (auto heir = writer.next_heir(known_roots)) {
      if (!state) state = std::make_unique<WorkerState>(title_weight);
      FileWork work = analyse_file(*state, heir->first, heir->second, options_.date_order);
      if (!work.undecided.empty()) settle_languages(*state, work, main_language);
      writer.apply(heir->first, heir->second, std::move(work));
      writer.commit_if_due();
    }
  }
  if (languages.serialize() != db.catalog().get_metadata(schema::kLanguageTallyKey))
    db.catalog().set_metadata(schema::kLanguageTallyKey, languages.serialize());
  if (stats.added + stats.updated + stats.removed + stats.moved > 0 || !db.has_length_spread()) db.record_length_spread();
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
  out << stats.added << " added, " << stats.updated << " updated, " << stats.removed << " removed, ";
  if (stats.moved > 0) out << stats.moved << " moved, ";
  out << stats.unchanged << " unchanged, " << stats.duplicates << " duplicates, " << skipped << " skipped";
  if (!reasons.empty()) out << " (" << reasons << ")";
  out << timing;
  if (stats.compacted) out << ", compacted";
  return out.str();
}

}  // namespace wadi
