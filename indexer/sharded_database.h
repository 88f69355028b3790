// The index as several Xapian shards written in parallel, plus a catalog.
//
// Layout of a database folder: XAPIANDB (a Xapian stub listing the shards, so
// that `search` and any Xapian tool open the folder as one database),
// shard0 … shardN-1, and catalog (a Xapian database holding only metadata:
// the file records and content hashes of the incremental runs).
//
// Documents are spread over the shards by docid exactly as Xapian interleaves
// the docids of a multi-shard database: global docid g lives in shard
// (g-1) % N as local docid (g-1) / N + 1. Giving every new article the next
// global docid therefore makes the database order — and so every ranking,
// tie and sort — the same as one single-shard writer would make, whatever N.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/schema.h"

namespace wadi {

class ShardWriter;

// The catalog of the database at `path` (a folder that `index` writes): its
// "catalog" folder, or the folder itself for a plain single-folder
// database; nullopt for anything else (a stub file, a remote database).
std::optional<std::filesystem::path> catalog_location(const std::filesystem::path& path);

// The number of the last index run that added or changed articles, as the
// catalog records it (schema::kRunKey); 0 before the first.
std::uint64_t recorded_run(const Xapian::Database& catalog);

class ShardedDatabase {
 public:
  // Opens the database at `path` for writing, creating it with `new_shards`
  // shards when there is none. A folder holding a plain Xapian database (as
  // older wadi versions made) is used as a single shard that is also the
  // catalog. Throws Xapian::DatabaseLockError when another run holds it,
  // std::runtime_error when `path` is a non-empty folder holding neither
  // (wadi never writes among files it did not make).
  ShardedDatabase(const std::filesystem::path& path, unsigned new_shards);
  ~ShardedDatabase();
  ShardedDatabase(const ShardedDatabase&) = delete;
  ShardedDatabase& operator=(const ShardedDatabase&) = delete;

  // Where file records live. Used by the calling thread only.
  Xapian::WritableDatabase& catalog() { return catalog_; }

  unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }

  // How many articles the database held when it was opened.
  Xapian::doccount article_count_at_open() const { return count_at_open_; }

  // Whether `term` was in the database as committed when it was opened (or
  // at a commit since). Does not wait for the shard writers.
  bool existed_before(const std::string& term);

  // The shards as last committed (or as opened), read-only, under the
  // global docids. Does not wait for the shard writers: what was written
  // since is not in it (see change_since_commit()).
  const Xapian::Database& committed();

  // What became of an article since the last commit, by this session.
  enum class Change { kNone, kReplaced, kRemoved };
  Change change_since_commit(Xapian::docid docid) const;
  // How many commits this session has made: what committed() shows changes with each.
  std::uint64_t commit_count() const { return commits_; }

  // Stores in every shard, for the next commit, the mean and deviation of
  // the articles' lengths (schema::kLengthSpreadKey), from up to 20,000 articles
  // spaced evenly over the docids: a bounded cost however large the archive.
  void record_length_spread();
  bool has_length_spread() const { return !shards_.front().get_metadata(schema::kLengthSpreadKey).empty(); }

  // Adds a new article under the next docid (with several shards, on that
  // shard's own thread), and `words` to every shard's vocabulary table at
  // the next commit. Returns the global docid.
  Xapian::docid add(Xapian::Document document, std::vector<schema::StemmedWord> words);

  // The articles indexed by `term`, with their global docids. Waits for the
  // pending adds first, like every call below.
  std::vector<std::pair<Xapian::docid, Xapian::Document>> documents_with(const std::string& term);
  // The same one at a time, for terms on too many articles to hold at once.
  void visit_documents_with(const std::string& term, const std::function<void(Xapian::docid, const Xapian::Document&)>& visit);
  bool term_exists(const std::string& term);
  void replace(Xapian::docid docid, const Xapian::Document& document, const std::vector<schema::StemmedWord>& words);
  void remove(Xapian::docid docid);
  // Replaces the article at `docid` by `document`, which has the same text
  // and only other boolean terms or values: committed() still reads its
  // text right (change_since_commit() says kNone).
  void rewrite(Xapian::docid docid, const Xapian::Document& document);
  // Removes every article indexed by `term`; returns how many there were.
  std::size_t remove_all_with(const std::string& term);

  // Makes everything so far durable: the shards first, then the catalog, so
  // that a crash in between can leave articles without their file record
  // but never a record without its articles. The files whose articles
  // changed since the last commit, `touched`, are written to a journal
  // first, removed once both are committed: a run after such a crash gets
  // them from unfinished_files(), to drop articles no record accounts for
  // (their file may have moved away since: they would be ghosts).
  void commit(const std::vector<std::string>& touched = {});

  // The files of a commit that a crash cut between the shards and the
  // catalog (see commit()), as the database was opened.
  const std::vector<std::string>& unfinished_files() const { return unfinished_; }

  // Rewrites every shard with full B-tree blocks (Xapian's compaction, docids
  // kept): the batches of a large run leave blocks about half full, so this
  // halves the database and the blocks a search reads. The compacted shards
  // are new folders (shardK.G); the stub switches to them in one rename and
  // the old ones are deleted, so a crash at any point leaves a database that
  // opens, and the next run deletes what is left over. Ends the session: no
  // call but destruction may follow. A plain (single-folder) database is
  // left as it is: returns whether the shards were compacted.
  bool compact();

 private:
  void wait_for_writers();
  // Queues the (stem, word) pairs this run has not queued before for every
  // shard's vocabulary table; commit() writes them.
  void add_vocabulary(const std::vector<schema::StemmedWord>& words);
  void write_vocabulary(Xapian::WritableDatabase& shard) const;
  std::pair<unsigned, Xapian::docid> locate(Xapian::docid global) const;

  std::filesystem::path folder_;
  std::vector<std::string> shard_names_;  // as the stub lists them
  std::vector<Xapian::WritableDatabase> shards_;
  Xapian::WritableDatabase catalog_;
  bool catalog_is_shard_ = false;  // a plain database: shard 0 is the catalog
  std::vector<std::unique_ptr<ShardWriter>> writers_;  // one per shard when there are several
  Xapian::docid last_docid_ = 0;
  Xapian::doccount count_at_open_ = 0;
  std::vector<schema::StemmedWord> vocabulary_pending_;
  std::unordered_set<std::uint64_t> vocabulary_known_;  // hashes of the pairs queued in this run
  Xapian::Database committed_;  // read-only view of the committed shards
  std::vector<std::string> unfinished_;
  std::unordered_map<Xapian::docid, Change> changes_;  // since the last commit
  std::uint64_t commits_ = 0;
};

}  // namespace wadi
