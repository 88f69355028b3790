// JSON Lines exports from scrapers and feeds: one article per line.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/article_reader.h"
#include "readers/problem_list.h"

namespace wadi {

// Each non-blank line is a JSON object with some of these fields:
//   title; body, text or content (a string, or a list of paragraphs);
//   date (ISO 8601, Unix seconds or milliseconds, or any form parse_date()
//   reads); url; source (a name, or an object with a name); author (a name
//   or a list of names); lang or language; id (string or number).
// Other fields (topics, places, tags...) are ignored. An article's key is
// "<path>#<id>", else "<path>#<url>", else "<path>#<line number>".
// A line that is not a JSON object, has neither title nor text, is longer
// than kMaxArticleTextBytes, or repeats an earlier line's key, becomes a
// problem "line N: <reason>" and the other
// lines are read; so does a field of the wrong type or an unreadable date
// (the article is kept without it). At most a few dozen problems are listed
// per file, then their count. A file with no readable line is skipped.
ReadResult read_jsonl_articles(const FileContext& context, std::string_view bytes);

// The UTF-8 text of a JSON Lines file's `bytes`: a view of them, or of
// `decoded` when they are in another encoding (a problem in `result` says so
// when bytes were replaced). Returns why the bytes are not text, or "".
std::string decode_jsonl(std::string_view bytes, std::string& decoded, std::string_view& text, ReadResult& result);

// Reads a JSON Lines file one line at a time, as read_jsonl_articles() does
// (same keys, same problems in `problems`), for files too large to hold:
// what it keeps per line is a hash of the key.
class JsonLinesReader {
 public:
  JsonLinesReader(FileContext context, std::vector<std::string>& problems);
  ~JsonLinesReader();
  // The article of the next line (without its '\n'), or none when the line is
  // blank or a problem. `line` must be valid UTF-8.
  std::optional<Article> read_line(std::string_view line);
  // The next line is not read: it becomes the problem "line N: <reason>".
  void skip_line(const std::string& reason);
  std::size_t problem_count() const;
  void finish();  // adds the count of problems not listed

 private:
  FileContext context_;
  std::unique_ptr<ProblemList> problems_;
  std::unordered_map<std::size_t, std::size_t> first_line_of_;  // hash of key -> line
  std::size_t line_number_ = 0;
};

}  // namespace wadi
