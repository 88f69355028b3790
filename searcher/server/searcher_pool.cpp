#include "searcher_pool.h"

#include <utility>

namespace wadi::server {

SearcherPool::SearcherPool(std::filesystem::path db, RankingSettings ranking, double timeout_seconds)
    : db_(std::move(db)), ranking_(std::move(ranking)), timeout_(timeout_seconds) {
  idle_.push_back(std::make_unique<Searcher>(db_, ranking_, timeout_));
}

SearcherPool::Lease SearcherPool::lease() {
  std::unique_ptr<Searcher> searcher;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      searcher = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!searcher) searcher = std::make_unique<Searcher>(db_, ranking_, timeout_);
  else searcher->refresh();
  return Lease(*this, std::move(searcher));
}

void SearcherPool::give_back(std::unique_ptr<Searcher> searcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(searcher));
}

}  // namespace wadi::server
