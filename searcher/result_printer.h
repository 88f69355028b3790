// Showing a page of results: to a person (text, colour on a terminal) or to
// a script (JSON Lines). Knows nothing of how the hits were found.
#pragma once

#include <filesystem>
#include <functional>
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

// One hit as `search --json` prints it: the stored fields and rank, score,
// percent, snippet (marked with [ ]), matched; story (its label, when it has
// one); when the page's versions are `grouped`, versions (how many match,
// this one included) and other_versions (their keys, earliest first).
nlohmann::json hit_json(const Hit& hit, bool grouped);

// The summary object of `search --json --summary`: matches, exact, stories
// (how many stories the matches tell; 0: not counted), matches_lower, matches_upper, relaxed, word_counts, suggestion, facets,
// reading, notes, ranking, and timeline when one was asked.
nlohmann::json summary_json(const SearchPage& page);

// {"unit": "month", "counts": {"2017-01": 3, ...}, "undated": 1}
nlohmann::json timeline_json(const Timeline& timeline);

// `path` relative to `working_dir` when it lies below it, else as it is.
std::string shown_path(const std::string& path, const std::filesystem::path& working_dir);

// 12345 -> "12,345": counts a reader quotes.
std::string grouped(std::size_t n);

// "3 articles match", or for an estimate (above kExactCountUpTo) its bounds:
// "Between 12,000 and 15,500 articles match (about 13,100)"; for a short
// query whose matches do not all hold every word, with "; 56 have every
// word" (or "; none has every word").
std::string count_line(const SearchPage& page);

// How many results a search's pages hold: stories when it counted them (one
// hit per story), else articles.
std::size_t result_count(const SearchPage& page);

// "+2 other versions: AP, Reuters": how many other versions of its story a
// hit has, and their sources, each once (five at most), each written by
// `show_source` given the first version from that source.
std::string versions_line(const Hit& hit, const std::function<std::string(const OtherVersion&)>& show_source);

// For an all-words query that no article matched in full, which words were
// found: "Found astana (2 articles); no article has xyzzy." or "No article
// has xyzzy.", each word through `escape`; "" when every word was found.
std::string word_counts_line(const SearchPage& page, TextEscape escape);

void print_text(std::ostream& out, const std::string& query, const SearchPage& page, const PrintOptions& options);

// One object per hit: rank, score, percent, key, path, title, date,
// date_from, source, lang, url, author, words, snippet (marked with [ ]),
// matched, story, versions, other_versions (see hit_json). With
// options.summary (or facets), a last line {"summary": ...} (see summary_json).
void print_json(std::ostream& out, const SearchPage& page, const PrintOptions& options);

}  // namespace wadi
