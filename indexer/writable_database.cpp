#include "writable_database.h"

#include <array>
#include <csignal>
#include <cstdlib>
#include <string>
#include <system_error>

#include <unistd.h>

#include "analysis/schema.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

// Xapian writes a glass database's version file last when creating it, so a
// folder without one holds no usable database.
bool holds_database(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path / "iamglass", ec) || fs::is_regular_file(path, ec);  // a file: a stub database
}

// What a glass database creation killed before writing its version file leaves.
void remove_creation_leftovers(const fs::path& path) {
  static constexpr std::array kNames{"flintlock", "v.tmp", "postlist.glass", "termlist.glass", "position.glass",
                                     "docdata.glass", "spelling.glass", "synonym.glass"};
  std::error_code ec;
  for (const char* name : kNames) fs::remove(path / name, ec);
}

// Staging folders of runs killed while creating: "<prefix><pid>", pid gone.
void remove_dead_staging(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + prefix.size()));
    if (pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)) continue;
    fs::remove_all(entry.path(), ec);
  }
}

fs::path normal_folder(const fs::path& given) {
  fs::path path = given.lexically_normal();
  if (!path.has_filename() && path.has_parent_path()) path = path.parent_path();  // "db/" -> "db"
  return path;
}

void create_database(const fs::path& path) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  if (fs::is_directory(path)) remove_creation_leftovers(path);
  bool created = create_folder_by_rename(path, [](const fs::path& staging) {
    Xapian::WritableDatabase db(staging.string(), Xapian::DB_CREATE);
    db.set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
    db.set_metadata(schema::kWholeWordsKey, "1");
    db.commit();
  });
  if (created || holds_database(path)) return;  // ours, or another run's that renamed first
  // In place, as Xapian would: a run killed now leaves leftovers that the
  // next run clears.
  Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN).commit();
}

}  // namespace

bool create_folder_by_rename(const fs::path& given, const std::function<void(const fs::path&)>& build) {
  fs::path path = normal_folder(given);
  fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string prefix = "." + path.filename().string() + ".creating-";
  fs::path staging = parent / (prefix + std::to_string(getpid()));
  std::error_code ec;
  remove_dead_staging(parent, prefix);
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec) || ec) return false;
  try {
    build(staging);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  fs::rename(staging, path, ec);  // atomic; replaces an empty folder, fails on a full one
  if (!ec) return true;
  fs::remove_all(staging, ec);
  return false;
}

Xapian::WritableDatabase open_writable_database(const fs::path& given) {
  fs::path path = normal_folder(given);
  if (!holds_database(path)) create_database(path);
  return Xapian::WritableDatabase(path.string(), Xapian::DB_OPEN);
}

}  // namespace wadi
