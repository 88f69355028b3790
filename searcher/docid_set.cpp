#include "docid_set.h"

#include <algorithm>

namespace wadi {
namespace {

std::vector<std::string> split_uuids(const std::string& joined) {
  std::vector<std::string> uuids;
  std::size_t start = 0;
  for (std::size_t colon; (colon = joined.find(':', start)) != std::string::npos; start = colon + 1)
    uuids.push_back(joined.substr(start, colon - start));
  uuids.push_back(joined.substr(start));
  return uuids;
}

std::vector<Xapian::docid> sorted_unique(std::vector<Xapian::docid> docids) {
  std::sort(docids.begin(), docids.end());
  docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
  return docids;
}

}  // namespace

DocidSet::DocidSet(std::vector<Xapian::docid> docids, const Xapian::Database& database)
    : DocidSet(sorted_unique(std::move(docids)), split_uuids(database.get_uuid())) {}

DocidSet::DocidSet(std::vector<Xapian::docid> sorted_global, std::vector<std::string> shard_uuids)
    : global_(std::move(sorted_global)), shard_uuids_(std::move(shard_uuids)) {}

Xapian::Query DocidSet::query(std::vector<Xapian::docid> docids, const Xapian::Database& database) {
  return Xapian::Query((new DocidSet(std::move(docids), database))->release());
}

void DocidSet::init(const Xapian::Database& shard) {
  const auto shards = static_cast<Xapian::docid>(shard_uuids_.size());
  auto found = std::find(shard_uuids_.begin(), shard_uuids_.end(), shard.get_uuid());
  if (shards > 1 && found == shard_uuids_.end())
    throw Xapian::InvalidArgumentError("DocidSet: searched on a database it was not made for");
  const auto index = static_cast<Xapian::docid>(found - shard_uuids_.begin());
  local_.clear();
  for (Xapian::docid global : global_)
    if (shards <= 1) local_.push_back(global);
    else if ((global - 1) % shards == index) local_.push_back((global - 1) / shards + 1);
  position_ = 0;
  started_ = false;
}

void DocidSet::next(double) {
  if (started_) ++position_;
  started_ = true;
}

void DocidSet::skip_to(Xapian::docid did, double) {
  auto from = local_.begin() + static_cast<std::ptrdiff_t>(started_ ? position_ : 0);
  position_ = static_cast<std::size_t>(std::lower_bound(from, local_.end(), did) - local_.begin());
  started_ = true;
}

std::string DocidSet::get_description() const {
  return "DocidSet(" + std::to_string(global_.size()) + " articles)";
}

}  // namespace wadi
