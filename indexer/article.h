// An article as read from the corpus, before analysis.
#pragma once

#include <string>

namespace wadi {

// Where an article's date came from, strongest first.
enum class DateOrigin { kGiven, kText, kFileTime, kNone };

const char* to_string(DateOrigin origin);

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
  std::string language;  // ISO 639-1, or "" before detection
};

}  // namespace wadi
