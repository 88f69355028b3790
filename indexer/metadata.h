// Finding an article's title and date in its text when nobody gave them.
#pragma once

#include <string>
#include <string_view>

#include "article.h"
#include "readers/article_reader.h"

namespace wadi {

struct Headline {
  std::string title;  // "" when the text does not start with a headline
  std::string body;   // the text without the headline, its repeats and its date lines
  std::string date;   // YYYY-MM-DD from a date line above the body ("Published: 19 January 2017"), or ""
};

// A plain-text article starts with a headline when its first line is short,
// is not a sentence (no final period; an ellipsis may end it) and is
// followed by more text. Repeats of the headline in the next lines (as
// pages saved from news sites have) are dropped from the body, and so are
// date lines before or right after it (see is_date_line), whose date is
// kept in Headline::date.
Headline split_headline(std::string_view text);

// The first sentence of `text`, cut at a word boundary to at most
// `max_chars` characters (with "…" when cut).
std::string first_sentence(std::string_view text, std::size_t max_chars = 110);

// A date written on one of the first short lines of `text` (a dateline or a
// date line: "2017-01-19", "January 19, 2017", "19 Jan 2017",
// "26-FEB-1987 15:01"), as YYYY-MM-DD; "" if none.
std::string find_dateline(std::string_view text);

// The date of a line that holds only a date, perhaps after a label
// ("Published: 19 January 2017", "Date: 2017-01-19", "Updated 19 Jan 2017
// 10:30 GMT", "January 19, 2017"), as YYYY-MM-DD; "" for any other line.
std::string date_line(std::string_view line);

// The date a file's path gives it, as archives name files: "2017/01/19/x.txt",
// "2017-01-19-x.txt", "20170119_x.txt", ".../2017-01-19/x.txt"; a path naming
// only a month ("2017/01/x.txt", "2017-01-x.txt") gives its first day. Only
// the last four parts of the path are read, the nearest to the file wins,
// and only plausible dates count (years 1900 to next year, real days), so
// that an id of eight digits is not taken for a date. "" if none.
std::string date_from_path(std::string_view path);

// "text,path,mtime" as a DateOrder; throws std::invalid_argument naming
// what is wrong (an unknown or repeated source, an empty list).
DateOrder parse_date_order(std::string_view spec);
std::string to_string(const DateOrder& order);

// Reads a date given in metadata (ISO 8601 with or without time, RFC 2822,
// "January 19, 2017", "19/01/2017"...) as YYYY-MM-DD; "" if it is not a date.
std::string parse_date(std::string_view text);

// Fills what the reader could not: title from the text; date from the first
// of context.date_order that has one: the text (`text_date` when the reader
// found a date line, else a dateline of the body), the path, the file's
// mtime (context.file_date); source from the corpus layout
// (context.folder_source); and the detected language.
void complete_metadata(Article& article, const FileContext& context, std::string_view text_date = {});

}  // namespace wadi
