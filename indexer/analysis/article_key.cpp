#include "analysis/article_key.h"

namespace wadi {

std::string article_key(std::string_view path) {
  if (path.find_first_of("#%") == std::string_view::npos) return std::string(path);
  std::string key;
  key.reserve(path.size() + 8);
  for (char c : path) {
    if (c == '#') key += "%23";
    else if (c == '%') key += "%25";
    else key += c;
  }
  return key;
}

std::string article_key(std::string_view path, std::string_view id) {
  std::string key = article_key(path);
  key += '#';
  key += id;
  return key;
}

}  // namespace wadi
