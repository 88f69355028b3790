#include "timeline_svg.h"

#include <algorithm>
#include <cstdio>

#include "page_links.h"
#include "pages.h"
#include "result_printer.h"

namespace wadi::server {
namespace {

// The chart's own coordinates (the viewBox): the page scales it to its width.
constexpr double kWidth = 320, kHeight = 150;
constexpr double kLeft = 34, kRight = 6, kTop = 8, kBottom = 22;  // margins, for the labels

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string matches_text(Xapian::doccount count) {
  return grouped(count) + (count == 1 ? " article" : " articles");
}

// Indices of the buckets labelled under the axis: the first, the last and
// evenly spaced ones between, as many as fit their width.
std::vector<std::size_t> labelled_buckets(std::size_t buckets, std::size_t label_chars) {
  const std::size_t fit = std::max<std::size_t>(2, static_cast<std::size_t>((kWidth - kLeft - kRight) / (label_chars * 6.5 + 12)));
  const std::size_t labels = std::min(buckets, fit);
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < labels; ++i)
    at.push_back(labels == 1 ? 0 : (i * (buckets - 1) + (labels - 1) / 2) / (labels - 1));
  at.erase(std::unique(at.begin(), at.end()), at.end());
  return at;
}

std::string text(double x, double y, const char* anchor, const std::string& content) {
  return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\">" + content + "</text>";
}

std::string axes(const Timeline& timeline, Xapian::doccount most, double bar_width) {
  const double bottom = kHeight - kBottom;
  std::string out = "<g class=\"axis\" stroke=\"currentColor\">";
  out += "<line x1=\"" + number(kLeft) + "\" y1=\"" + number(bottom) + "\" x2=\"" + number(kWidth - kRight) + "\" y2=\"" +
         number(bottom) + "\"/>";
  out += "<line x1=\"" + number(kLeft) + "\" y1=\"" + number(kTop) + "\" x2=\"" + number(kLeft) + "\" y2=\"" +
         number(bottom) + "\"/></g><g class=\"labels\" fill=\"currentColor\">";
  out += text(kLeft - 4, kTop + 8, "end", grouped(most)) + text(kLeft - 4, bottom, "end", "0");
  const std::size_t buckets = timeline.counts.size();
  for (std::size_t i : labelled_buckets(buckets, timeline.counts.front().first.size())) {
    const double middle = kLeft + (i + 0.5) * bar_width;
    // The end labels align with the chart's edges, so that none is cut.
    const char* anchor = buckets > 1 && i == 0 ? "start" : buckets > 1 && i + 1 == buckets ? "end" : "middle";
    const double x = anchor[0] == 's' ? kLeft : anchor[0] == 'e' ? kWidth - kRight : middle;
    out += text(x, kHeight - 6, anchor, html_escape(timeline.counts[i].first));
  }
  return out + "</g>";
}

}  // namespace

std::string timeline_svg(const Timeline& timeline, const std::string& query, SortOrder sort) {
  if (timeline.counts.empty()) return "";
  Xapian::doccount most = 1;
  for (const auto& [bucket, count] : timeline.counts) most = std::max(most, count);
  const double plot_height = kHeight - kTop - kBottom;
  const double bar_width = (kWidth - kLeft - kRight) / timeline.counts.size();
  const double gap = bar_width >= 4 ? bar_width * 0.15 : 0;
  std::string out = "<svg class=\"timeline\" viewBox=\"0 0 " + number(kWidth) + " " + number(kHeight) +
                    "\" role=\"img\" aria-label=\"Matching articles by " + html_escape(timeline.unit) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">";
  out += axes(timeline, most, bar_width) + "<g class=\"bars\">";
  for (std::size_t i = 0; i < timeline.counts.size(); ++i) {
    const auto& [bucket, count] = timeline.counts[i];
    // A bucket of one article among thousands still shows.
    const double height = count ? std::max(1.5, plot_height * count / most) : 0;
    const std::string label = html_escape(bucket) + ": " + matches_text(count);
    std::string bar = "<rect class=\"bar\" x=\"" + number(kLeft + i * bar_width + gap / 2) + "\" y=\"" +
                      number(kTop + plot_height - height) + "\" width=\"" + number(bar_width - gap) + "\" height=\"" +
                      number(height) + "\"><title>" + label + "</title></rect>";
    if (count) bar = "<a href=\"" + search_href(with_filter(query, "date:" + bucket), 1, sort) + "\">" + bar + "</a>";
    out += bar;
  }
  return out + "</g></svg>";
}

}  // namespace wadi::server
