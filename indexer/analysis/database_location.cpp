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
  if (std::string data = env("XDG_DATA_HOME"); !data.empty())
    return std::filesystem::path(data) / "wadi" / "db";
  std::string home = env("HOME");
  return std::filesystem::path(home.empty() ? "." : home) / ".local" / "share" / "wadi" / "db";
}

}  // namespace wadi
