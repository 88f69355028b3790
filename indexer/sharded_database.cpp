#include "sharded_database.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include <fcntl.h>
#include <unistd.h>

#include <xxhash.h>

#include "analysis/schema.h"
#include "analysis/stub_file.h"
#include "writable_database.h"

namespace fs = std::filesystem;

namespace wadi {

// Applies the adds routed to one shard, in order, on a thread of its own.
class ShardWriter {
 public:
  explicit ShardWriter(Xapian::WritableDatabase shard) : shard_(std::move(shard)), thread_([this] { run(); }) {}

  ~ShardWriter() {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  void add(Xapian::docid local, Xapian::Document document) {
    std::unique_lock lock(mutex_);
    // A bounded queue keeps memory flat when analysis outruns writing.
    idle_.wait(lock, [&] { return queue_.size() < 512 || failure_; });
    queue_.emplace_back(local, std::move(document));
    wake_.notify_all();
  }

  // Waits until every queued add is applied; rethrows what failed.
  void wait() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || failure_; });
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return quit_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto [local, document] = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      try {
        shard_.replace_document(local, document);  // a new docid: an add at exactly that docid
      } catch (...) {
        lock.lock();
        failure_ = std::current_exception();
        busy_ = false;
        queue_.clear();
        idle_.notify_all();
        continue;
      }
      lock.lock();
      busy_ = false;
      idle_.notify_all();
    }
  }

  Xapian::WritableDatabase shard_;
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<std::pair<Xapian::docid, Xapian::Document>> queue_;
  bool busy_ = false;
  bool quit_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts once the members above exist
};

namespace {

constexpr const char* kStubFile = "XAPIANDB";
constexpr const char* kCatalog = "catalog";
constexpr const char* kJournal = "unfinished";  // see ShardedDatabase::commit()

// Writes `text` to `path` durably (file and folder synced).
void write_durably(const fs::path& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(fd) != 0) {
    int error = errno;
    if (fd >= 0) ::close(fd);
    throw fs::filesystem_error("cannot write", path, std::error_code(error, std::generic_category()));
  }
  ::close(fd);
  if (int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// The paths a journal lists, NUL-separated.
std::vector<std::string> read_journal(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> paths;
  for (std::string p; std::getline(in, p, '\0');)
    if (!p.empty()) paths.push_back(std::move(p));
  return paths;
}

// The shard folders the database's stub lists. A run writes only shards of
// its own, listed by name (`auto shardK`): anything else in the stub (another
// folder, a remote, a stub, a program to run) is refused.
std::vector<std::string> shard_names(const fs::path& folder) {
  std::vector<std::string> names;
  for (const StubEntry& entry : read_stub(folder / kStubFile)) {
    const std::string& name = entry.listed;
    if (entry.kind != StubEntry::Kind::kLocal || name == "." || name == ".." || name.find('/') != std::string::npos)
      throw StubError(entry.stub.string() + ":" + std::to_string(entry.line) +
                      ": not a shard of this database: index writes only the shard folders its stub lists by name (auto shardK)");
    names.push_back(name);
  }
  return names;
}

// Replaces the stub in one rename, durably.
void write_stub(const fs::path& folder, const std::vector<std::string>& names) {
  const fs::path temporary = folder / (std::string(kStubFile) + ".tmp");
  {
    std::string stub;
    for (const std::string& name : names) stub += "auto " + name + '\n';
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::write(fd, stub.data(), stub.size()) != static_cast<ssize_t>(stub.size()) || ::fsync(fd) != 0) {
      int error = errno;
      if (fd >= 0) ::close(fd);
      throw fs::filesystem_error("cannot write the shard list", temporary, std::error_code(error, std::generic_category()));
    }
    ::close(fd);
  }
  fs::rename(temporary, folder / kStubFile);
  if (int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// "shard0" -> "shard0.1", "shard0.1" -> "shard0.2".
std::string next_generation(const std::string& name) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return name + ".1";
  return name.substr(0, dot) + "." + std::to_string(std::stoul(name.substr(dot + 1)) + 1);
}

// Whether `name` is one wadi gives a shard: "shard" + number, and a
// compacted generation "." + number.
bool is_shard_name(const std::string& name) {
  auto digits = [&](std::size_t from, std::size_t to) {
    return to > from && std::all_of(name.begin() + from, name.begin() + to, [](char c) { return c >= '0' && c <= '9'; });
  };
  if (name.rfind("shard", 0) != 0) return false;
  std::size_t dot = name.find('.');
  if (dot == std::string::npos) return digits(5, name.size());
  return digits(5, dot) && digits(dot + 1, name.size());
}

// Shard folders the stub does not list: left by a run that stopped while
// compacting (the new ones, or the old ones not yet deleted). Only names
// wadi makes: whatever else a user keeps there stays.
void remove_unlisted_shards(const fs::path& folder, const std::vector<std::string>& listed) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_shard_name(name) && entry.is_directory(ec) && !entry.is_symlink(ec) &&
        std::find(listed.begin(), listed.end(), name) == listed.end())
      fs::remove_all(entry.path(), ec);
  }
}

