// An article's key: what tells it from every other article of the database
// (its Q term and key slot), made from the file it came from.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

// The key of the one article of a file: its path as it is, unless the path
// holds a '#' or a '%', in which case both are written %23 and %25. So a
// file's key never holds a '#', and differs for every path.
std::string article_key(std::string_view path);

// The key of an article of a file of many (a JSON Lines line): the file's
// key, '#', then the article's id. It always holds a '#', so it is never the
// key of a one-article file (whose name may well be "feed.jsonl#1.txt"),
// and the first '#' ends the file's part, so no two (file, id) pairs share it.
std::string article_key(std::string_view path, std::string_view id);

}  // namespace wadi
