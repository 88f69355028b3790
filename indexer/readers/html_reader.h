// HTML pages saved from news sites: one article per file.
#pragma once

#include <string>
#include <string_view>

#include "readers/article_reader.h"

namespace wadi {

// Reads a page as its article:
// - title, date, source, author, URL: from the page's markup, JSON-LD and
//   visible byline (see read_page_metadata() in html_metadata.h);
// - language: <html lang> (or og:locale), unless the text is long enough for
//   detection to say otherwise; detected when the page names none;
// - body: the visible text of the article only (see article_text()), or the
//   page's description when it shows no text.
// Bytes that are not UTF-8 are read in the charset the page declares, else
// in the one ICU detects. Pages too large, nested too deeply or with too many
// elements or attributes to parse in reasonable time are
// read as text with their tags removed, with a problem saying so.
ReadResult read_html_article(const FileContext& context, std::string_view bytes);

// The charset declared in the first bytes of a page (<meta charset>, or
// <meta http-equiv=Content-Type content="...; charset=...">), as a name ICU
// knows, with ISO-8859-1 and ASCII read as windows-1252 as browsers do;
// "" when the page declares none.
std::string declared_charset(std::string_view bytes);

}  // namespace wadi
