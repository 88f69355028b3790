// Where the index lives when the user does not say.
#pragma once

#include <filesystem>
#include <string>

namespace wadi {

// The database folder: `option` when given, else $WADI_DB, else
// $XDG_DATA_HOME/wadi/db, else ~/.local/share/wadi/db, so that `index` and
// `search` agree from any working directory.
std::filesystem::path database_location(const std::string& option);

}  // namespace wadi
