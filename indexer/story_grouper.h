// Finding the story an article belongs to as it is written: the indexed
// article most like it (among those sharing an LSH band with it, see
// StorySignature), if its word 5-shingles are at least kStoryJaccard alike,
// lends it its story; else the article begins a story of its own. An
// article alike enough to articles of several stories joins them into one
// (the wire original indexed after two outlets' copies that differ too
// much from each other), so that the stories do not depend on the order
// in which articles come. Used by the writing thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "sharded_database.h"
#include "story_signature.h"

namespace wadi {

class StoryGrouper {
 public:
  explicit StoryGrouper(ShardedDatabase& db) : db_(db), commits_seen_(db.commit_count()) {}

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
    std::vector<std::string> bands;
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
  void compare_written(const Written& article, Xapian::docid self, Best& best);
  void compare_committed(const Written& article, Xapian::docid self, Best& best);
  const Shingles& committed_shingles(Xapian::docid docid, const Xapian::Document& document);

  ShardedDatabase& db_;
  Analyzer analyzer_;  // reads the shingles of committed candidates from their stored body
  std::uint64_t commits_seen_;
  // The articles written since the last commit (the committed view does not
  // have them yet), and where each band term leads among them.
  std::vector<Written> written_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_band_;
  std::unordered_map<Xapian::docid, std::size_t> latest_;  // docid -> its last entry in written_
  Written assigned_;  // the last document assigned, docid unknown
  std::unordered_map<std::string, std::string> merged_;  // story -> the story it joined, in this run
  // Shingles of committed candidates, read from their bodies: an archive's
  // stock reports (results, prices) are candidates of each other again and
  // again. Forgotten past kCachedShingles shingles in all.
  std::unordered_map<Xapian::docid, Shingles> cached_;
  std::size_t cached_shingles_ = 0;
};

}  // namespace wadi
