#include "story_grouper.h"

#include <algorithm>

#include "analysis/schema.h"
#include "analysis/stored_article.h"

namespace wadi {
namespace {

// A band term that many articles share is boilerplate (a stock table, a
// standard notice): its posting list is read this far, no further.
constexpr std::size_t kPostingsPerBand = 64;
// The committed articles sharing the most bands are compared, this many.
constexpr std::size_t kCandidates = 16;
constexpr std::size_t kCachedShingles = 2'000'000;  // 16 MB

}  // namespace

void StoryGrouper::Best::consider(double s, const std::string& candidate) {
  if (s < kStoryJaccard || candidate.empty() || candidate == story) return;
  if (std::find(others.begin(), others.end(), candidate) != others.end()) {
    if (s <= similarity) return;
    others.erase(std::find(others.begin(), others.end(), candidate));
  }
  if (s > similarity) {
    if (!story.empty()) others.push_back(story);
    similarity = s;
    story = candidate;
  } else {
    others.push_back(candidate);
  }
}

void StoryGrouper::assign(Xapian::Document& document, Shingles shingles, const std::string& new_story, Xapian::docid self) {
  forget_if_committed();
  assigned_ = Written{};
  if (self) cached_.erase(self);  // its text changes
  if (shingles.empty()) return;
  Written article{0, {}, std::move(shingles), {}};
  article.bands = StorySignature(article.shingles).band_keys();
  Best best;
  compare_written(article, self, best);
  compare_committed(article, self, best);
  article.story = best.story.empty() ? new_story : best.story;
  for (const std::string& other : best.others)
    if (other != article.story) merge(other, article.story);
  document.add_value(schema::kStorySlot, article.story);
  document.add_boolean_term(schema::kStoryPrefix + article.story);
  if (!best.story.empty()) {
    mark_shared(article.story);
    document.add_boolean_term(schema::kSharedStoryTerm);
  }
  assigned_ = std::move(article);
}

void StoryGrouper::note_written(Xapian::docid docid) {
  forget_if_committed();
  if (assigned_.shingles.empty()) return;
  const std::size_t entry = written_.size();
  for (std::uint64_t band : assigned_.bands) {
    by_band_[band].push_back(entry);
    if (!run_bands_.insert(band, docid)) look_up_committed_ = true;
  }
  assigned_.docid = docid;
  written_.push_back(std::move(assigned_));
  assigned_ = Written{};
  latest_[docid] = entry;
}

const std::string& StoryGrouper::current(const std::string& story) const {
  const std::string* at = &story;
  for (auto found = merged_.find(*at); found != merged_.end(); found = merged_.find(*at)) at = &found->second;
  return *at;
}

// Rare (an article between stories): the articles of `from` are read and
// written again, waiting for the shard writers. Their text is unchanged, so
// the committed view keeps serving them as candidates, under merged_.
void StoryGrouper::merge(const std::string& from, const std::string& into) {
  merged_[from] = into;
  for (auto& [docid, document] : db_.documents_with(schema::kStoryPrefix + from)) {
    document.remove_term(schema::kStoryPrefix + from);
    document.add_boolean_term(schema::kStoryPrefix + into);
    document.add_value(schema::kStorySlot, into);
    document.add_boolean_term(schema::kSharedStoryTerm);
    db_.rewrite(docid, document);
  }
  for (Written& w : written_)
    if (w.story == from) w.story = into;
}

// Rare too: a story's second article, or the first joining it in a run.
void StoryGrouper::mark_shared(const std::string& story) {
  if (!marked_.insert(story).second) return;
  const std::string shared = schema::kSharedStoryTerm;
  for (auto& [docid, document] : db_.documents_with(schema::kStoryPrefix + story)) {
    if (document.termlist_begin() != document.termlist_end()) {
      auto it = document.termlist_begin();
      it.skip_to(shared);
      if (it != document.termlist_end() && *it == shared) continue;
    }
    document.add_boolean_term(shared);
    db_.rewrite(docid, document);
  }
}

// Once committed, the articles written are in the committed view.
void StoryGrouper::forget_if_committed() {
  if (db_.commit_count() == commits_seen_) return;
  commits_seen_ = db_.commit_count();
  written_.clear();
  by_band_.clear();
  latest_.clear();
}

void StoryGrouper::compare_written(const Written& article, Xapian::docid self, Best& best) {
  std::vector<std::size_t> compared;
  for (std::uint64_t band : article.bands) {
    auto found = by_band_.find(band);
    if (found == by_band_.end()) continue;
    for (std::size_t entry : found->second) {
      const Written& other = written_[entry];
      if (other.docid == self || latest_[other.docid] != entry ||
          db_.change_since_commit(other.docid) == ShardedDatabase::Change::kRemoved)
        continue;
      if (std::find(compared.begin(), compared.end(), entry) != compared.end()) continue;
      compared.push_back(entry);
      best.consider(jaccard(article.shingles, other.shingles), current(other.story));
    }
  }
}

void StoryGrouper::compare_committed(const Written& article, Xapian::docid self, Best& best) {
  const Xapian::Database& committed = db_.committed();
  std::unordered_map<Xapian::docid, unsigned> shared;  // candidate -> bands in common
  std::vector<Xapian::docid> here;
  for (std::uint64_t band : article.bands) {
    here.clear();
    if (Xapian::docid docid = run_bands_.find(band)) here.push_back(docid);
    if (look_up_committed_) {
      const std::string term = band_term(band);
      std::size_t read = 0;
      for (auto it = committed.postlist_begin(term); it != committed.postlist_end(term) && read < kPostingsPerBand; ++it, ++read)
        here.push_back(*it);
    }
    std::sort(here.begin(), here.end());
    here.erase(std::unique(here.begin(), here.end()), here.end());
    // Those written since the commit were compared by compare_written.
    for (Xapian::docid docid : here)
      if (docid != self && !latest_.count(docid) && db_.change_since_commit(docid) == ShardedDatabase::Change::kNone)
        ++shared[docid];
  }
  std::vector<std::pair<unsigned, Xapian::docid>> ranked;
  for (const auto& [docid, count] : shared) ranked.emplace_back(count, docid);
  // Most bands in common first; among equals the oldest, so that the result
  // does not depend on the hash map's order.
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (ranked.size() > kCandidates) ranked.resize(kCandidates);
  for (const auto& [count, docid] : ranked) {
    Xapian::Document candidate;
    try {
      candidate = committed.get_document(docid);
    } catch (const Xapian::DocNotFoundError&) {
      continue;  // removed by an earlier commit of this run: run_bands_ still names it
    }
    const std::string story = current(candidate.get_value(schema::kStorySlot));
    if (story.empty() || story == best.story) continue;
    best.consider(jaccard(article.shingles, committed_shingles(docid, candidate)), story);
  }
}

std::size_t StoryGrouper::BandTable::slot(std::uint64_t key) const {
  return static_cast<std::size_t>((key + 1) * 0x9E3779B97F4A7C15ull >> 20) & (keys_.size() - 1);
}

Xapian::docid StoryGrouper::BandTable::find(std::uint64_t key) const {
  if (keys_.empty()) return 0;
  for (std::size_t i = slot(key);; i = (i + 1) & (keys_.size() - 1)) {
    if (keys_[i] == key + 1) return docids_[i];
    if (keys_[i] == 0) return 0;
  }
}

bool StoryGrouper::BandTable::insert(std::uint64_t key, Xapian::docid docid) {
  if (2 * (size_ + 1) > keys_.size()) {  // at most half full
    if (size_ >= kMaxKeys) return false;
    std::vector<std::uint64_t> keys = std::move(keys_);
    std::vector<Xapian::docid> docids = std::move(docids_);
    keys_.assign(std::max<std::size_t>(1024, 2 * keys.size()), 0);
    docids_.assign(keys_.size(), 0);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == 0) continue;
      std::size_t j = slot(keys[i] - 1);
      while (keys_[j] != 0) j = (j + 1) & (keys_.size() - 1);
      keys_[j] = keys[i];
      docids_[j] = docids[i];
    }
  }
  std::size_t i = slot(key);
  while (keys_[i] != 0 && keys_[i] != key + 1) i = (i + 1) & (keys_.size() - 1);
  if (keys_[i] == 0) ++size_;
  keys_[i] = key + 1;
  docids_[i] = docid;
  return true;
}

// Its shingles, from the body as stored: as the builder tokenized it. A
// committed article changes only by being replaced, and then is no candidate.
const Shingles& StoryGrouper::committed_shingles(Xapian::docid docid, const Xapian::Document& document) {
  if (auto found = cached_.find(docid); found != cached_.end()) return found->second;
  if (cached_shingles_ > kCachedShingles) {
    cached_.clear();
    cached_shingles_ = 0;
  }
  Shingles& shingles = cached_[docid];
  shingles = shingles_of(analyzer_.tokenize(schema::decode_article(document.get_data()).body));
  cached_shingles_ += shingles.size() + 4;
  return shingles;
}

}  // namespace wadi
