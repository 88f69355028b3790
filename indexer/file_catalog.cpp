#include "file_catalog.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include <unicode/utf8.h>
#include <xxhash.h>

#include "analysis/schema.h"

namespace wadi {
namespace {

constexpr std::size_t kMaxKeyBytes = 200;  // Xapian keys and terms stop at 245 bytes

std::string bounded(std::string key) {
  if (key.size() <= kMaxKeyBytes) return key;
  std::string hash = hex64(XXH3_64bits(key.data(), key.size()));
  key.resize(kMaxKeyBytes - hash.size() - 1);
  return key + '\x01' + hash;
}

const char* status_name(FileRecord::Status s) {
  switch (s) {
    case FileRecord::Status::kIndexed: return "indexed";
    case FileRecord::Status::kDuplicate: return "duplicate";
    case FileRecord::Status::kSkipped: return "skipped";
  }
  return "indexed";
}

FileRecord::Status status_from(std::string_view name) {
  if (name == "duplicate") return FileRecord::Status::kDuplicate;
  if (name == "skipped") return FileRecord::Status::kSkipped;
  return FileRecord::Status::kIndexed;
}

// Record layout: size, mtime, hash, status, articles, path, detail, root,
// separated by NUL bytes, which no path or reason holds. Records of older
// versions separate the first seven by tabs (and broke on a tab in a name).
std::string serialize(const std::string& path, const FileRecord& r) {
  std::string out = std::to_string(r.size);
  for (const std::string& field : {std::to_string(r.mtime_ns), r.content_hash, std::string(status_name(r.status)),
                                   std::to_string(r.articles), path, r.detail, r.root}) {
    out += '\0';
    out += field;
  }
  return out;
}

template <class Number>
bool parse_number(std::string_view text, Number& n) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  return error == std::errc() && end == text.data() + text.size();
}

// Every no-op run reads one record per file: no stream, no locale.
bool parse(std::string_view value, std::string& path, FileRecord& r) {
  const char separator = value.find('\0') != std::string_view::npos ? '\0' : '\t';
  const std::size_t count = separator == '\0' ? 8 : 7;
  std::string_view fields[8];
  for (std::size_t i = 0; i + 1 < count; ++i) {
    std::size_t end = value.find(separator);
    if (end == std::string_view::npos) {
      if (separator == '\t' && i == 5) {  // an old record may end with the path
        fields[i] = value;
        value = {};
        break;
      }
      return false;
    }
    fields[i] = value.substr(0, end);
    value.remove_prefix(end + 1);
  }
  fields[count - 1] = value;
  if (!parse_number(fields[0], r.size) || !parse_number(fields[1], r.mtime_ns) || fields[2].empty() ||
      !parse_number(fields[4], r.articles))
    return false;
  r.content_hash = fields[2];
  r.status = status_from(fields[3]);
  path = fields[5];
  r.detail = fields[6];
  r.root = fields[7];
  return true;
}

std::string duplicate_key(const std::string& hash, const std::string& path) {
  return bounded(schema::kDuplicateKey + hash + path);
}

}  // namespace

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

std::string escaped_path(std::string_view path, bool controls) {
  std::string out;
  const int32_t length = static_cast<int32_t>(path.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(path.data(), i, length, c);
    bool escape = c < 0 || c == '\\' || (controls && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)));
    if (!escape) {
      out.append(path.substr(start, i - start));
      continue;
    }
    for (int32_t b = start; b < i; ++b) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(path[b]));
      out += hex;
    }
  }
  return out;
}

std::string file_record_key(const std::string& path) { return bounded(schema::kFileRecordKey + path); }

std::string bounded_term(const char* prefix, const std::string& text) { return bounded(prefix + text); }

std::optional<FileRecord> FileCatalog::find(const std::string& path) const {
  std::string value = db_.get_metadata(file_record_key(path));
  FileRecord record;
  std::string stored_path;
  if (value.empty() || !parse(value, stored_path, record) || stored_path != path) return std::nullopt;
  return record;
}

void FileCatalog::store(const std::string& path, const FileRecord& record) {
  if (auto old = find(path)) forget(path, *old);
  db_.set_metadata(file_record_key(path), serialize(path, record));
  if (record.content_hash.empty()) return;
  if (record.status == FileRecord::Status::kIndexed) {
    db_.set_metadata(schema::kContentHashKey + record.content_hash, path);
    orphans_.erase(record.content_hash);
  } else if (record.status == FileRecord::Status::kDuplicate) {
    db_.set_metadata(duplicate_key(record.content_hash, path), path);
  }
}

void FileCatalog::erase(const std::string& path) {
  if (auto old = find(path)) forget(path, *old);
  db_.set_metadata(file_record_key(path), "");  // an empty value deletes the key
}

void FileCatalog::forget(const std::string& path, const FileRecord& old) {
  if (old.status == FileRecord::Status::kDuplicate) {
    drop_duplicate(old.content_hash, path);
  } else if (old.status == FileRecord::Status::kIndexed && owner_of(old.content_hash) == path) {
    db_.set_metadata(schema::kContentHashKey + old.content_hash, "");
    orphans_.insert(old.content_hash);
  }
}

std::unordered_map<std::string, FileRecord> FileCatalog::records_under(const std::vector<std::string>& scopes) const {
  std::unordered_map<std::string, FileRecord> records;
  for (const std::string& scope : scopes) {
    // A path under the scope may be long enough to have its key cut: the
    // prefix stops where every cut key still holds it.
    std::string prefix = schema::kFileRecordKey + scope;
    if (prefix.size() > kMaxKeyBytes - 17) prefix.resize(kMaxKeyBytes - 17);
    for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
      std::string path;
      FileRecord record;
      if (!parse(db_.get_metadata(*it), path, record)) continue;
      if (path == scope || (path.size() > scope.size() && path.compare(0, scope.size(), scope) == 0 &&
                            (scope.back() == '/' || path[scope.size()] == '/')))
        records.emplace(std::move(path), std::move(record));
    }
  }
  return records;
}

std::optional<std::string> FileCatalog::owner_of(const std::string& hash) const {
  if (hash.empty()) return std::nullopt;
  std::string owner = db_.get_metadata(schema::kContentHashKey + hash);
  if (owner.empty()) return std::nullopt;
  return owner;
}

std::vector<std::string> FileCatalog::duplicates_of(const std::string& hash) const {
  std::vector<std::string> paths;
  const std::string prefix = schema::kDuplicateKey + hash;
  for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it)
    if (std::string path = db_.get_metadata(*it); !path.empty()) paths.push_back(std::move(path));
  return paths;
}

void FileCatalog::drop_duplicate(const std::string& hash, const std::string& path) {
  db_.set_metadata(duplicate_key(hash, path), "");
}

std::vector<std::string> FileCatalog::take_orphans() {
  std::vector<std::string> hashes(orphans_.begin(), orphans_.end());
  orphans_.clear();
  std::sort(hashes.begin(), hashes.end());
  return hashes;
}

std::vector<std::string> FileCatalog::roots() const {
  std::vector<std::string> roots;
  for (auto it = db_.metadata_keys_begin(schema::kRootKey); it != db_.metadata_keys_end(schema::kRootKey); ++it)
    roots.push_back((*it).substr(1));
  return roots;
}

void FileCatalog::remember_root(const std::string& root) {
  if (root.size() + 1 <= kMaxKeyBytes) db_.set_metadata(schema::kRootKey + root, "1");
}

}  // namespace wadi
