// search_page (pages.h): the search form, and a query's results with what
// narrows them (facets, timeline).
#include <algorithm>

#include "api.h"
#include "page_layout.h"
#include "page_links.h"
#include "pages.h"
#include "result_printer.h"
#include "timeline_svg.h"

namespace wadi::server {
namespace {

// Facet entries listed; the rest are counted ("and 12 more").
constexpr std::size_t kFacetEntries = 15;

std::string paragraph(const char* css_class, const std::string& html) {
  return std::string("<p class=\"") + css_class + "\">" + html + "</p>\n";
}

std::string suggestion_line(const PageRequest& request, const SearchPage& page) {
  return paragraph("suggestion", "Did you mean: <a href=\"" + search_href(page.suggestion, 1, request.sort) +
                                     "\" dir=\"auto\">" + html_escape(page.suggestion) + "</a>?");
}

// What `search` prints when nothing matches in full: no match, which words
// were found, the spelling suggestion.
std::string zero_hits(const PageRequest& request, const SearchPage& page) {
  std::string out = paragraph("none", "No articles match <strong dir=\"auto\">" + html_escape(request.query) + "</strong>.");
  if (std::string words = word_counts_line(page, html_escape); !words.empty()) out += paragraph("words", words);
  if (!page.suggestion.empty()) out += suggestion_line(request, page);
  return out;
}

// The lines above the hits, worded as `search` words them.
std::string messages(const PageRequest& request, const SearchPage& page) {
  std::string out;
  for (const std::string& note : page.parsed.notes) out += paragraph("note", "Note: " + html_escape(note));
  if (page.hits.empty() && !page.relaxed) {
    if (page.matches == 0) return out + zero_hits(request, page);
    return out + paragraph("count", count_line(page) + " (none on this page).");
  }
  if (page.relaxed) out += zero_hits(request, page) + paragraph("relaxed", "Showing articles with some of the words.");
  else if (!page.suggestion.empty()) out += suggestion_line(request, page);
  std::string count = count_line(page);
  if (page.hits.size() < result_count(page))
    count += " (showing " + std::to_string(page.hits.front().rank) + "-" + std::to_string(page.hits.back().rank) + ")";
  return out + paragraph("count", count);
}

std::string sort_links(const PageRequest& request) {
  std::string out = "<nav class=\"sort\" aria-label=\"Order\">Sort by:";
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDateReverse, SortOrder::kDate}) {
    const std::string name(sort_name(sort));
    out += sort == request.sort ? " <strong aria-current=\"true\">" + name + "</strong>"
                                : " <a href=\"" + search_href(request.query, 1, sort) + "\">" + name + "</a>";
  }
  return out + "</nav>\n";
}

// Previous, the first page, the pages around this one, next.
std::string pagination(const PageRequest& request, const SearchPage& page) {
  // Pages past the API's deepest offset are refused (read_page_request).
  const std::size_t last =
      std::min((result_count(page) + kResultsPerPage - 1) / kResultsPerPage, kMaxApiOffset / kResultsPerPage + 1);
  if (last <= 1) return "";
  auto link = [&](std::size_t number, const std::string& text, const char* rel) {
    return " <a href=\"" + search_href(request.query, number, request.sort) + "\"" + rel + ">" + text + "</a>";
  };
  const std::size_t current = std::min(request.page, last);
  const std::size_t first = current > 2 ? current - 2 : 1, end = std::min(last, current + 2);
  std::string out = "<nav class=\"pages\" aria-label=\"Result pages\">";
  if (request.page > 1) out += link(std::min(request.page - 1, last), "‹ Previous", " rel=\"prev\"");
  if (first > 1) out += link(1, "1", "") + (first > 2 ? " <span class=\"gap\">…</span>" : "");
  for (std::size_t number = first; number <= end; ++number)
    out += number == request.page ? " <strong aria-current=\"page\">" + std::to_string(number) + "</strong>"
                                  : link(number, std::to_string(number), "");
  if (request.page < last) out += link(request.page + 1, "Next ›", " rel=\"next\"");
  return out + "</nav>\n";
}

struct FacetEntry {
  std::string label;   // as shown, not escaped
  std::string filter;  // what a click adds to the query; "" for none
  Xapian::doccount count;
};

