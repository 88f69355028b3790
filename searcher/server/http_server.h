// `search --serve`: the search page, the article page and the JSON API over
// HTTP, on the database `search` would use, until SIGINT or SIGTERM.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>

#include "analysis/ranking_settings.h"

namespace wadi::server {

struct ServeOptions {
  std::string host = "127.0.0.1";  // loopback unless a host is given
  int port = 8080;                 // 0: any free port (the URL printed says which)
  std::size_t threads = 16;        // connections served at once; the others wait
  double timeout = 10;             // seconds a search may take (then a partial answer, or 503)
};

// Reads "[HOST:]PORT" ("8080", "0.0.0.0:8080", "[::1]:8080") into `options`.
// Throws std::invalid_argument with a message naming what is wrong.
void read_address(const std::string& address, ServeOptions& options);

// Serves `db` until SIGINT or SIGTERM. Prints the URL it listens on to
// `out` once it does, and errors to `err` as one line each. Returns the exit
// code: 0 after a signal, 3 when the database cannot be opened or the
// address not bound.
int serve(const std::filesystem::path& db, const RankingSettings& ranking, const ServeOptions& options,
          std::ostream& out, std::ostream& err);

}  // namespace wadi::server
