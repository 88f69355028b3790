// A query that matches a fixed set of articles, named by their docids in the
// database being searched: the rerank step of feedback restricts the final
// ranking to the first pass's best articles with it.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace wadi {

// Matches the given docids and weighs nothing. Xapian runs a clone of a
// posting source on each shard of a sharded database, with that shard's own
// docids (global docid = (local - 1) * shards + shard index + 1); each clone
// finds its shard by UUID, since a sharded database's UUID is its shards'
// UUIDs joined by ':' in shard order.
class DocidSet : public Xapian::PostingSource {
 public:
  // `docids` in any order, duplicates allowed; `database` is the one searched.
  DocidSet(std::vector<Xapian::docid> docids, const Xapian::Database& database);

  // Xapian::Query that matches the set (the query keeps the source alive).
  static Xapian::Query query(std::vector<Xapian::docid> docids, const Xapian::Database& database);

  void init(const Xapian::Database& shard) override;
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(local_.size()); }
  Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
  Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && position_ >= local_.size(); }
  Xapian::docid get_docid() const override { return local_[position_]; }
  Xapian::PostingSource* clone() const override { return new DocidSet(global_, shard_uuids_); }
  std::string get_description() const override;

 private:
  DocidSet(std::vector<Xapian::docid> sorted_global, std::vector<std::string> shard_uuids);

  std::vector<Xapian::docid> global_;     // sorted, unique
  std::vector<std::string> shard_uuids_;  // of the database searched, in shard order
  std::vector<Xapian::docid> local_;      // the shard's docids, sorted
  std::size_t position_ = 0;
  bool started_ = false;
};

}  // namespace wadi
