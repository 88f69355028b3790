// Applying analysed files to the database in corpus order: each file's
// articles added, replaced or removed (JSON Lines files compared article by
// article), its record in the catalog, commits in batches, files gone
// removed, moved or replaced by a duplicate. Used by the calling thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <xapian.h>

#include "article_stream.h"
#include "corpus_indexer.h"
#include "corpus_walker.h"
#include "document_builder.h"
#include "file_analysis.h"
#include "file_catalog.h"
#include "key_filter.h"
#include "sharded_database.h"
#include "story_grouper.h"

namespace wadi {

// The shortest of `roots` holding `path` (equal to it or a folder above),
// or "" when none does.
std::string outermost_root(const std::string& path, const std::vector<std::string>& roots);

// Files gone are removed last: a new file holding a gone file's bytes is
// that file moved, and takes its articles over in place of a remove and an
// add. When the file owning some bytes goes (removed, edited, skipped), a
// file recorded as its duplicate takes over, wherever it lies. Warnings go
// to `warnings`, one line each; the counts to `stats`.
class DatabaseWriter {
 public:
  DatabaseWriter(ShardedDatabase& db, const IndexOptions& options, Xapian::termcount title_weight, IndexStats& stats,
                 std::ostream& warnings)
      : db_(db),
        catalog_(db.catalog()),
        stories_(db),
        options_(options),
        title_weight_(title_weight),
        stats_(stats),
        warnings_(warnings) {}

  FileCatalog& catalog() { return catalog_; }

  // Drops the articles of the files a crash left without a record (see
  // ShardedDatabase::commit()); a file still there is indexed again.
  void drop_unrecorded(const std::vector<std::string>& files);

  // Notes the `recorded` files that the listing no longer has as gone,
  // except under folders that could not be read this time. A path that is
  // there but is no longer a regular file (a FIFO, a dangling link) is gone too.
  void note_missing(const CorpusListing& listing, const std::unordered_map<std::string, FileRecord>& recorded);

  // Notes every file of `recorded` that is no longer a regular file as gone.
  void note_gone_anywhere(const std::unordered_map<std::string, FileRecord>& recorded);

  // True when `file` needs no reading: same size and mtime as recorded, and
  // for a duplicate, its original is still indexed.
  bool unchanged(const CorpusFile& file, const std::optional<FileRecord>& record);

  // Writes what `work` made of `file` (recorded as `old`, if it was).
  void apply(const CorpusFile& file, const std::optional<FileRecord>& old, FileWork work);

  // Removes the articles of the files gone that no new file took over.
  // False when a stop was requested before all were removed.
  bool remove_gone();

  // The next file to index because the file owning its bytes went: a
  // duplicate of those bytes, wherever it lies, that is still there.
  // Duplicates whose file is gone are forgotten on the way.
  std::optional<std::pair<CorpusFile, FileRecord>> next_heir(const std::vector<std::string>& roots);

  // Commits when a batch is full. Called between files, never within one.
  void commit_if_due();

  void commit();

  // Records this run's number (schema::kRunKey) for the next commit when it
  // stamped articles: called once they are all written, so that a search
  // never takes a run under way for done.
  void record_run();

  // How many commits this writer has made.
  std::size_t commits() const { return commits_; }

 private:
  // Marks `doc` as added or changed by the index run `run` (schema::kRunPrefix, kRunSlot).
  void stamp(Xapian::Document& doc, std::uint64_t run);
  // The articles indexed from a file before, by a hash of their key: docid
  // and content hash. Small per article, for files of a million lines.
  using ArticlesBefore = std::unordered_map<std::size_t, std::pair<Xapian::docid, std::string>>;

  static std::int64_t mtime_of(const struct stat& st);
  static bool still_holds(const std::string& path, const struct stat& st, const FileRecord& record);
  void take_over(const std::string& from);
  void skip(const std::string& path, const std::string& reason);
  void touch(const std::string& path);
  std::size_t delete_articles_of(const std::string& path);
  std::optional<Xapian::docid> existing(const std::string& key);
  ArticlesBefore articles_before(const std::string& path, bool indexed_before);
  bool add_rest(const std::string& path, ArticleStream& rest, ArticlesBefore& before, std::size_t& articles);
  void replace_articles(ArticlesBefore& before, std::vector<BuiltDocument> documents);
  void write_over(Xapian::docid docid, BuiltDocument& built);
  void remove_left(const ArticlesBefore& before);
  void note_text(std::size_t bytes);
  // Counts changes towards the batch; the commit waits for commit_if_due(),
  // so that a file's articles and its record share a commit.
  void note_change(std::size_t n) { pending_ += n; }

  ShardedDatabase& db_;
  FileCatalog catalog_;
  StoryGrouper stories_;
  const IndexOptions& options_;
  const Xapian::termcount title_weight_;
  IndexStats& stats_;
  std::ostream& warnings_;
  const std::uint64_t run_ = recorded_run(db_.catalog()) + 1;
  std::size_t pending_ = 0;
  std::size_t commits_ = 0;
  std::size_t pending_text_ = 0;
  bool empty_at_start_ = db_.article_count_at_open() == 0;
  KeyFilter keys_added_;
  std::unordered_set<std::string> gone_;  // files whose articles go at the end, unless moved
  std::string moved_from_;                // set by take_over() for the file being applied
  // Whether the file being applied holds bytes no file had when indexed:
  // only then are its articles stamped with this run. A file moved keeps
  // the run its articles had (kept_run_); others get none, as if old.
  bool news_ = true;
  std::uint64_t kept_run_ = 0;
  std::vector<std::string> orphans_;      // hashes whose duplicates may take over
  std::vector<std::string> touched_;      // files whose articles changed since the last commit
  std::vector<std::unique_ptr<WorkerState>> builders_;  // for the parts of JSON Lines files after the first
};

}  // namespace wadi
