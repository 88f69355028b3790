#include "database_writer.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <string_view>
#include <thread>

#include <xxhash.h>

#include "analysis/article_key.h"
#include "analysis/schema.h"
#include "analysis/stored_article.h"
#include "analysis/terminal_text.h"
#include "analysis/text_decoder.h"
#include "file_reading.h"
#include "ordered_pipeline.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

// Text added since the last commit, past which the writer commits anyway.
constexpr std::size_t kMaxPendingTextBytes = 32u << 20;
// Articles with a story signature written since the last commit, past which
// the writer commits anyway: the grouper holds their signatures, and Xapian
// each one's band terms, most of them new terms (about 3 kB an article).
constexpr std::size_t kMaxPendingStories = 4000;

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

}  // namespace

std::string outermost_root(const std::string& path, const std::vector<std::string>& roots) {
  const std::string* best = nullptr;
  for (const std::string& root : roots)
    if (inside(path, root) && (!best || root.size() < best->size())) best = &root;
  return best ? *best : std::string();
}

// Drops the articles of the files a crash left without a record (see
// ShardedDatabase::commit()); a file still there is indexed again.
void DatabaseWriter::drop_unrecorded(const std::vector<std::string>& files) {
  for (const std::string& path : files)
    if (!catalog_.find(path)) delete_articles_of(path);
}