// Whether `folder` (with no stub) holds only what a creation of ours killed
// in place leaves: shard folders, the catalog, the stub being written. If so
// they are removed; anything else means the folder is not ours.
bool clear_creation_leftovers(const fs::path& folder) {
  std::vector<fs::path> leftovers;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    bool folder_of_ours = (is_shard_name(name) || name == kCatalog) && entry.is_directory(ec) && !entry.is_symlink(ec);
    if (!folder_of_ours && name != std::string(kStubFile) + ".tmp") return false;
    leftovers.push_back(entry.path());
  }
  if (ec) return false;
  for (const fs::path& leftover : leftovers) fs::remove_all(leftover);
  return true;
}

// Lays out an empty database in `folder`; the stub comes last, so that a
// folder without one holds no database of ours.
void build_sharded(const fs::path& folder, unsigned shards) {
  std::vector<std::string> names;
  for (unsigned k = 0; k < shards; ++k) {
    names.push_back("shard" + std::to_string(k));
    Xapian::WritableDatabase shard((folder / names.back()).string(), Xapian::DB_CREATE);
    shard.set_metadata(schema::kWholeWordsKey, "1");
    shard.commit();
  }
  Xapian::WritableDatabase catalog((folder / kCatalog).string(), Xapian::DB_CREATE);
  catalog.set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
  catalog.commit();
  write_stub(folder, names);
}

// Built in a staging folder and renamed into place, so that a run killed
// while creating leaves no half-made database; in place only when the parent
// folder is not writable (an empty database folder given to us).
void create_sharded(const fs::path& path, unsigned shards) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  if (create_folder_by_rename(path, [&](const fs::path& staging) { build_sharded(staging, shards); })) return;
  if (fs::exists(path / kStubFile)) return;  // another run created it first
  fs::create_directories(path);
  build_sharded(path, shards);
}

}  // namespace

std::optional<fs::path> catalog_location(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path / "iamglass", ec)) return path;
  if (fs::exists(path / kStubFile, ec) && fs::is_directory(path / kCatalog, ec)) return path / kCatalog;
  return std::nullopt;
}

std::uint64_t recorded_run(const Xapian::Database& catalog) {
  const std::string recorded = catalog.get_metadata(schema::kRunKey);
  return recorded.empty() ? 0 : std::stoull(recorded);
}

