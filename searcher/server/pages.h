// The server's web pages: the search page and the article page, as HTML
// strings, and the style sheet built into the binary. Knows nothing of HTTP
// or of how results were found (see http_server.h for the routes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "analysis/stored_article.h"
#include "query_parser.h"
#include "searcher.h"

namespace wadi::server {

// Results per page of the search page.
constexpr std::size_t kResultsPerPage = 10;

// What the search page was asked, read from its URL:
// GET /search?q=QUERY&page=N&sort=relevance|newest|oldest.
struct PageRequest {
  std::string query;      // q, as typed
  std::size_t page = 1;   // 1-based, of kResultsPerPage results
  SortOrder sort = SortOrder::kRelevance;
};

// GET / and GET /search. The search form (the query in its box); with a
// query, its results: the count line, notes, "did you mean" as a link, the
// hits (title linking to /article/KEY?q=QUERY, date, source, snippet with
// the matches marked), pagination, sort links, the facets (source, year,
// language: links that add the filter to the query) and the timeline.
// `results` is null when no query was given; `error` is the one-line
// message when the query could not be read or the search failed (then
// `results` is null too).
std::string search_page(const PageRequest& request, const SearchPage* results, const std::string& error);

// GET /article/KEY?q=QUERY. The whole article: title, date, source, author,
// the original URL when there is one, language, path; its text paragraph by
// paragraph with the query's matches marked (`marks`: null without a
// query), in the direction of its language; and "similar articles"
// (`similar`: null when there are none).
std::string article_page(const schema::StoredArticle& article, const std::string& query, const HighlightTerms* marks,
                         const SearchPage* similar);

// A page for an error status (400, 404, 503): the message, and the search form.
std::string error_page(int status, const std::string& message);

// GET /style.css: the whole style sheet, built in (no CDN: users may be offline).
std::string_view style_sheet();

// Untrusted text (anything from an article, a file name or a URL) made safe
// as HTML text or a quoted attribute value: & < > " ' escaped, control
// characters dropped, invalid UTF-8 replaced.
std::string html_escape(std::string_view text);

// A URL component: every byte but unreserved ones (A-Z a-z 0-9 - . _ ~)
// percent-encoded.
std::string url_encode(std::string_view text);

}  // namespace wadi::server
