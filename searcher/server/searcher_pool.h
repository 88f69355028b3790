// Searchers for the server's worker threads: a Xapian database object is not
// thread-safe, so each request leases one Searcher of its own.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "analysis/ranking_settings.h"
#include "searcher.h"

namespace wadi::server {

class SearcherPool {
 public:
  // Opens one searcher at once, so that a database that cannot be opened is
  // reported before the server listens (throws as Searcher's constructor).
  SearcherPool(std::filesystem::path db, RankingSettings ranking, double timeout_seconds);

  // A searcher for one request, given back when the lease ends.
  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher) : pool_(&pool), searcher_(std::move(searcher)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (searcher_) pool_->give_back(std::move(searcher_));
    }
    Searcher& operator*() const { return *searcher_; }
    Searcher* operator->() const { return searcher_.get(); }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  // An idle searcher, or a new one when every one is busy (there are never
  // more than requests served at once), refreshed to see the last commit of
  // `index`. Throws Xapian::Error when the database cannot be read.
  Lease lease();

 private:
  void give_back(std::unique_ptr<Searcher> searcher);

  const std::filesystem::path db_;
  const RankingSettings ranking_;
  const double timeout_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> idle_;
};

}  // namespace wadi::server
