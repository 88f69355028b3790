// Showing a page of results: to a person (text, colour on a terminal) or to
// a script (JSON Lines). Knows nothing of how the hits were found.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "searcher.h"

namespace wadi {

struct PrintOptions {
  bool colour = false;     // ANSI colour for marks and titles (stdout is a terminal)
  bool explain = false;    // print how the query was read
  bool summary = false;    // JSON: end with a summary object
  std::filesystem::path working_dir;  // paths below it are shown relative to it
};

// The snippet with its marks between `open` and `close`, each piece of
// article text passed through for_terminal(): what a terminal shows.
std::string terminal_snippet(const Snippet& snippet, std::string_view open, std::string_view close);

void print_text(std::ostream& out, const std::string& query, const SearchPage& page, const PrintOptions& options);

// One object per hit: rank, score, percent, key, path, title, date,
// date_from, source, lang, url, author, words, snippet (marked with [ ]),
// matched; story (its label, when it has one); when versions are grouped,
// versions (how many match, this one included) and other_versions (their
// keys, earliest first). With options.summary (or facets), a last line
// {"summary": {matches, exact, stories (0: not counted), relaxed, word_counts, suggestion, facets, reading, notes}}.
void print_json(std::ostream& out, const SearchPage& page, const PrintOptions& options);

}  // namespace wadi
