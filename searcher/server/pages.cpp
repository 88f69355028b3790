// The first, plain version of the pages (see pages.h): a form, the count,
// the hits and the article. The full pages replace it.
#include "pages.h"

#include <unicode/unistr.h>

#include "analysis/terminal_text.h"
#include "article_view.h"
#include "result_printer.h"

namespace wadi::server {
namespace {

std::string field(const nlohmann::json& fields, const char* name) {
  return fields.contains(name) && fields[name].is_string() ? fields[name].get<std::string>() : "";
}

std::string frame(const std::string& title, const std::string& query, const std::string& body) {
  return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\"><title>" + html_escape(title) + "</title><link rel=\"stylesheet\" href=\"/style.css\"></head>"
         "<body><form action=\"/search\"><input type=\"search\" name=\"q\" value=\"" + html_escape(query) +
         "\"> <button>Search</button></form>" + body + "</body></html>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  // Invalid UTF-8 becomes U+FFFD through ICU; then controls are dropped.
  std::string valid;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))).toUTF8String(valid);
  std::string out;
  for (char c : without_controls(valid)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += {'%', kHex[c >> 4], kHex[c & 15]};
  }
  return out;
}

std::string search_page(const PageRequest& request, const SearchPage* results, const std::string& error) {
  std::string body;
  if (!error.empty()) body += "<p class=\"error\">" + html_escape(error) + "</p>";
  if (results) {
    body += "<p class=\"count\">" + std::to_string(results->matches) + " articles match</p><ol>";
    for (const Hit& hit : results->hits)
      body += "<li><a href=\"/article/" + url_encode(field(hit.fields, "key")) + "?q=" + url_encode(request.query) +
              "\">" + html_escape(field(hit.fields, "title")) + "</a><p>" +
              render_marks(hit.snippet, "<mark>", "</mark>", html_escape) + "</p></li>";
    body += "</ol>";
  }
  return frame(request.query.empty() ? "wadi" : request.query + " - wadi", request.query, body);
}

std::string article_page(const schema::StoredArticle& article, const std::string& query, const HighlightTerms* marks,
                         const SearchPage*) {
  const std::string text = marked_text(article.body, field(article.fields, "lang"), marks, "<mark>", "</mark>",
                                       nullptr, html_escape);
  return frame(field(article.fields, "title"), query,
               "<article><h1>" + html_escape(field(article.fields, "title")) + "</h1><pre>" + text + "</pre></article>");
}

std::string error_page(int status, const std::string& message) {
  return frame("Error " + std::to_string(status), "", "<p class=\"error\">" + html_escape(message) + "</p>");
}

std::string_view style_sheet() { return "body { font-family: sans-serif; max-width: 60em; margin: auto; }\n"; }

}  // namespace wadi::server
