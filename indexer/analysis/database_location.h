// Where the index lives when the user does not say.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace wadi {

// The default location cannot be known: the environment names no absolute
// folder for it. what() is a one-line message saying what to set.
class NoDatabaseLocation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database folder: `option` when given, else $WADI_DB, else
// $XDG_DATA_HOME/wadi/db, else ~/.local/share/wadi/db, so that `index` and
// `search` agree from any working directory. Throws NoDatabaseLocation when
// it would come from a relative $XDG_DATA_HOME or $HOME, or from no $HOME at
// all: that database would land in whatever folder the program runs from.
std::filesystem::path database_location(const std::string& option);

}  // namespace wadi
