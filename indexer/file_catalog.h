// What the database remembers of each corpus file, so that a re-run costs a
// stat per unchanged file. Records live in the database's user metadata and
// are committed in the same transaction as the file's articles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
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
};

// Thread-compatible: used by the writer thread only.
class FileCatalog {
 public:
  explicit FileCatalog(Xapian::WritableDatabase& db) : db_(db) {}

  std::optional<FileRecord> find(const std::string& path) const;
  void store(const std::string& path, const FileRecord& record);
  void erase(const std::string& path);

  // The records of every file equal to one of `scopes` or below it, by
  // path: one pass over the catalog, which a re-run compares with the
  // listing both ways (files gone, files changed).
  std::unordered_map<std::string, FileRecord> records_under(const std::vector<std::string>& scopes) const;

  // The indexed file whose bytes hash to `hash`, if any.
  std::optional<std::string> owner_of(const std::string& hash) const;

 private:
  Xapian::WritableDatabase& db_;
};

// The database key of a file: "F" + path, with long paths cut and completed
// by a hash so that the key fits Xapian's limit while keeping prefix order.
std::string file_record_key(const std::string& path);

// A term for `prefix` + `text` that fits Xapian's term length limit.
std::string bounded_term(const char* prefix, const std::string& text);

}  // namespace wadi
