// Finding an article's title and date in its text when nobody gave them.
#pragma once

#include <string>
#include <string_view>

#include "article.h"

namespace wadi {

struct Headline {
  std::string title;  // "" when the text does not start with a headline
  std::string body;   // the text without the headline and its repeats
};

// A plain-text article starts with a headline when its first line is short,
// is not a sentence (no final period) and is followed by more text. Repeats
// of the headline in the next lines (as pages saved from news sites have)
// are dropped from the body.
Headline split_headline(std::string_view text);

// The first sentence of `text`, cut at a word boundary to at most
// `max_chars` characters (with "…" when cut).
std::string first_sentence(std::string_view text, std::size_t max_chars = 110);

// A date written on one of the first short lines of `text` (a dateline or a
// date line: "2017-01-19", "January 19, 2017", "19 Jan 2017",
// "26-FEB-1987 15:01"), as YYYY-MM-DD; "" if none.
std::string find_dateline(std::string_view text);

// Reads a date given in metadata (ISO 8601 with or without time, RFC 2822,
// "January 19, 2017", "19/01/2017"...) as YYYY-MM-DD; "" if it is not a date.
std::string parse_date(std::string_view text);

// Fills what the reader could not: title from the text, date from a
// dateline or the file's mtime (`file_date`, YYYY-MM-DD), source from the
// corpus layout (`folder_source`), and the detected language.
void complete_metadata(Article& article, const std::string& file_date, const std::string& folder_source);

}  // namespace wadi
