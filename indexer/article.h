// An article as read from the corpus, before analysis.
#pragma once

#include <string>
#include <vector>

namespace wadi {

// Where an article's date came from: given (metadata), the text (a dateline
// or a date line), the file's path (as archives name files), the file's
// mtime (a date of last resort, always shown as such), the day a crawler
// fetched the page (a crawl's record), or nowhere.
enum class DateOrigin { kGiven, kText, kPath, kFileTime, kCrawl, kNone };

const char* to_string(DateOrigin origin);

// Where to look for the date of an article that gives none, in the order
// the user chose (`index --date-from text,path,mtime`).
enum class DateSource { kText, kPath, kFileTime };
using DateOrder = std::vector<DateSource>;

struct Article {
  std::string key;       // unique in the database: the file path, or file#line / the given id
  std::string path;      // absolute path of the file it came from
  std::string title;
  std::string body;      // plain UTF-8 text
  std::string date;      // YYYY-MM-DD, or "" when unknown
  DateOrigin date_origin = DateOrigin::kNone;
  std::string source;    // outlet, as displayed
  std::string url;
  std::string author;
  std::vector<std::string> categories;  // a feed item's, as given
  std::string language;  // ISO 639-1, or "" before detection
  // How `language` was found: given by the article, or detected, the
  // detector sure or not. A detection may yield to the archive's main
  // language when the text is short or the detector unsure (see
  // archive_language.h).
  enum class LanguageOrigin { kGiven, kDetected, kUnsure };
  LanguageOrigin language_origin = LanguageOrigin::kGiven;
};

}  // namespace wadi
