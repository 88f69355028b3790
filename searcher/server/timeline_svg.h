// The search page's timeline: how a query's matches spread over time, drawn
// by the server as an SVG bar chart (a picture that needs no JavaScript).
#pragma once

#include <string>

#include "searcher.h"
#include "timeline.h"

namespace wadi::server {

// An inline <svg> with one bar (<rect class="bar">) per bucket of
// `timeline`, in order, each with a tooltip (its bucket and count) and, when
// it holds matches, a link to `query` narrowed to its dates (sorted by
// `sort`); a labelled axis (the first and last bucket and some between, the
// largest count). Empty when the timeline has no bucket.
std::string timeline_svg(const Timeline& timeline, const std::string& query, SortOrder sort);

}  // namespace wadi::server