// Notes the `recorded` files that the listing no longer has as gone,
// except under folders that could not be read this time. A path that is
// there but is no longer a regular file (a FIFO, a dangling link) is gone too.
void DatabaseWriter::note_missing(const CorpusListing& listing, const std::unordered_map<std::string, FileRecord>& recorded) {
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
void DatabaseWriter::note_gone_anywhere(const std::unordered_map<std::string, FileRecord>& recorded) {
  struct stat st;
  for (const auto& [path, record] : recorded)
    if (!regular_file_at(path, st)) gone_.insert(path);
}

// True when `file` needs no reading: same size and mtime as recorded, and
// for a duplicate, its original is still indexed.
bool DatabaseWriter::unchanged(const CorpusFile& file, const std::optional<FileRecord>& record) {
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

void DatabaseWriter::apply(const CorpusFile& file, const std::optional<FileRecord>& old, FileWork work) {
  for (const std::string& problem : work.problems)
    warnings_ << "index: warning: " << shown(file.path) << ": " << for_terminal(problem) << '\n';
  for (const auto& [kind, count] : work.passed_over) stats_.passed_over[kind] += count;
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
  // Bytes indexed before, here or elsewhere (a file moved, a copy taking
  // over from its original), are no news for the saved searches.
  news_ = !catalog_.owner_of(work.hash) &&
          !(old && old->status != FileRecord::Status::kSkipped && old->content_hash == work.hash);
  kept_run_ = 0;
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
bool DatabaseWriter::remove_gone() {
  std::vector<std::string> gone(gone_.begin(), gone_.end());
  std::sort(gone.begin(), gone.end());  // removed in path order, as the catalog lists them
  for (const std::string& path : gone) {
    if (stop_requested()) return false;
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
std::optional<std::pair<CorpusFile, FileRecord>> DatabaseWriter::next_heir(const std::vector<std::string>& roots) {
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
void DatabaseWriter::commit_if_due() {
  if (pending_ >= options_.batch_articles) commit();
}

void DatabaseWriter::commit() {
  db_.commit(touched_);
  ++commits_;
  touched_.clear();
  pending_ = 0;
  pending_text_ = 0;
}

void DatabaseWriter::record_run() {
  if (stats_.run != 0) db_.catalog().set_metadata(schema::kRunKey, std::to_string(stats_.run));
}

void DatabaseWriter::stamp(Xapian::Document& doc, std::uint64_t run) {
  doc.add_boolean_term(schema::kRunPrefix + std::to_string(run));
  doc.add_value(schema::kRunSlot, Xapian::sortable_serialise(static_cast<double>(run)));
  if (run == run_) stats_.run = run_;
}

std::int64_t DatabaseWriter::mtime_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Whether the owner at `path` (stat `st`) still holds the bytes `record`
// says: when only its mtime changed since (touched, not yet re-read), its
// bytes are hashed again.
bool DatabaseWriter::still_holds(const std::string& path, const struct stat& st, const FileRecord& record) {
  if (static_cast<std::uint64_t>(st.st_size) != record.size) return false;
  if (mtime_of(st) == record.mtime_ns) return true;
  std::string error;
  bool transient = false;
  std::optional<std::string> bytes = read_file(path, record.size, error, transient);
  return bytes && hex64(XXH3_64bits(bytes->data(), bytes->size())) == record.content_hash;
}

// The file at `from` is gone and its bytes are at the file being applied:
// its articles go, to come back under the new path as moved.
void DatabaseWriter::take_over(const std::string& from) {
  // The moved articles keep their run: not yet listed by `search --new`, they still are.
  db_.visit_documents_with(bounded_term(schema::kFilePrefix, from), [&](Xapian::docid, const Xapian::Document& doc) {
    const std::string run = doc.get_value(schema::kRunSlot);
    if (!run.empty()) kept_run_ = std::max(kept_run_, static_cast<std::uint64_t>(Xapian::sortable_unserialise(run)));
  });
  delete_articles_of(from);
  catalog_.erase(from);
  gone_.erase(from);
  moved_from_ = from;
}

void DatabaseWriter::skip(const std::string& path, const std::string& reason) {
  warnings_ << "index: warning: " << shown(path) << ": skipped: " << for_terminal(reason) << '\n';
  ++stats_.skipped[reason];
}

// Lists `path` in the journal of the next commit (ShardedDatabase::commit):
// its articles change before its record does.
void DatabaseWriter::touch(const std::string& path) {
  if (touched_.empty() || touched_.back() != path) touched_.push_back(path);
}

std::size_t DatabaseWriter::delete_articles_of(const std::string& path) {
  touch(path);
  return db_.remove_all_with(bounded_term(schema::kFilePrefix, path));
}

// Where an article with this key already is, if anywhere. Articles of new
// files almost never have one, and finding that out must not stop the
// parallel shard writers: keys added in this run are remembered (as
// hashes), and the database as it was before the run is asked once.
std::optional<Xapian::docid> DatabaseWriter::existing(const std::string& key) {
  std::uint64_t hash = XXH3_64bits(key.data(), key.size());
  bool maybe = keys_added_.insert(hash) || (!empty_at_start_ && db_.existed_before(bounded_term(schema::kIdPrefix, key)));
  if (!maybe) return std::nullopt;
  auto found = db_.documents_with(bounded_term(schema::kIdPrefix, key));
  if (found.empty()) return std::nullopt;
  return found.front().first;
}

DatabaseWriter::ArticlesBefore DatabaseWriter::articles_before(const std::string& path, bool indexed_before) {
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
bool DatabaseWriter::add_rest(const std::string& path, ArticleStream& rest, ArticlesBefore& before, std::size_t& articles) {
  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  while (builders_.size() < jobs) builders_.push_back(std::make_unique<WorkerState>(title_weight_, options_.stories.value_or(true)));
  bool failed = false;
  while (!rest.at_end() && !failed) {
    if (stop_requested()) return false;
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
          for (const auto& [kind, count] : built.passed_over) stats_.passed_over[kind] += count;
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
void DatabaseWriter::replace_articles(ArticlesBefore& before, std::vector<BuiltDocument> documents) {
  for (BuiltDocument& built : documents) {
    std::string key = built.document.get_value(schema::kKeySlot);
    auto old = before.find(std::hash<std::string>{}(key));
    if (old != before.end() && old->second.second == built.content_hash) {
      ++stats_.unchanged;
    } else {
      if (news_) stamp(built.document, run_);
      else if (kept_run_ > 0) stamp(built.document, kept_run_);
      if (old != before.end()) {
        write_over(old->second.first, built);
        ++stats_.updated;
      } else if (auto elsewhere = existing(key)) {  // the same id in another file: the newest wins
        write_over(*elsewhere, built);
        ++stats_.added;
      } else {
        stories_.assign(built.document, std::move(built.shingles), built.content_hash);
        stories_.note_written(db_.add(std::move(built.document), std::move(built.words)));
        ++stats_.added;
      }
      note_change(1);
    }
    if (old != before.end()) before.erase(old);
  }
}

// Replaces the article at `docid` by `built`, in the story it is now most like.
void DatabaseWriter::write_over(Xapian::docid docid, BuiltDocument& built) {
  stories_.assign(built.document, std::move(built.shingles), built.content_hash, docid);
  db_.replace(docid, built.document, built.words);
  stories_.note_written(docid);
}

// Removes the articles of a file that its new content no longer has.
void DatabaseWriter::remove_left(const ArticlesBefore& before) {
  for (const auto& [key, old] : before) {
    db_.remove(old.first);
    ++stats_.removed;
    note_change(1);
  }
}

// Xapian holds a batch in memory until it is committed: a batch of few
// but long articles, or of many in one file, is committed early, within a file if need be (the
// journal lists the file, see touch()).
void DatabaseWriter::note_text(std::size_t bytes) {
  pending_text_ += bytes;
  if (pending_text_ >= kMaxPendingTextBytes || stories_.noted() >= kMaxPendingStories) commit();
}

}  // namespace wadi
