// How a query's matches spread over time: counts per year, month or day,
// for `search --timeline` and the server's chart.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace wadi {

enum class TimelineUnit { kNone, kAuto, kYear, kMonth, kDay };

// "auto", "year", "month" or "day"; throws std::invalid_argument otherwise.
TimelineUnit timeline_unit(const std::string& name);

struct Timeline {
  std::string unit;  // "year", "month" or "day"; empty when none was asked
  // Every bucket from the first dated match to the last, in order, empty
  // ones included ("2017", "2017-03", "2017-03-14"); only the non-empty
  // ones when that would be more than kMaxTimelineBuckets.
  std::vector<std::pair<std::string, Xapian::doccount>> counts;
  // Matches with no date of their own: dated only by their file's time, or
  // not at all. They are in no bucket.
  Xapian::doccount undated = 0;
};

constexpr std::size_t kMaxTimelineBuckets = 1000;

// Counts the articles `query` matches in `db` by their date. With kAuto the
// unit follows the span: years over four years or more, months over more
// than three months, else days. Two unweighted passes over every match.
Timeline count_timeline(const Xapian::Database& db, const Xapian::Query& query, TimelineUnit unit);

// The timeline of `matches` articles of which `by_day` counts the dated
// ones by their date slot ("YYYYMMDD"): what a match that counted every
// match with that spy already knows, when none of them is dated only by its
// file's time.
Timeline timeline_of_days(const Xapian::ValueCountMatchSpy& by_day, Xapian::doccount matches, TimelineUnit unit);

}  // namespace wadi
