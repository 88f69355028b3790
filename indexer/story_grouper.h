// Finding the story an article belongs to as it is written: the indexed
// article most like it (among those sharing an LSH band with it, see
// StorySignature), if its word 5-shingles are at least kStoryJaccard alike,
// lends it its story; else the article begins a story of its own. An
// article alike enough to articles of several stories joins them into one
// (the wire original indexed after two outlets' copies that differ too
// much from each other), so that the stories do not depend on the order
// in which articles come. Used by the writing thread only.
//
// The articles that share a band with a new one are found in memory among
// those this run wrote (a table of band keys, 12 bytes a band), and with
// Xapian's band terms among those indexed before the run: a lookup of ten
// terms in the committed shards costs an article more than its indexing
// does, so a first run of an archive makes none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "sharded_database.h"
#include "story_signature.h"

namespace wadi {

class StoryGrouper {
 public:
  explicit StoryGrouper(ShardedDatabase& db)
      : db_(db), commits_seen_(db.commit_count()), look_up_committed_(db.article_count_at_open() > 0) {}

  // Sets `document`'s story (schema::kStorySlot and its schema::kStoryPrefix
  // term): that of the article most like it, other than the one at `self`
  // (0 for a new article), among those committed and those noted since; else
  // `new_story`. `shingles`: of its body (none: no story).
  // REQUIRES: `document` has no story yet (as DocumentBuilder makes it).
  void assign(Xapian::Document& document, Shingles shingles, const std::string& new_story, Xapian::docid self = 0);

  // Notes that the document last assigned was written at `docid`: the
  // articles that follow before the next commit can join its story.
  void note_written(Xapian::docid docid);

  // How many articles were noted since the last commit: held in memory.
  std::size_t noted() const { return written_.size(); }

 private:
  struct Written {
    Xapian::docid docid = 0;
    std::string story;
    Shingles shingles;
    std::vector<std::uint64_t> bands;  // StorySignature::band_keys
  };
  // Band key -> the last article of this run with that band: open
  // addressing, keys stored plus one (0: empty).
  class BandTable {
   public:
    // Past this many keys (a run of a million articles), none is added.
    static constexpr std::size_t kMaxKeys = std::size_t{12} << 20;
    Xapian::docid find(std::uint64_t key) const;
    // False when full.
    bool insert(std::uint64_t key, Xapian::docid docid);

   private:
    std::size_t slot(std::uint64_t key) const;
    std::vector<std::uint64_t> keys_;
    std::vector<Xapian::docid> docids_;
    std::size_t size_ = 0;
  };
  // The stories alike enough, the best first.
  struct Best {
    double similarity = 0;
    std::string story;
    std::vector<std::string> others;
    void consider(double s, const std::string& candidate);
  };
  void forget_if_committed();
  // The story `story` was merged into, if it was, else itself.
  const std::string& current(const std::string& story) const;
  // Moves every article of `from` to `into`.
  void merge(const std::string& from, const std::string& into);
  // Gives every article of `story` schema::kSharedStoryTerm, once a run.
  void mark_shared(const std::string& story);
  void compare_written(const Written& article, Xapian::docid self, Best& best);
  void compare_committed(const Written& article, Xapian::docid self, Best& best);
  const Shingles& committed_shingles(Xapian::docid docid, const Xapian::Document& document);

  ShardedDatabase& db_;
  Analyzer analyzer_;  // reads the shingles of committed candidates from their stored body
  std::uint64_t commits_seen_;
  BandTable run_bands_;
  // The articles indexed before this run (or past a full run_bands_) are
  // found by their band terms.
  bool look_up_committed_;
  // The articles written since the last commit (the committed view does not
  // have them yet), and where each band term leads among them.
  std::vector<Written> written_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_band_;
  std::unordered_map<Xapian::docid, std::size_t> latest_;  // docid -> its last entry in written_
  Written assigned_;  // the last document assigned, docid unknown
  std::unordered_map<std::string, std::string> merged_;  // story -> the story it joined, in this run
  std::unordered_set<std::string> marked_;  // stories whose articles all have kSharedStoryTerm
  // Shingles of committed candidates, read from their bodies: an archive's
  // stock reports (results, prices) are candidates of each other again and
  // again. Forgotten past kCachedShingles shingles in all.
  std::unordered_map<Xapian::docid, Shingles> cached_;
  std::size_t cached_shingles_ = 0;
};

}  // namespace wadi
