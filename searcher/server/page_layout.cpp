#include "page_layout.h"

#include <algorithm>
#include <array>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "page_links.h"
#include "pages.h"
#include "result_printer.h"

namespace wadi::server {

std::string page_start(const std::string& title, const std::string& query, SortOrder sort) {
  std::string out =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // A link to an article's original site need not tell it what was searched.
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>" + html_escape(title) + "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
      "<header class=\"top\">\n<a class=\"brand\" href=\"/\">wadi</a>\n"
      "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\n"
      "<input type=\"search\" name=\"q\" value=\"" + html_escape(query) +
      "\" aria-label=\"Search the archive\" placeholder=\"Search the archive\" dir=\"auto\">\n";
  if (sort != SortOrder::kRelevance)
    out += "<input type=\"hidden\" name=\"sort\" value=\"" + std::string(sort_name(sort)) + "\">\n";
  return out + "<button type=\"submit\">Search</button>\n</form>\n</header>\n<main>\n";
}

std::string page_end() {
  return "</main>\n<footer class=\"bottom\">\n<p>Articles with every word come first, and a word matches any form "
         "(<code>talks</code> finds <code>talk</code>); <code>+word</code> requires one; "
         "<code>\"an exact phrase\"</code>, <code>astana OR geneva</code>, <code>-word</code>, "
         "<code>lavrov NEAR/5 tillerson</code>, <code>negotiat*</code>, <code>title:astana</code>, "
         "<code>source:hurriyet</code>, <code>lang:ru</code>, <code>date:2017-01..2017-02</code>, <code>*</code> for "
         "every article.</p>\n</footer>\n</body>\n</html>\n";
}

std::string stored_field(const nlohmann::json& fields, const char* name) {
  const auto it = fields.find(name);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string lang_attribute(const std::string& code) {
  // BCP 47's shape, loosely: letters first, then letters, digits and hyphens.
  const bool valid = !code.empty() && code.size() <= 35 && std::isalpha(static_cast<unsigned char>(code[0])) &&
                     std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
  return valid ? " lang=\"" + code + "\"" : "";
}

bool is_right_to_left(const std::string& code) {
  static constexpr std::array<std::string_view, 13> kRightToLeft = {"ar", "he", "iw", "fa", "ur", "yi", "ps",
                                                                     "sd", "ug", "dv", "ckb", "syr", "prs"};
  std::string base = code.substr(0, code.find_first_of("-_"));
  std::transform(base.begin(), base.end(), base.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kRightToLeft.begin(), kRightToLeft.end(), base) != kRightToLeft.end();
}

std::string language_name(const std::string& code) {
  if (lang_attribute(code).empty()) return code;
  icu::UnicodeString name;
  icu::Locale(code.c_str()).getDisplayLanguage(icu::Locale::getEnglish(), name);
  std::string utf8;
  name.toUTF8String(utf8);
  return utf8.empty() || utf8 == code ? code : utf8 + " (" + code + ")";
}

std::string article_byline(const nlohmann::json& fields) {
  std::string date = stored_field(fields, "date");
  std::string out = date.empty() ? "undated" : html_escape(date);
  if (stored_field(fields, "date_from") == "mtime") out += " (file date)";
  if (std::string source = stored_field(fields, "source"); !source.empty())
    out += " · <span class=\"source\" dir=\"auto\">" + html_escape(source) + "</span>";
  if (std::string author = stored_field(fields, "author"); !author.empty())
    out += " · by <span dir=\"auto\">" + html_escape(author) + "</span>";
  return out;
}

std::string hit_item(const Hit& hit, const std::string& query, HitStyle style) {
  const std::string title = stored_field(hit.fields, "title");
  const std::string lang = lang_attribute(stored_field(hit.fields, "lang"));
  const char* heading = style == HitStyle::kResult ? "h2" : "h3";
  std::string out = "<li class=\"hit\">\n<" + std::string(heading) + " class=\"hit-title\" dir=\"auto\"" + lang +
                    "><a href=\"" + article_href(stored_field(hit.fields, "key"), query) + "\">" +
                    (title.empty() ? "(untitled)" : html_escape(title)) + "</a></" + heading +
                    ">\n<p class=\"byline\">" + article_byline(hit.fields) + "</p>\n";
  if (style == HitStyle::kResult && !hit.snippet.text.empty())
    out += "<p class=\"snippet\" dir=\"auto\"" + lang + ">" + render_marks(hit.snippet, "<mark>", "</mark>", html_escape) +
           "</p>\n";
  if (!hit.other_versions.empty())
    out += "<p class=\"versions\">" + versions_line(hit, [&](const OtherVersion& v) {
             return "<a href=\"" + article_href(v.key, query) + "\">" + html_escape(v.source) + "</a>";
           }) + "</p>\n";
  return out + "</li>\n";
}

}  // namespace wadi::server
