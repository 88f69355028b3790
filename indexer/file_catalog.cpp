#include "file_catalog.h"

#include <charconv>
#include <sstream>
#include <string_view>

#include <xxhash.h>

#include "analysis/schema.h"

namespace wadi {
namespace {

constexpr std::size_t kMaxKeyBytes = 200;  // Xapian keys and terms stop at 245 bytes

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

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

// Record layout: size, mtime, hash, status, articles, path, detail; tab-separated
// (paths may hold anything but a tab would be odd; detail comes last).
std::string serialize(const std::string& path, const FileRecord& r) {
  std::ostringstream out;
  out << r.size << '\t' << r.mtime_ns << '\t' << r.content_hash << '\t' << status_name(r.status) << '\t'
      << r.articles << '\t' << path << '\t' << r.detail;
  return out.str();
}

template <class Number>
bool parse_number(std::string_view text, Number& n) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  return error == std::errc() && end == text.data() + text.size();
}

// Every no-op run reads one record per file: no stream, no locale.
bool parse(std::string_view value, std::string& path, FileRecord& r) {
  std::string_view fields[6];
  for (std::string_view& field : fields) {
    std::size_t tab = value.find('\t');
    if (tab == std::string_view::npos) {
      if (&field != &fields[5]) return false;  // the path may end the record
      field = value;
      value = {};
      break;
    }
    field = value.substr(0, tab);
    value.remove_prefix(tab + 1);
  }
  if (!parse_number(fields[0], r.size) || !parse_number(fields[1], r.mtime_ns) || fields[2].empty() ||
      !parse_number(fields[4], r.articles))
    return false;
  r.content_hash = fields[2];
  r.status = status_from(fields[3]);
  path = fields[5];
  r.detail = value;
  return true;
}

}  // namespace

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
  db_.set_metadata(file_record_key(path), serialize(path, record));
  if (record.status == FileRecord::Status::kIndexed && !record.content_hash.empty())
    db_.set_metadata(schema::kContentHashKey + record.content_hash, path);
}

void FileCatalog::erase(const std::string& path) {
  if (auto record = find(path); record && owner_of(record->content_hash) == path)
    db_.set_metadata(schema::kContentHashKey + record->content_hash, "");
  db_.set_metadata(file_record_key(path), "");  // an empty value deletes the key
}

std::unordered_map<std::string, FileRecord> FileCatalog::records_under(const std::vector<std::string>& scopes) const {
  std::unordered_map<std::string, FileRecord> records;
  for (const std::string& scope : scopes) {
    std::string prefix = file_record_key(scope);
    if (prefix.size() >= kMaxKeyBytes) prefix.resize(kMaxKeyBytes / 2);
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

}  // namespace wadi
