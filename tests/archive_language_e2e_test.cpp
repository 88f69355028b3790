// archive_language_e2e: the real `index` settling the language of short
// ambiguous articles by the archive's main language, the same with any
// number of jobs and in any order of files.
#include <boost/test/unit_test.hpp>

#include <map>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

// file name -> language of every article of the database.
std::map<std::string, std::string> languages(const std::string& db) {
  Run r = search({"--db", db, "--json", "--limit", "100", "--", "the OR il OR conte"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  std::map<std::string, std::string> found;
  for (const std::string& line : lines(r.out)) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j.contains("path")) found[std::filesystem::path(j["path"].get<std::string>()).filename().string()] = j["lang"];
  }
  return found;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_language_e2e)

BOOST_AUTO_TEST_CASE(short_ambiguous_articles_take_the_archives_language_whatever_the_jobs) {
  TempDir dir;
  // The ambiguous article comes first in corpus order, before any English one.
  write_file(dir / "corpus/a-conte.txt",
             "Conte meets Salvini\nGiuseppe Conte met Matteo Salvini, Luigi Di Maio and Sergio Mattarella at Palazzo Chigi.\n");
  write_file(dir / "corpus/b-italiano.txt",
             "Conte incontra Salvini\nIl presidente del Consiglio ha incontrato i ministri per discutere della legge di bilancio.\n");
  for (int i = 0; i < 6; ++i)
    write_file(dir / ("corpus/story-" + std::to_string(i) + ".txt"),
               "Budget news " + std::to_string(i) +
                   "\nThe government announced on Monday that the new budget would be presented to parliament next week.\n");
  std::map<std::string, std::map<std::string, std::string>> by_jobs;
  for (const std::string jobs : {"1", "2"}) {
    std::string db = (dir / ("db" + jobs)).string();
    Run r = index({"--db", db, "--jobs", jobs, (dir / "corpus").string()});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    by_jobs[jobs] = languages(db);
  }
  BOOST_TEST(by_jobs["1"]["a-conte.txt"] == "en");
  BOOST_TEST(by_jobs["1"]["b-italiano.txt"] == "it");
  BOOST_TEST(by_jobs["1"]["story-0.txt"] == "en");
  BOOST_TEST((by_jobs["1"] == by_jobs["2"]));
}

BOOST_AUTO_TEST_CASE(a_later_run_settles_by_the_language_the_database_has_seen) {
  TempDir dir;
  for (int i = 0; i < 4; ++i)
    write_file(dir / ("corpus/story-" + std::to_string(i) + ".txt"),
               "Budget news " + std::to_string(i) +
                   "\nThe government announced on Monday that the new budget would be presented to parliament next week.\n");
  std::string db = (dir / "db").string();
  BOOST_TEST_REQUIRE(index({"--db", db, (dir / "corpus").string()}).status == 0);
  write_file(dir / "corpus/late/conte.txt",
             "Conte meets Salvini\nGiuseppe Conte met Matteo Salvini, Luigi Di Maio and Sergio Mattarella at Palazzo Chigi.\n");
  Run r = index({"--db", db, (dir / "corpus/late").string()});  // a run of one file
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(languages(db)["conte.txt"] == "en");
}

BOOST_AUTO_TEST_SUITE_END()
