// What the database remembers of each corpus file, so that a re-run costs a
// stat per unchanged file. Records live in the database's user metadata and
// are committed in the same transaction as the file's articles.
//
// Besides the records ("F" + path), the catalog keeps, by content hash, the
// file indexed with those bytes (its owner, "H" + hash) and the files
// recorded as its duplicates ("D" + hash + path), so that a copy can take
// over when its owner goes, wherever the copy lies; and the corpus roots
// runs were given ("R" + root), so that a file's source does not depend on
// which path a later run names. Paths are raw bytes: any name the file
// system allows, valid UTF-8 or not, tabs and newlines included.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

namespace wadi {

struct FileRecord {
  enum class Status { kIndexed, kDuplicate, kSkipped };
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string content_hash;  // hex XXH3-64 of the file's bytes
  Status status = Status::kIndexed;
  std::uint32_t articles = 0;  // articles indexed from it
  std::string detail;          // kDuplicate: the file it duplicates; kSkipped: the reason
  std::string root;            // the corpus folder its source was taken below ("" if not known)
};

// Thread-compatible: used by the writer thread only.
class FileCatalog {
 public:
  explicit FileCatalog(Xapian::WritableDatabase& db) : db_(db) {}

  std::optional<FileRecord> find(const std::string& path) const;
  // Stores the record and keeps the owner and duplicate entries in step:
  // a file that stops owning its old bytes (edited, skipped) leaves them
  // orphaned (see take_orphans()).
  void store(const std::string& path, const FileRecord& record);
  void erase(const std::string& path);

  // The records of every file equal to one of `scopes` or below it, by
  // path: one pass over the catalog, which a re-run compares with the
  // listing both ways (files gone, files changed). "/" gives every record.
  std::unordered_map<std::string, FileRecord> records_under(const std::vector<std::string>& scopes) const;

  // The indexed file whose bytes hash to `hash`, if any.
  std::optional<std::string> owner_of(const std::string& hash) const;
  // The files recorded as duplicates of the bytes hashing to `hash`.
  std::vector<std::string> duplicates_of(const std::string& hash) const;
  // Forgets that `path` was recorded as a duplicate of `hash`.
  void drop_duplicate(const std::string& hash, const std::string& path);
  // The hashes whose owner went (erased, edited or skipped) since the last
  // call, for their duplicates to take over.
  std::vector<std::string> take_orphans();

  // The corpus roots of earlier runs, and remembering one more.
  std::vector<std::string> roots() const;
  void remember_root(const std::string& root);

 private:
  // Undoes what `old`, the record of `path`, put in the owner and duplicate entries.
  void forget(const std::string& path, const FileRecord& old);

  Xapian::WritableDatabase& db_;
  std::unordered_set<std::string> orphans_;
};

// The database key of a file: "F" + path, with long paths cut and completed
// by a hash so that the key fits Xapian's limit while keeping prefix order.
std::string file_record_key(const std::string& path);

// `path` in valid UTF-8, decodable back to its bytes: each byte that is not
// part of valid UTF-8, and each backslash, as "\xNN"; with `controls`, the
// control characters too, so that a name cannot break a one-line message
// or steer a terminal.
std::string escaped_path(std::string_view path, bool controls);

// A 64-bit hash (XXH3 of a file's bytes, of an article's stored data) as
// the 16 hex digits the catalog records.
std::string hex64(std::uint64_t v);

// A term for `prefix` + `text` that fits Xapian's term length limit.
std::string bounded_term(const char* prefix, const std::string& text);

}  // namespace wadi
