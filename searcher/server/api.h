// The JSON API's requests and answers, without HTTP: what a URL's
// parameters ask for, bounded, and the objects sent back, with the field
// names of `search --json`.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/stored_article.h"
#include "pages.h"
#include "searcher.h"

namespace wadi::server {

// A URL's query parameters, as the HTTP library decodes them.
using Params = std::multimap<std::string, std::string>;

// Longest query a request may carry, in bytes.
constexpr std::size_t kMaxQueryBytes = 4096;
constexpr std::size_t kMaxApiLimit = 100;
constexpr std::size_t kMaxApiOffset = 10000;

// A request that cannot be answered as asked: its HTTP status and the
// message, and for a query error the query's column (1-based; 0: none).
class RequestError : public std::runtime_error {
 public:
  RequestError(int status, const std::string& message, std::size_t column = 0)
      : std::runtime_error(message), status_(status), column_(column) {}
  int status() const { return status_; }
  std::size_t column() const { return column_; }
  // {"error": message} and, for a query error, "column".
  nlohmann::json body() const;

 private:
  int status_;
  std::size_t column_;
};

struct SearchRequest {
  std::string query;
  SearchOptions options;
};

// GET /api/search?q=&limit=&offset=&sort=&facets=1&timeline=1|year|month|day&feedback=0
// Throws RequestError (400) for a parameter out of its bounds or unknown.
SearchRequest read_search_request(const Params& params);

// GET /search?q=&page=&sort=relevance|newest|oldest. Throws RequestError (400).
PageRequest read_page_request(const Params& params);

// The search options of a search page: one page of results, its facets and timeline.
SearchOptions page_search_options(const PageRequest& request);

// {"hits": [each as search --json prints it], "summary": {as --summary}}
nlohmann::json search_response(const SearchPage& page);

// The value of `name` in `params`, or `fallback`.
std::string param(const Params& params, const std::string& name, const std::string& fallback = "");

// JSON as sent: UTF-8, invalid bytes replaced, no raw control character.
std::string dump(const nlohmann::json& value);

}  // namespace wadi::server
