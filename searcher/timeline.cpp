#include "timeline.h"

#include <map>
#include <stdexcept>

#include "analysis/schema.h"

namespace wadi {
namespace {

// Days ("YYYYMMDD") by count, as the date slot holds them.
using DayCounts = std::map<std::string, Xapian::doccount>;

bool is_day(const std::string& value) {
  if (value.size() != 8) return false;
  for (char c : value)
    if (c < '0' || c > '9') return false;
  return true;
}

// The bucket of a day in `unit`: "2017", "2017-03" or "2017-03-14".
std::string bucket_of(const std::string& day, TimelineUnit unit) {
  if (unit == TimelineUnit::kYear) return day.substr(0, 4);
  if (unit == TimelineUnit::kMonth) return day.substr(0, 4) + "-" + day.substr(4, 2);
  return day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2);
}

int number(const std::string& digits, std::size_t at, std::size_t length) {
  return std::stoi(digits.substr(at, length));
}

TimelineUnit unit_for_span(const std::string& first, const std::string& last) {
  const int years = number(last, 0, 4) - number(first, 0, 4);
  if (years >= 4) return TimelineUnit::kYear;
  const int months = years * 12 + number(last, 4, 2) - number(first, 4, 2);
  return months > 3 ? TimelineUnit::kMonth : TimelineUnit::kDay;
}

// The bucket after `bucket` (a day bucket steps through a simple calendar:
// the days that do not exist are never filled, since only counts between
// two real days are, and a day past a month's end holds nothing).
std::string next_bucket(const std::string& bucket, TimelineUnit unit) {
  char text[16];
  int year = number(bucket, 0, 4);
  if (unit == TimelineUnit::kYear) {
    std::snprintf(text, sizeof text, "%04d", year + 1);
    return text;
  }
  int month = number(bucket, 5, 2);
  if (unit == TimelineUnit::kMonth) {
    if (++month > 12) month = 1, ++year;
    std::snprintf(text, sizeof text, "%04d-%02d", year, month);
    return text;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int day = number(bucket, 8, 2) + 1;
  if (day > kDays[month - 1] - (month == 2 && !leap ? 1 : 0)) day = 1, ++month;
  if (month > 12) month = 1, ++year;
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

}  // namespace

TimelineUnit timeline_unit(const std::string& name) {
  if (name == "auto") return TimelineUnit::kAuto;
  if (name == "year") return TimelineUnit::kYear;
  if (name == "month") return TimelineUnit::kMonth;
  if (name == "day") return TimelineUnit::kDay;
  throw std::invalid_argument("a timeline is by auto, year, month or day, not '" + name + "'");
}

Timeline count_timeline(const Xapian::Database& db, const Xapian::Query& query, TimelineUnit unit) {
  if (unit == TimelineUnit::kNone || query.empty()) return {};
  // An article dated only by its file's time has no date of its own.
  const Xapian::Query file_dated(std::string(schema::kDateOriginPrefix) + schema::kFileTimeOrigin);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, file_dated));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::ValueCountMatchSpy by_day(schema::kDateSlot);
  enquire.add_matchspy(&by_day);
  enquire.get_mset(0, 0, db.get_doccount());
  Xapian::Enquire all(db);
  all.set_query(query);
  all.set_weighting_scheme(Xapian::BoolWeight());
  return timeline_of_days(by_day, all.get_mset(0, 0, db.get_doccount()).get_matches_estimated(), unit);
}

Timeline timeline_of_days(const Xapian::ValueCountMatchSpy& by_day, Xapian::doccount matches, TimelineUnit unit) {
  Timeline timeline;
  if (unit == TimelineUnit::kNone) return timeline;
  DayCounts days;
  Xapian::doccount dated = 0;
  for (auto it = by_day.values_begin(); it != by_day.values_end(); ++it)
    if (is_day(*it)) {
      days[*it] += it.get_termfreq();
      dated += it.get_termfreq();
    }
  timeline.undated = matches > dated ? matches - dated : 0;
  if (unit == TimelineUnit::kAuto)
    unit = days.empty() ? TimelineUnit::kYear : unit_for_span(days.begin()->first, days.rbegin()->first);
  timeline.unit = unit == TimelineUnit::kYear ? "year" : unit == TimelineUnit::kMonth ? "month" : "day";
  std::map<std::string, Xapian::doccount> buckets;
  for (const auto& [day, count] : days) buckets[bucket_of(day, unit)] += count;
  if (buckets.empty()) return timeline;
  // The empty buckets between the first and the last, so that a gap shows.
  std::vector<std::pair<std::string, Xapian::doccount>> filled;
  const std::string& last = buckets.rbegin()->first;
  for (std::string b = buckets.begin()->first; b <= last && filled.size() <= kMaxTimelineBuckets; b = next_bucket(b, unit)) {
    auto found = buckets.find(b);
    filled.emplace_back(b, found == buckets.end() ? 0 : found->second);
  }
  if (filled.size() > kMaxTimelineBuckets) filled.assign(buckets.begin(), buckets.end());
  timeline.counts = std::move(filled);
  return timeline;
}

}  // namespace wadi
