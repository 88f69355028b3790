#include "page_links.h"

#include <algorithm>
#include <vector>

#include "pages.h"

namespace wadi::server {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// What the query language's lexer leaves open at the end of `query`, and
// the words it reads outside quotes and parentheses.
struct QueryShape {
  bool open_quote = false;
  std::size_t open_parentheses = 0;
  std::vector<std::string> top_level_words;
};

QueryShape shape_of(const std::string& query) {
  QueryShape shape;
  std::string word;
  auto end_word = [&] {
    if (!word.empty() && shape.open_parentheses == 0) shape.top_level_words.push_back(word);
    word.clear();
  };
  for (char c : query) {
    if (shape.open_quote) {
      shape.open_quote = c != '"';
      continue;
    }
    if (c == '"' || c == '(' || c == ')' || is_space(c)) {
      end_word();
      if (c == '"') shape.open_quote = true;
      else if (c == '(') ++shape.open_parentheses;
      else if (c == ')' && shape.open_parentheses > 0) --shape.open_parentheses;
    } else {
      word += c;
    }
  }
  end_word();
  return shape;
}

// An operator the parser applies to what stands beside it (a lone "-" or
// "+" signs the word after it).
bool is_operator(const std::string& word) {
  return word == "OR" || word == "||" || word == "AND" || word == "&&" || word == "NOT" || word == "-" || word == "+" ||
         word == "NEAR" || word.starts_with("NEAR/");
}

}  // namespace

std::string_view sort_name(SortOrder sort) {
  switch (sort) {
    case SortOrder::kDate: return "oldest";
    case SortOrder::kDateReverse: return "newest";
    case SortOrder::kRelevance: break;
  }
  return "relevance";
}

std::string search_href(const std::string& query, std::size_t page, SortOrder sort) {
  std::string href = "/search?q=" + url_encode(query);
  if (page > 1) href += "&amp;page=" + std::to_string(page);
  if (sort != SortOrder::kRelevance) href += "&amp;sort=" + std::string(sort_name(sort));
  return href;
}

std::string article_href(const std::string& key, const std::string& query) {
  return "/article/" + url_encode(key) + (query.empty() ? "" : "?q=" + url_encode(query));
}

std::string with_filter(const std::string& query, const std::string& filter) {
  if (std::all_of(query.begin(), query.end(), is_space)) return filter;
  const QueryShape shape = shape_of(query);
  std::string closed = query;
  if (shape.open_quote) closed += '"';
  closed.append(shape.open_parentheses, ')');
  if (std::any_of(shape.top_level_words.begin(), shape.top_level_words.end(), is_operator))
    closed = "(" + closed + ")";
  return closed + " " + filter;
}

std::string source_filter(const std::string& source) {
  std::string name = source;
  std::replace(name.begin(), name.end(), '"', ' ');
  return "source:\"" + name + "\"";
}

bool has_filter(const std::string& query, const std::string& filter) {
  for (std::size_t at = query.find(filter); at != std::string::npos; at = query.find(filter, at + 1)) {
    const std::size_t end = at + filter.size();
    const bool starts_word = at == 0 || is_space(query[at - 1]) || query[at - 1] == '(';
    const bool ends_word = end == query.size() || is_space(query[end]) || query[end] == ')';
    if (starts_word && ends_word) return true;
  }
  return false;
}

}  // namespace wadi::server
