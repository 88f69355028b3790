// dates_e2e: the real `index` and `search` dating articles that give no
// date: from a date line, from the path as archives name files, else from
// the file's mtime, which is always said and counted apart.
#include <boost/test/unit_test.hpp>

#include <ctime>
#include <map>

#include <fcntl.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

// Sets a file's mtime to noon UTC of `day` ("2020-06-01").
void set_mtime(const std::filesystem::path& file, const std::string& day) {
  std::tm tm{};
  strptime((day + " 12:00:00").c_str(), "%Y-%m-%d %H:%M:%S", &tm);
  const timespec times[2] = {{timegm(&tm), 0}, {timegm(&tm), 0}};
  BOOST_TEST_REQUIRE(utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
}

// An archive of four dateless-looking articles, each about the Barada valley.
struct Archive {
  TempDir dir;
  std::filesystem::path corpus = dir / "corpus";
  std::string db = (dir / "db").string();

  Archive() {
    write_file(corpus / "2017/01/19/talks.txt", "Talks in Astana\nThe Barada valley was quiet as envoys met.\n");
    write_file(corpus / "outlet/2016-05-04-water.txt", "Water cut\nThe Barada spring supplies Damascus.\n");
    write_file(corpus / "outlet/copied.txt", "Copied long ago\nA Barada story with no date anywhere.\n");
    write_file(corpus / "outlet/published.txt",
               "Published: 19 January 2005\nOld news\nThe Barada river was low that winter.\n");
    for (const char* file : {"2017/01/19/talks.txt", "outlet/2016-05-04-water.txt", "outlet/copied.txt", "outlet/published.txt"})
      set_mtime(corpus / file, "2020-06-01");
  }

  Run index_with(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--db", db};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(corpus.string());
    return index(args);
  }

  // file name -> "date from" of every article `query` finds.
  std::map<std::string, std::string> dates(const std::string& query) const {
    Run r = search({"--db", db, "--json", "--limit", "50", "--", query});
    BOOST_TEST_REQUIRE((r.status == 0 || r.status == 1), r.err);
    std::map<std::string, std::string> found;
    for (const std::string& line : lines(r.out)) {
      nlohmann::json j = nlohmann::json::parse(line);
      if (j.contains("path"))
        found[std::filesystem::path(j["path"].get<std::string>()).filename().string()] =
            j["date"].get<std::string>() + " " + j["date_from"].get<std::string>();
    }
    return found;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(dates_e2e)

BOOST_AUTO_TEST_CASE(dateless_files_are_dated_by_their_date_line_then_path_then_mtime) {
  Archive a;
  Run r = a.index_with({});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  std::map<std::string, std::string> expected{{"talks.txt", "2017-01-19 path"},
                                              {"2016-05-04-water.txt", "2016-05-04 path"},
                                              {"copied.txt", "2020-06-01 mtime"},
                                              {"published.txt", "2005-01-19 text"}};
  BOOST_TEST((a.dates("barada") == expected));
  BOOST_TEST((a.dates("date:2017") == std::map<std::string, std::string>{{"talks.txt", "2017-01-19 path"}}));
  Run titled = search({"--db", a.db, "date:2005"});
  BOOST_TEST(titled.out.find("Old news") != std::string::npos);  // the date line is not the title
}

BOOST_AUTO_TEST_CASE(the_year_facet_counts_file_dates_apart) {
  Archive a;
  BOOST_TEST_REQUIRE(a.index_with({}).status == 0);
  Run r = search({"--db", a.db, "--facets", "barada"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("year: 2005 (1) 2016 (1) 2017 (1); file date: 2020 (1)\n") != std::string::npos, r.out);
  Run json = search({"--db", a.db, "--json", "--facets", "barada"});
  nlohmann::json summary = nlohmann::json::parse(lines(json.out).back())["summary"];
  BOOST_TEST(summary["facets"]["file_date_year"]["2020"] == 1);
  BOOST_TEST(!summary["facets"]["year"].contains("2020"));
}

BOOST_AUTO_TEST_CASE(a_date_filter_says_how_many_file_dated_articles_it_left_out) {
  Archive a;
  BOOST_TEST_REQUIRE(a.index_with({}).status == 0);
  Run r = search({"--db", a.db, "barada", "date:2005"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("Note: 1 article dated only by their file's time (no date in the text or path) is not in date:2005") !=
                 std::string::npos,
             r.out);
  Run none = search({"--db", a.db, "barada", "date:2020"});  // the file-dated article is in it: nothing left out
  BOOST_TEST(none.out.find("file's time") == std::string::npos, none.out);
}

BOOST_AUTO_TEST_CASE(date_from_chooses_the_order_and_the_database_keeps_it) {
  Archive a;
  Run r = a.index_with({"--date-from", "mtime"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(a.dates("barada")["talks.txt"] == "2020-06-01 mtime");
  Run changed = a.index_with({"--date-from", "text,path,mtime"});
  BOOST_TEST(changed.status == 2);
  BOOST_TEST(lines(changed.err).size() == 1u, changed.err);
  BOOST_TEST(changed.err.find("--date-from mtime") != std::string::npos, changed.err);
  write_file(a.corpus / "2018/02/03/new.txt", "New one\nThe Barada again.\n");
  Run again = a.index_with({});  // no --date-from: as recorded
  BOOST_TEST(again.status == 0, again.err);
  BOOST_TEST(a.dates("barada")["new.txt"].find(" mtime") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_date_source_is_a_usage_error) {
  Archive a;
  Run r = a.index_with({"--date-from", "text,filename"});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("unknown date source 'filename'") != std::string::npos, r.err);
  BOOST_TEST(!std::filesystem::exists(a.db));
}

BOOST_AUTO_TEST_CASE(a_touched_file_keeps_the_date_its_path_gives) {
  Archive a;
  BOOST_TEST_REQUIRE(a.index_with({}).status == 0);
  write_file(a.corpus / "2017/01/19/talks.txt", "Talks in Astana\nThe Barada valley was quiet as envoys met again.\n");
  BOOST_TEST_REQUIRE(a.index_with({}).status == 0);
  BOOST_TEST(a.dates("barada")["talks.txt"] == "2017-01-19 path");
}

BOOST_AUTO_TEST_CASE(a_touched_file_dated_by_its_mtime_gets_the_date_a_fresh_index_gives) {
  Archive a;
  BOOST_TEST_REQUIRE(a.index_with({}).status == 0);
  for (const char* file : {"outlet/copied.txt", "2017/01/19/talks.txt"}) set_mtime(a.corpus / file, "2021-03-04");
  Run r = a.index_with({});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.find("0 added, 1 updated, 0 removed, 3 unchanged") == 0, r.out);
  std::map<std::string, std::string> incremental = a.dates("barada");
  BOOST_TEST(incremental["copied.txt"] == "2021-03-04 mtime");
  BOOST_TEST(incremental["talks.txt"] == "2017-01-19 path");
  std::filesystem::remove_all(a.db);
  BOOST_TEST_REQUIRE(a.index_with({}).status == 0);
  BOOST_TEST((a.dates("barada") == incremental));
}

BOOST_AUTO_TEST_SUITE_END()
