#include "analysis/database_location.h"

#include <cstdlib>

namespace wadi {

std::filesystem::path database_location(const std::string& option) {
  if (!option.empty()) return option;
  auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value ? value : "";
  };
  if (std::string db = env("WADI_DB"); !db.empty()) return db;
  const char* fix = ": set it to an absolute folder, or give --db DIR or $WADI_DB";
  if (std::string data = env("XDG_DATA_HOME"); !data.empty()) {
    if (std::filesystem::path(data).is_relative())
      throw NoDatabaseLocation("XDG_DATA_HOME is a relative path ('" + data + "'), so the database would depend on the working folder" + fix);
    return std::filesystem::path(data) / "wadi" / "db";
  }
  std::string home = env("HOME");
  if (home.empty()) throw NoDatabaseLocation(std::string("HOME is not set, so the default database has no place") + fix);
  if (std::filesystem::path(home).is_relative())
    throw NoDatabaseLocation("HOME is a relative path ('" + home + "'), so the database would depend on the working folder" + fix);
  return std::filesystem::path(home) / ".local" / "share" / "wadi" / "db";
}

}  // namespace wadi
