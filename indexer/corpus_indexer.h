// The indexing pipeline: list the corpus, read and analyse changed files on
// all cores, write them to the database in corpus order, commit in batches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <stdexcept>
#include <vector>

#include "article.h"
#include "analysis/ranking_settings.h"

namespace wadi {

// What a file waiting for its languages to be settled costs besides its
// articles' text: its work, its articles' other fields, its doubts.
inline constexpr std::size_t kWaitingFileBytes = 1024;

struct IndexOptions {
  std::filesystem::path database;
  unsigned jobs = 0;                  // analysis threads; 0: one per core
  // Commit after this many changed articles. Smaller batches keep Xapian's
  // in-memory batch small: on Reuters 1000 takes 7% less CPU and 25% less
  // peak RSS than 2000, and 5000 and 10000 more CPU still.
  std::size_t batch_articles = 1000;
  // Compact the shards at the end of the run (ShardedDatabase::compact).
  bool compact = false;
  // Compact them at the end of a first run (into an empty database) that
  // committed more than once: each commit after the first inserts into the
  // B-trees and leaves their blocks about half full (Reuters: 163 MB, 92
  // compacted, for 7% more CPU); one commit writes them full already.
  bool compact_first_run = true;
  // Files whose articles' languages are in doubt wait for the archive's main
  // language until they hold this many bytes (their articles' text, and
  // kWaitingFileBytes a file for the rest); then they are settled by the
  // main language of the articles written so far, in corpus order, and
  // written. A corpus whose doubtful files hold less is settled by the whole
  // run's language, as before; a larger one needs no more memory.
  std::size_t doubtful_bytes_waiting = 8u << 20;
  // `index --shard K/N`: only the files of shard K (1..N); 0/0 for all.
  unsigned shard = 0, shards = 0;
  bool progress = false;              // draw a progress bar on stderr
  bool verbose = false;               // name duplicates and each removed file
  bool prune = false;                 // also drop the articles of every file gone, under any path
  bool follow_links = false;          // read links to files outside the paths given
  // `index --date-from`: where to look for the date of an article that gives
  // none. Empty: as the database records, else text, path, mtime.
  DateOrder date_order;
  RankingSettings ranking;            // its title_weight, when given, must be the database's
  // `index --stories on|off`: group near-identical articles into stories.
  // Unset: as the database records, else on. Settled by CorpusIndexer::index.
  std::optional<bool> stories;
  std::function<void()> after_listing;  // for tests: runs once the corpus is listed, before any file is read
};

struct IndexStats {
  std::size_t added = 0;       // articles
  std::size_t updated = 0;
  std::size_t removed = 0;
  std::size_t moved = 0;       // articles whose file moved: now under its new path
  std::size_t unchanged = 0;
  std::size_t duplicates = 0;  // files whose bytes another indexed file already has
  std::map<std::string, std::size_t> skipped;  // reason -> files
  std::map<std::string, std::size_t> passed_over;  // kind -> parts of files that hold no article (a crawl's requests)
  std::size_t files = 0;       // article files seen
  double seconds = 0;
  bool interrupted = false;    // stopped by a signal; everything before was committed
  bool compacted = false;      // the shards were rewritten with full blocks
  // The number of this run (schema::kRunKey) when it added or changed
  // articles, stamped on them; 0 when it added and changed none.
  std::uint64_t run = 0;
};

// A run whose options or settings contradict those the database was built
// with (a usage error, exit code 2: the user asked for something the
// database cannot be).
class OptionConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Asks a running index() (or the next one) to stop after committing what is
// done; the run that stops answers the request. Async-signal-safe: meant to
// be called from a SIGINT/SIGTERM handler.
void request_stop() noexcept;
// Whether a stop was asked for and not yet answered by a run.
bool stop_requested() noexcept;

class CorpusIndexer {
 public:
  CorpusIndexer(IndexOptions options, std::ostream& warnings) : options_(std::move(options)), warnings_(warnings) {}

  // Brings the database in line with the files under `roots`: adds new
  // articles, re-indexes changed ones, removes those whose files under these
  // roots are gone (never those indexed from other roots), moves the
  // articles of a file gone (anywhere) whose bytes reappear at a new path,
  // and lets a duplicate (anywhere) take over from an original that went.
  // A root that no longer exists drops its articles, said in one line;
  // options.prune drops those of every file gone. Each skipped file gets
  // one warning line. The result is the same whatever options.jobs is.
  // Throws Xapian::DatabaseLockError when another index run holds the database,
  // std::filesystem::filesystem_error when a root does not exist and never
  // held articles, std::runtime_error when the database is not wadi's,
  // OptionConflict when options.date_order is not the database's, or when
  // options.ranking.title_weight was given and differs from the recorded one.
  IndexStats index(const std::vector<std::filesystem::path>& roots);

 private:
  IndexOptions options_;
  std::ostream& warnings_;
};

// "2 added, 0 updated, 0 removed, 0 unchanged, 0 duplicates, 0 skipped in 0.03 s (66 articles/s)"
std::string summary_line(const IndexStats& stats);

}  // namespace wadi
