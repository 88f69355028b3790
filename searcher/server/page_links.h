// Links between the server's pages (the routes of http_server.h) and the
// queries they carry, written as the query language reads them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "searcher.h"

namespace wadi::server {

// The name of a sort order in a page's URL: "relevance", "newest" or "oldest".
std::string_view sort_name(SortOrder sort);

// /search?q=QUERY, with &page=N when N > 1 and &sort=NAME when not by
// relevance: URL-encoded and with its & written &amp;, ready for an HTML
// attribute.
std::string search_href(const std::string& query, std::size_t page = 1, SortOrder sort = SortOrder::kRelevance);

// /article/KEY, with ?q=QUERY when there is a query (the article page marks
// its matches); ready for an HTML attribute.
std::string article_href(const std::string& key, const std::string& query);

// A query that matches what `query` matches and `filter` (a field:value of
// the query language) allows. `query` is left as typed where the filter can
// simply follow it; it is closed (a missing quote or parenthesis) when
// something in it is left open, and put in parentheses when an operator
// stands at its top level (a OR b, a trailing NOT), which would otherwise
// take the filter as its operand.
std::string with_filter(const std::string& query, const std::string& filter);

// The source: filter for a source as stored, quoted so that a name with
// spaces stays one filter (a double quote in the name, which the query
// language cannot quote, counts as a space: the filter matches words).
std::string source_filter(const std::string& source);

// True when `query` already holds `filter` as with_filter() writes it.
bool has_filter(const std::string& query, const std::string& filter);

}  // namespace wadi::server