ShardedDatabase::ShardedDatabase(const fs::path& given, unsigned new_shards) {
  fs::path path = given.lexically_normal();
  if (!path.has_filename() && path.has_parent_path()) path = path.parent_path();
  std::error_code ec;
  bool plain = fs::exists(path / "iamglass", ec);
  if (!plain && !fs::exists(path / kStubFile, ec)) {
    if (fs::is_directory(path, ec) && !fs::is_empty(path, ec) && !clear_creation_leftovers(path)) {
      throw std::runtime_error(path.string() +
                               ": not a wadi database and not empty: refusing to write there (give --db an empty or new folder)");
    } else {
      create_sharded(path, std::max(1u, new_shards));
    }
  }
  std::vector<fs::path> paths;
  if (plain) {
    // Locks before anything else is read, so a second run fails at once.
    shards_.push_back(open_writable_database(path));
    catalog_ = shards_.front();
    catalog_is_shard_ = true;
    paths.push_back(path);
  } else {
    // The catalog is locked first: it is what a second run would need.
    catalog_ = Xapian::WritableDatabase((path / kCatalog).string(), Xapian::DB_OPEN);
    folder_ = path;
    shard_names_ = shard_names(path);
    for (const std::string& name : shard_names_) paths.push_back(path / name);
    // Glass only: a shard folder holding a stub instead is an error, not a stub to follow.
    for (const fs::path& shard : paths) shards_.emplace_back(shard.string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    if (shards_.empty()) throw Xapian::DatabaseCorruptError(path.string() + "/" + kStubFile + " lists no shards");
    remove_unlisted_shards(path, shard_names_);  // we hold the catalog: no other run is compacting
    unfinished_ = read_journal(path / kJournal);
  }
  const Xapian::docid n = static_cast<Xapian::docid>(shards_.size());
  for (Xapian::docid k = 0; k < n; ++k)
    if (Xapian::docid last = shards_[k].get_lastdocid(); last > 0) last_docid_ = std::max(last_docid_, (last - 1) * n + k + 1);
  for (std::size_t k = 0; k < shards_.size(); ++k) {
    count_at_open_ += shards_[k].get_doccount();
    committed_.add_database(Xapian::Database(paths[k].string(), Xapian::DB_BACKEND_GLASS));  // its own reader, safe beside the writers
  }
  if (shards_.size() > 1)
    for (const auto& shard : shards_) writers_.push_back(std::make_unique<ShardWriter>(shard));
  // The catalog's changes stay in a transaction until commit(): if a shard
  // fails to commit, closing the catalog then drops them, where a plain
  // WritableDatabase's destructor would commit records of lost articles.
  catalog_.begin_transaction();
}

bool ShardedDatabase::existed_before(const std::string& term) {
  try {
    return committed_.term_exists(term);
  } catch (const Xapian::DatabaseModifiedError&) {
    committed_.reopen();
    return committed_.term_exists(term);
  }
}

ShardedDatabase::~ShardedDatabase() = default;

const Xapian::Database& ShardedDatabase::committed() { return committed_; }

ShardedDatabase::Change ShardedDatabase::change_since_commit(Xapian::docid docid) const {
  auto found = changes_.find(docid);
  return found == changes_.end() ? Change::kNone : found->second;
}

std::pair<unsigned, Xapian::docid> ShardedDatabase::locate(Xapian::docid global) const {
  const Xapian::docid n = static_cast<Xapian::docid>(shards_.size());
  return {static_cast<unsigned>((global - 1) % n), (global - 1) / n + 1};
}

Xapian::docid ShardedDatabase::add(Xapian::Document document, std::vector<schema::StemmedWord> words) {
  Xapian::docid global = ++last_docid_;
  auto [shard, local] = locate(global);
  add_vocabulary(words);
  if (writers_.empty()) shards_[shard].replace_document(local, document);
  else writers_[shard]->add(local, std::move(document));
  return global;
}

void ShardedDatabase::wait_for_writers() {
  for (auto& writer : writers_) writer->wait();
}

std::vector<std::pair<Xapian::docid, Xapian::Document>> ShardedDatabase::documents_with(const std::string& term) {
  wait_for_writers();
  std::vector<std::pair<Xapian::docid, Xapian::Document>> found;
  const Xapian::docid n = static_cast<Xapian::docid>(shards_.size());
  for (Xapian::docid k = 0; k < n; ++k)
    for (auto it = shards_[k].postlist_begin(term); it != shards_[k].postlist_end(term); ++it)
      found.emplace_back((*it - 1) * n + k + 1, shards_[k].get_document(*it));
  return found;
}

void ShardedDatabase::visit_documents_with(const std::string& term,
                                           const std::function<void(Xapian::docid, const Xapian::Document&)>& visit) {
  wait_for_writers();
  const Xapian::docid n = static_cast<Xapian::docid>(shards_.size());
  for (Xapian::docid k = 0; k < n; ++k)
    for (auto it = shards_[k].postlist_begin(term); it != shards_[k].postlist_end(term); ++it)
      visit((*it - 1) * n + k + 1, shards_[k].get_document(*it));
}

bool ShardedDatabase::term_exists(const std::string& term) {
  wait_for_writers();
  for (auto& shard : shards_)
    if (shard.term_exists(term)) return true;
  return false;
}

void ShardedDatabase::replace(Xapian::docid docid, const Xapian::Document& document,
                              const std::vector<schema::StemmedWord>& words) {
  wait_for_writers();
  add_vocabulary(words);
  auto [shard, local] = locate(docid);
  shards_[shard].replace_document(local, document);
  changes_[docid] = Change::kReplaced;
}

void ShardedDatabase::rewrite(Xapian::docid docid, const Xapian::Document& document) {
  wait_for_writers();
  auto [shard, local] = locate(docid);
  shards_[shard].replace_document(local, document);
}

void ShardedDatabase::remove(Xapian::docid docid) {
  wait_for_writers();
  auto [shard, local] = locate(docid);
  shards_[shard].delete_document(local);
  changes_[docid] = Change::kRemoved;
}

std::size_t ShardedDatabase::remove_all_with(const std::string& term) {
  wait_for_writers();
  std::size_t count = 0;
  const Xapian::docid n = static_cast<Xapian::docid>(shards_.size());
  for (Xapian::docid k = 0; k < n; ++k) {
    Xapian::WritableDatabase& shard = shards_[k];
    std::size_t here = 0;
    for (auto it = shard.postlist_begin(term); it != shard.postlist_end(term); ++it, ++here)
      changes_[(*it - 1) * n + k + 1] = Change::kRemoved;
    if (here) shard.delete_document(term);
    count += here;
  }
  return count;
}

void ShardedDatabase::record_length_spread() {
  wait_for_writers();  // the lengths of the articles still queued count too
  constexpr Xapian::docid kSample = 20000;
  const Xapian::docid per_shard = std::max<Xapian::docid>(1, kSample / static_cast<Xapian::docid>(shards_.size()));
  double n = 0, sum = 0, squares = 0;
  for (auto& shard : shards_) {
    const Xapian::docid last = shard.get_lastdocid();
    const Xapian::docid step = std::max<Xapian::docid>(1, last / per_shard);
    for (Xapian::docid did = 1; did <= last; did += step) {
      try {
        const double length = shard.get_doclength(did);
        n += 1;
        sum += length;
        squares += length * length;
      } catch (const Xapian::DocNotFoundError&) {
        // removed since: not in the sample
      }
    }
  }
  std::string value;
  if (n >= 2 && sum > 0) {
    const double mean = sum / n;
    char text[64];
    std::snprintf(text, sizeof text, "%.17g %.17g", mean, std::sqrt(std::max(0.0, squares / n - mean * mean)));
    value = text;
  }
  for (auto& shard : shards_) shard.set_metadata(schema::kLengthSpreadKey, value);
}

void ShardedDatabase::add_vocabulary(const std::vector<schema::StemmedWord>& words) {
  std::string key;
  for (const schema::StemmedWord& entry : words) {
    key.assign(entry.first);
    key += '\0';
    key += entry.second;
    if (vocabulary_known_.insert(XXH3_64bits(key.data(), key.size())).second) vocabulary_pending_.push_back(entry);
  }
}

void ShardedDatabase::write_vocabulary(Xapian::WritableDatabase& shard) const {
  // Sorted by stem, each entry of the table is read and written once.
  for (const auto& [stem, word] : vocabulary_pending_) shard.add_synonym(stem, word);
}

void ShardedDatabase::commit(const std::vector<std::string>& touched) {
  wait_for_writers();
  const bool journal = !catalog_is_shard_ && !touched.empty();
  if (journal) {
    std::string paths;
    for (const std::string& path : touched) paths += path + '\0';
    write_durably(folder_ / kJournal, paths);
  }
  // Every shard gets the whole batch's vocabulary in the commit that holds
  // the batch's articles: whichever shards a crash leaves committed, each
  // lists the words of its own articles.
  std::sort(vocabulary_pending_.begin(), vocabulary_pending_.end());
  if (catalog_is_shard_) write_vocabulary(shards_[0]);
  // Explicit commits, so that an error reaches the user instead of being
  // swallowed by a destructor. The shards commit in parallel, the catalog last.
  std::vector<std::thread> committers;
  std::vector<std::exception_ptr> failures(shards_.size());
  for (std::size_t k = catalog_is_shard_ ? 1 : 0; k < shards_.size(); ++k)
    committers.emplace_back([&, k] {
      try {
        write_vocabulary(shards_[k]);
        shards_[k].commit();
      } catch (...) {
        failures[k] = std::current_exception();
      }
    });
  for (auto& t : committers) t.join();
  for (auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
  vocabulary_pending_.clear();
  committed_.reopen();
  changes_.clear();
  ++commits_;
  catalog_.commit_transaction();
  catalog_.begin_transaction();
  if (journal || !unfinished_.empty()) {
    std::error_code ignored;  // a journal left behind costs the next run a look-up per path, no more
    fs::remove(folder_ / kJournal, ignored);
    unfinished_.clear();
  }
}

bool ShardedDatabase::compact() {
  if (catalog_is_shard_) return false;
  wait_for_writers();
  writers_.clear();
  committed_ = Xapian::Database();
  for (auto& shard : shards_) shard.close();  // committed; the catalog's lock keeps other runs out
  shards_.clear();
  std::vector<std::string> compacted(shard_names_.size());
  std::vector<std::thread> compactors;
  std::vector<std::exception_ptr> failures(shard_names_.size());
  for (std::size_t k = 0; k < shard_names_.size(); ++k)
    compactors.emplace_back([&, k] {
      try {
        compacted[k] = next_generation(shard_names_[k]);
        fs::remove_all(folder_ / compacted[k]);
        Xapian::Database((folder_ / shard_names_[k]).string())
            .compact((folder_ / compacted[k]).string(), Xapian::DBCOMPACT_NO_RENUMBER);
      } catch (...) {
        failures[k] = std::current_exception();
      }
    });
  for (auto& t : compactors) t.join();
  for (auto& failure : failures)
    if (failure) std::rethrow_exception(failure);  // the stub still lists the old shards
  write_stub(folder_, compacted);
  std::error_code ignored;
  for (const std::string& name : shard_names_) fs::remove_all(folder_ / name, ignored);
  shard_names_ = compacted;
  return true;
}

}  // namespace wadi