// A facet's entries; each links to the query with its filter added, unless
// the query has it already.
std::string facet_section(const char* name, const char* title, const std::vector<FacetEntry>& entries,
                          const PageRequest& request) {
  if (entries.empty()) return "";
  std::string out = "<section class=\"facet facet-" + std::string(name) + "\">\n<h2>" + title + "</h2>\n<ul>\n";
  for (std::size_t i = 0; i < entries.size() && i < kFacetEntries; ++i) {
    const FacetEntry& entry = entries[i];
    const std::string label = "<span dir=\"auto\">" + html_escape(entry.label) + "</span>";
    const std::string count = " <span class=\"n\">" + grouped(entry.count) + "</span>";
    if (entry.filter.empty()) out += "<li class=\"plain\">" + label + count + "</li>\n";
    else if (has_filter(request.query, entry.filter)) out += "<li class=\"current\">" + label + count + "</li>\n";
    else out += "<li><a href=\"" + search_href(with_filter(request.query, entry.filter), 1, request.sort) + "\">" + label +
                "</a>" + count + "</li>\n";
  }
  if (entries.size() > kFacetEntries) out += "<li class=\"more\">and " + grouped(entries.size() - kFacetEntries) + " more</li>\n";
  return out + "</ul>\n</section>\n";
}

const std::map<std::string, Xapian::doccount>& facet(const SearchPage& page, const std::string& name) {
  static const std::map<std::string, Xapian::doccount> kNone;
  const auto it = page.facets.find(name);
  return it == page.facets.end() ? kNone : it->second;
}

// Most articles first, then by name.
std::vector<FacetEntry> by_count(std::vector<FacetEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  return entries;
}

// Newest year first; the years of articles dated only by their file's time
// after them, apart and not filtering (a date: filter leaves them out).
std::vector<FacetEntry> year_entries(const SearchPage& page) {
  std::vector<FacetEntry> entries;
  const auto& years = facet(page, "year");
  for (auto it = years.rbegin(); it != years.rend(); ++it) entries.push_back({it->first, "date:" + it->first, it->second});
  const auto& file_years = facet(page, "file_date_year");
  for (auto it = file_years.rbegin(); it != file_years.rend(); ++it)
    entries.push_back({it->first + " (file date)", "", it->second});
  return entries;
}

std::string timeline_section(const PageRequest& request, const SearchPage& page) {
  const Timeline& timeline = page.timeline;
  if (timeline.counts.empty()) return "";
  std::string out = "<section class=\"timeline-box\">\n<h2>Timeline by " + html_escape(timeline.unit) + "</h2>\n" +
                    timeline_svg(timeline, request.query, request.sort) + "\n";
  if (timeline.undated)
    out += paragraph("undated", grouped(timeline.undated) + " without a date of their own");
  return out + "</section>\n";
}

std::string sidebar(const PageRequest& request, const SearchPage& page) {
  std::vector<FacetEntry> sources, languages;
  for (const auto& [source, count] : facet(page, "source")) sources.push_back({source, source_filter(source), count});
  for (const auto& [code, count] : facet(page, "lang")) languages.push_back({language_name(code), "lang:" + code, count});
  const std::string content = timeline_section(request, page) +
                              facet_section("source", "Source", by_count(std::move(sources)), request) +
                              facet_section("year", "Year", year_entries(page), request) +
                              facet_section("lang", "Language", by_count(std::move(languages)), request);
  return content.empty() ? "" : "<aside class=\"sidebar\" aria-label=\"Narrow the results\">\n" + content + "</aside>\n";
}

std::string results(const PageRequest& request, const SearchPage& page) {
  std::string out = "<section class=\"results\" aria-label=\"Results\">\n" + messages(request, page);
  if (!page.hits.empty()) {
    out += sort_links(request) + "<ol class=\"hits\" start=\"" + std::to_string(page.hits.front().rank) + "\">\n";
    for (const Hit& hit : page.hits) out += hit_item(hit, request.query, HitStyle::kResult);
    out += "</ol>\n";
  }
  return out + pagination(request, page) + "</section>\n";
}

}  // namespace

std::string search_page(const PageRequest& request, const SearchPage* results_found, const std::string& error) {
  const bool asked = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
  std::string out = page_start(asked ? request.query + " — wadi" : "wadi: search the archive", request.query, request.sort);
  if (!error.empty()) out += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>\n";
  if (results_found)
    out += "<div class=\"layout\">\n" + results(request, *results_found) + sidebar(request, *results_found) + "</div>\n";
  else if (error.empty()) out += paragraph("welcome", "Search the archive: type words to find the articles that hold them all.");
  return out + page_end();
}

}  // namespace wadi::server
