#include "timeline_svg.h"

#include <algorithm>
#include <cstdio>

#include "page_links.h"
#include "pages.h"
#include "result_printer.h"

namespace wadi::server {
namespace {

// The chart's own coordinates (the viewBox), about the CSS pixels of the
// sidebar it is drawn in (the page scales it to its width), and its labels'
// size in them.
constexpr double kWidth = 272, kHeight = 140;
constexpr double kRight = 4, kTop = 8, kBottom = 22;  // margins, for the labels
constexpr double kCharWidth = 6.6;                    // of a digit at the style sheet's 11 px

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string text(double x, double y, const char* anchor, const std::string& content) {
  return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\">" + content + "</text>";
}

std::string line(double x1, double y1, double x2, double y2) {
  return "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) + "\" y2=\"" + number(y2) + "\"/>";
}

// Where a timeline's bars go.
struct Layout {
  explicit Layout(const Timeline& timeline) {
    for (const auto& [bucket, count] : timeline.counts) most = std::max(most, count);
    left = 8 + kCharWidth * grouped(most).size();  // room for the largest count's label
    bar_width = (kWidth - left - kRight) / timeline.counts.size();
  }
  Xapian::doccount most = 1;
  double left, bar_width;
  double bottom = kHeight - kBottom;
};

// Indices of the buckets labelled under the axis: the first, the last and
// evenly spaced ones between, as many as fit.
std::vector<std::size_t> labelled_buckets(std::size_t buckets, std::size_t label_chars, const Layout& layout) {
  const double room = kWidth - layout.left - kRight, label = label_chars * kCharWidth + 12;
  const std::size_t labels = std::min(buckets, std::max<std::size_t>(2, static_cast<std::size_t>(room / label)));
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < labels; ++i)
    at.push_back(labels == 1 ? 0 : (i * (buckets - 1) + (labels - 1) / 2) / (labels - 1));
  at.erase(std::unique(at.begin(), at.end()), at.end());
  return at;
}

std::string axes(const Timeline& timeline, const Layout& layout) {
  std::string out = "<g class=\"axis\" stroke=\"currentColor\">" + line(layout.left, layout.bottom, kWidth - kRight, layout.bottom) +
                    line(layout.left, kTop, layout.left, layout.bottom) + "</g><g class=\"labels\" fill=\"currentColor\">";
  out += text(layout.left - 4, kTop + 8, "end", grouped(layout.most)) + text(layout.left - 4, layout.bottom, "end", "0");
  const std::size_t buckets = timeline.counts.size();
  for (std::size_t i : labelled_buckets(buckets, timeline.counts.front().first.size(), layout)) {
    // The end labels align with the chart's edges, so that none is cut.
    const bool first = buckets > 1 && i == 0, last = buckets > 1 && i + 1 == buckets;
    const double x = first ? layout.left : last ? kWidth - kRight : layout.left + (i + 0.5) * layout.bar_width;
    out += text(x, kHeight - 6, first ? "start" : last ? "end" : "middle", html_escape(timeline.counts[i].first));
  }
  return out + "</g>";
}

}  // namespace

std::string timeline_svg(const Timeline& timeline, const std::string& query, SortOrder sort) {
  if (timeline.counts.empty()) return "";
  const Layout layout(timeline);
  const double plot_height = layout.bottom - kTop;
  const double gap = layout.bar_width >= 4 ? layout.bar_width * 0.15 : 0;
  std::string out = "<svg class=\"timeline\" viewBox=\"0 0 " + number(kWidth) + " " + number(kHeight) +
                    "\" role=\"img\" aria-label=\"Matching articles by " + html_escape(timeline.unit) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">" + axes(timeline, layout) + "<g class=\"bars\">";
  for (std::size_t i = 0; i < timeline.counts.size(); ++i) {
    const auto& [bucket, count] = timeline.counts[i];
    // A bucket of one article among thousands still shows.
    const double height = count ? std::max(1.5, plot_height * count / layout.most) : 0;
    std::string bar = "<rect class=\"bar\" x=\"" + number(layout.left + i * layout.bar_width + gap / 2) + "\" y=\"" +
                      number(layout.bottom - height) + "\" width=\"" + number(layout.bar_width - gap) + "\" height=\"" +
                      number(height) + "\"><title>" + html_escape(bucket) + ": " + grouped(count) +
                      (count == 1 ? " article" : " articles") + "</title></rect>";
    if (count) bar = "<a href=\"" + search_href(with_filter(query, "date:" + bucket), 1, sort) + "\">" + bar + "</a>";
    out += bar;
  }
  return out + "</g></svg>";
}

}  // namespace wadi::server
