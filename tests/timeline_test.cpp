// How matches spread over time (searcher/timeline.h), on a database made
// here, and `search --timeline` through the real binaries.
#include <boost/test/unit_test.hpp>

#include <xapian.h>

#include "analysis/schema.h"
#include "e2e_support.h"
#include "timeline.h"

namespace {

using Counts = std::vector<std::pair<std::string, Xapian::doccount>>;

// Articles with the word "talks", on these days; "mtime:" marks one dated
// only by its file's time.
std::string database_with(const wadi::test::TempDir& dir, const std::vector<std::string>& days) {
  const std::string path = (dir.path() / "db").string();
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (std::string day : days) {
    Xapian::Document doc;
    doc.add_term("talks");
    if (day.starts_with("mtime:")) {
      day = day.substr(6);
      doc.add_boolean_term(std::string(wadi::schema::kDateOriginPrefix) + wadi::schema::kFileTimeOrigin);
    }
    if (!day.empty()) doc.add_value(wadi::schema::kDateSlot, day);
    db.add_document(doc);
  }
  db.commit();
  return path;
}

wadi::Timeline timeline_of(const std::string& path, wadi::TimelineUnit unit) {
  return wadi::count_timeline(Xapian::Database(path), Xapian::Query("talks"), unit);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timeline)

BOOST_AUTO_TEST_CASE(buckets_run_from_the_first_match_to_the_last_with_the_gaps) {
  wadi::test::TempDir dir;
  const std::string db = database_with(dir, {"20161230", "20170102", "20170103", "20170301"});
  const wadi::Timeline months = timeline_of(db, wadi::TimelineUnit::kMonth);
  BOOST_TEST(months.unit == "month");
  BOOST_TEST((months.counts == Counts{{"2016-12", 1}, {"2017-01", 2}, {"2017-02", 0}, {"2017-03", 1}}));
  const wadi::Timeline years = timeline_of(db, wadi::TimelineUnit::kYear);
  BOOST_TEST((years.counts == Counts{{"2016", 1}, {"2017", 3}}));
  const wadi::Timeline days = timeline_of(db, wadi::TimelineUnit::kDay);
  BOOST_TEST(days.counts.size() == 62u);  // 30 Dec 2016 .. 1 Mar 2017: the calendar's days, no 29 Feb
  BOOST_TEST(days.counts.front().first == "2016-12-30");
  BOOST_TEST(days.counts[31].first == "2017-01-30");
  BOOST_TEST(days.counts.back().first == "2017-03-01");
}

BOOST_AUTO_TEST_CASE(the_unit_follows_the_span_when_none_is_asked) {
  wadi::test::TempDir dir;
  BOOST_TEST(timeline_of(database_with(dir, {"20170101", "20170120"}), wadi::TimelineUnit::kAuto).unit == "day");
  BOOST_TEST(timeline_of(database_with(dir, {"20170101", "20170920"}), wadi::TimelineUnit::kAuto).unit == "month");
  BOOST_TEST(timeline_of(database_with(dir, {"19990101", "20170920"}), wadi::TimelineUnit::kAuto).unit == "year");
}

BOOST_AUTO_TEST_CASE(articles_dated_by_their_file_are_counted_apart) {
  wadi::test::TempDir dir;
  const wadi::Timeline t = timeline_of(database_with(dir, {"20170101", "mtime:20241105", ""}), wadi::TimelineUnit::kYear);
  BOOST_TEST((t.counts == Counts{{"2017", 1}}));
  BOOST_TEST(t.undated == 2u);
}

BOOST_AUTO_TEST_CASE(a_span_too_long_to_fill_keeps_the_buckets_that_hold_matches) {
  wadi::test::TempDir dir;
  const wadi::Timeline t = timeline_of(database_with(dir, {"10000101", "20170101"}), wadi::TimelineUnit::kMonth);
  BOOST_TEST((t.counts == Counts{{"1000-01", 1}, {"2017-01", 1}}));
}

BOOST_AUTO_TEST_CASE(search_draws_the_timeline_and_gives_it_in_json) {
  wadi::test::TempDir dir;
  wadi::test::write_file(dir.path() / "corpus" / "wire.jsonl",
                         "{\"id\":\"1\",\"title\":\"Talks open\",\"date\":\"2016-01-05\",\"text\":\"peace talks open\"}\n"
                         "{\"id\":\"2\",\"title\":\"Talks go on\",\"date\":\"2016-03-07\",\"text\":\"peace talks go on\"}\n"
                         "{\"id\":\"3\",\"title\":\"Talks end\",\"date\":\"2016-03-09\",\"text\":\"peace talks end\"}\n");
  const std::string db = (dir.path() / "db").string();
  BOOST_REQUIRE_EQUAL(wadi::test::index({"--db", db, (dir.path() / "corpus").string()}).status, 0);
  const wadi::test::Run text = wadi::test::search({"--db", db, "--timeline", "month", "talks"});
  BOOST_TEST(text.status == 0);
  BOOST_TEST(text.out.find("Timeline by month: 3 dated articles") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("2016-02     0") != std::string::npos, text.out);
  // --timeline takes a unit only when one follows: here "talks" is the query.
  const wadi::test::Run json = wadi::test::search({"--db", db, "--json", "--timeline", "talks"});
  BOOST_TEST(json.out.find("\"2016-03-07\":1,\"2016-03-08\":0,\"2016-03-09\":1},\"undated\":0,\"unit\":\"day\"}") !=
                 std::string::npos,
             json.out);
  BOOST_TEST(wadi::test::search({"--db", db, "--timeline=week", "talks"}).status == 2);
}

BOOST_AUTO_TEST_SUITE_END()
