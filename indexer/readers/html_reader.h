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

// What a crawl knows of a page it fetched (a WARC response record).
struct FetchedPage {
  std::string id;          // the article's key is article_key(path, id)
  std::string url;         // where it was fetched from: the article's url
  std::string charset;     // from the HTTP Content-Type, or ""
  std::string crawl_date;  // YYYY-MM-DD, the date when the page gives none
};

// Reads a fetched page as read_html_article() reads a file, except: its key
// is the file's and `page.id`; its url is `page.url`; its source, when the
// page names none, is the url's host; `page.charset` comes before the one
// the page declares; and its date, when neither the page's metadata nor a
// date line gives one, is `page.crawl_date` (origin kCrawl), before the
// file's path and mtime.
ReadResult read_fetched_page(const FileContext& context, std::string_view bytes, const FetchedPage& page);

// The charset declared in the first bytes of a page (<meta charset>, or
// <meta http-equiv=Content-Type content="...; charset=...">), as a name ICU
// knows, with ISO-8859-1 and ASCII read as windows-1252 as browsers do;
// "" when the page declares none.
std::string declared_charset(std::string_view bytes);

// The host of `url`, lower-cased and without "www.": "aa.com.tr"; "" when
// it is not an absolute URL.
std::string host_of(std::string_view url);

// A charset label as browsers read it (ISO-8859-1 as windows-1252), "" for
// a UTF-16 label, which a page without a BOM never is.
std::string browser_charset(std::string name);

}  // namespace wadi
