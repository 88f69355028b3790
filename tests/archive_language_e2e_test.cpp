// archive_language_e2e: the real `index` settling the language of short
// ambiguous articles by the archive's main language, the same with any
// number of jobs and in any order of files.
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "corpus_indexer.h"
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

// English stories, then an ambiguous one (English, full of Italian names),
// then more Italian stories than English ones: the archive's main language
// is English before the ambiguous story and Italian after it.
void write_english_then_italian(const TempDir& dir) {
  for (int i = 0; i < 3; ++i)
    write_file(dir / ("corpus/a-story-" + std::to_string(i) + ".txt"),
               "Budget news " + std::to_string(i) +
                   "\nThe government announced on Monday that the new budget would be presented to parliament next week.\n");
  write_file(dir / "corpus/b-conte.txt",
             "Conte meets Salvini\nGiuseppe Conte met Matteo Salvini, Luigi Di Maio and Sergio Mattarella at Palazzo Chigi.\n");
  for (int i = 0; i < 5; ++i)
    write_file(dir / ("corpus/c-italiano-" + std::to_string(i) + ".txt"),
               "Conte incontra Salvini " + std::to_string(i) +
                   "\nIl presidente del Consiglio ha incontrato i ministri per discutere della legge di bilancio.\n");
}

// Indexes dir/corpus in process, letting at most `waiting` bytes of files in
// doubt wait for the archive's language.
void index_waiting_at_most(const TempDir& dir, std::size_t waiting, unsigned jobs) {
  wadi::IndexOptions options;
  options.database = dir / ("db" + std::to_string(waiting) + "-" + std::to_string(jobs));
  options.jobs = jobs;
  options.doubtful_bytes_waiting = waiting;
  std::ostringstream warnings;
  BOOST_TEST_REQUIRE(wadi::CorpusIndexer(options, warnings).index({dir / "corpus"}).added == 9u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_language_e2e)

BOOST_AUTO_TEST_CASE(doubtful_files_within_the_waiting_bound_take_the_whole_runs_language) {
  TempDir dir;
  write_english_then_italian(dir);
  index_waiting_at_most(dir, wadi::IndexOptions{}.doubtful_bytes_waiting, 2);
  auto found = languages((dir / ("db" + std::to_string(wadi::IndexOptions{}.doubtful_bytes_waiting) + "-2")).string());
  BOOST_TEST(found["a-story-0.txt"] == "en");
  BOOST_TEST(found["c-italiano-0.txt"] == "it");
  BOOST_TEST(found["b-conte.txt"] == "it");
}

BOOST_AUTO_TEST_CASE(doubtful_files_past_the_waiting_bound_take_the_language_of_the_articles_before_them) {
  // A bound of one byte: the ambiguous story is settled as soon as it is read,
  // by the English stories before it, whatever the jobs.
  TempDir dir;
  write_english_then_italian(dir);
  for (unsigned jobs : {1u, 2u}) {
    index_waiting_at_most(dir, 1, jobs);
    auto found = languages((dir / ("db1-" + std::to_string(jobs))).string());
    BOOST_TEST(found["b-conte.txt"] == "en");
    BOOST_TEST(found["c-italiano-0.txt"] == "it");
  }
}

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
