// article_page and error_page (pages.h).
#include <algorithm>
#include <cctype>

#include "article_view.h"
#include "page_layout.h"
#include "page_links.h"
#include "pages.h"

namespace wadi::server {
namespace {

// Only a web address becomes a link: a javascript: or data: URL in an
// article's metadata must not run when clicked.
bool is_web_address(const std::string& url) {
  std::string scheme = url.substr(0, url.find(':'));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  return (scheme == "http" || scheme == "https") && url.compare(scheme.size(), 3, "://") == 0;
}

std::string metadata_row(const char* label, const std::string& html) {
  return html.empty() ? "" : std::string("<dt>") + label + "</dt><dd>" + html + "</dd>\n";
}

std::string metadata(const nlohmann::json& fields) {
  const std::string date = stored_field(fields, "date"), url = stored_field(fields, "url"),
                    path = stored_field(fields, "path"), key = stored_field(fields, "key"),
                    lang = stored_field(fields, "lang");
  std::string url_html = html_escape(url);
  if (is_web_address(url))
    url_html = "<a href=\"" + url_html + "\" rel=\"noopener noreferrer nofollow\">" + url_html + "</a>";
  std::string out = "<dl class=\"metadata\">\n";
  out += metadata_row("Date", (date.empty() ? "unknown" : html_escape(date)) +
                                  html_escape(date_origin_text(stored_field(fields, "date_from"))));
  out += metadata_row("Source", html_escape(stored_field(fields, "source")));
  out += metadata_row("Author", html_escape(stored_field(fields, "author")));
  out += metadata_row("Original", url_html);
  out += metadata_row("Language", html_escape(language_name(lang)));
  out += metadata_row("Path", html_escape(path));
  if (key != path) out += metadata_row("Key", html_escape(key));
  return out + "</dl>\n";
}

// The text paragraph by paragraph (a line of the text is a paragraph), the
// matches in <mark>. A right-to-left language sets the direction of the
// whole text; otherwise each paragraph takes the direction of its first
// letters, so that a quotation in Arabic in an English text reads right.
std::string article_text(const schema::StoredArticle& article, const HighlightTerms* marks) {
  const std::string lang = stored_field(article.fields, "lang");
  const bool right_to_left = is_right_to_left(lang);
  const std::string marked = marked_text(article.body, lang, marks, "<mark>", "</mark>", nullptr, html_escape);
  std::string out = "<div class=\"article-text\"" + lang_attribute(lang) + (right_to_left ? " dir=\"rtl\"" : "") + ">\n";
  for (std::size_t pos = 0; pos < marked.size();) {
    const std::size_t end = std::min(marked.find('\n', pos), marked.size());
    const std::string_view line(marked.data() + pos, end - pos);
    if (line.find_first_not_of(" \t") != std::string_view::npos)
      out += (right_to_left ? "<p>" : "<p dir=\"auto\">") + std::string(line) + "</p>\n";
    pos = end + 1;
  }
  return out + "</div>\n";
}

std::string similar_section(const SearchPage* similar) {
  if (!similar || similar->hits.empty()) return "";
  std::string out =
      "<aside class=\"sidebar similar\" aria-label=\"Similar articles\">\n<h2>Similar articles</h2>\n<ol class=\"hits\">\n";
  for (const Hit& hit : similar->hits) out += hit_item(hit, "", HitStyle::kSimilar);
  return out + "</ol>\n</aside>\n";
}

const char* status_text(int status) {
  switch (status) {
    case 400: return "Bad request";
    case 404: return "Not found";
    case 503: return "Busy";
    default: return "Error";
  }
}

}  // namespace

std::string article_page(const schema::StoredArticle& article, const std::string& query, const HighlightTerms* marks,
                         const SearchPage* similar) {
  const std::string title = stored_field(article.fields, "title");
  const std::string shown_title = title.empty() ? "(untitled)" : title;
  std::string out = page_start(shown_title + " — wadi", query) + "<div class=\"layout\">\n<article class=\"article\">\n";
  if (query.find_first_not_of(" \t\r\n") != std::string::npos)
    out += "<p class=\"back\"><a href=\"" + search_href(query) + "\">← Results for <span dir=\"auto\">" +
           html_escape(query) + "</span></a></p>\n";
  out += "<h1 dir=\"auto\"" + lang_attribute(stored_field(article.fields, "lang")) + ">" + html_escape(shown_title) +
         "</h1>\n" + metadata(article.fields) + article_text(article, marks) + "</article>\n";
  return out + similar_section(similar) + "</div>\n" + page_end();
}

std::string error_page(int status, const std::string& message) {
  const std::string heading = std::to_string(status) + " " + status_text(status);
  return page_start(heading + " — wadi", "") + "<h1 class=\"error-title\">" + heading + "</h1>\n" +
         "<p class=\"error\" role=\"alert\">" + html_escape(message) + "</p>\n" + page_end();
}

}  // namespace wadi::server
