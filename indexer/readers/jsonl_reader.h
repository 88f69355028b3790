// JSON Lines exports from scrapers and feeds: one article per line.
#pragma once

#include <string_view>

#include "readers/article_reader.h"

namespace wadi {

// Each non-blank line is a JSON object with some of these fields:
//   title; body, text or content (a string, or a list of paragraphs);
//   date (ISO 8601, Unix seconds or milliseconds, or any form parse_date()
//   reads); url; source (a name, or an object with a name); author (a name
//   or a list of names); lang or language; id (string or number).
// Other fields (topics, places, tags...) are ignored. An article's key is
// "<path>#<id>", else "<path>#<url>", else "<path>#<line number>".
// A line that is not a JSON object, has neither title nor text, or repeats
// an earlier line's key, becomes a problem "line N: <reason>" and the other
// lines are read; so does a field of the wrong type or an unreadable date
// (the article is kept without it). At most a few dozen problems are listed
// per file, then their count. A file with no readable line is skipped.
ReadResult read_jsonl_articles(const FileContext& context, std::string_view bytes);

}  // namespace wadi
