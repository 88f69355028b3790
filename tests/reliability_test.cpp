// reliability: wadi keeps its promises when things go wrong (design.md §1,
// "Safety"; issue 7), checked with the real `index` and `search`:
//   - kill -9 at random points: the database always opens, passes
//     xapian-check and keeps every committed batch; a re-run ends with
//     exactly one document per article. Killed while creating the database:
//     no database, or a whole one.
//   - SIGINT/SIGTERM: what is done is committed, said, exit 130/143.
//   - `search` in a loop while `index` commits: no search fails.
//   - a second `index` on the same database fails at once.
//   - writes failing (as on a full disk): one error line, the last commit kept.
// Bad input files and bad databases: hostile_input_test.cpp (same suite).
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "reliability_support.h"

namespace fs = std::filesystem;
using namespace wadi::test;
using namespace std::chrono_literals;

namespace {

unsigned test_seed() {
  const char* given = std::getenv("WADI_RELIABILITY_SEED");
  unsigned seed = given ? static_cast<unsigned>(std::strtoul(given, nullptr, 10)) : std::random_device{}();
  BOOST_TEST_MESSAGE("random seed " << seed << " (set WADI_RELIABILITY_SEED to repeat)");
  return seed;
}

void interrupt_commits_what_is_done(int sig) {
  TempDir dir;
  // Enough that the signal, 300 ms in, lands well before the end: 3000
  // articles took 0.35 s once indexing got faster, and the run finished
  // between the check and the signal.
  const int kArticles = 12000;
  write_corpus(dir / "corpus", kArticles);
  fs::path db = dir / "db";
  // One batch for the whole run, so what survives is what the signal committed.
  Background indexing(WADI_INDEX_BIN, index_args(db, dir / "corpus", 100000));
  wait_for_database(db);
  std::this_thread::sleep_for(300ms);
  BOOST_TEST_REQUIRE(indexing.running(), "index finished before it could be interrupted");
  indexing.signal(sig);
  Run stopped = indexing.wait();
  BOOST_TEST(stopped.status == 128 + sig);
  BOOST_TEST(stopped.err == "index: interrupted: everything above is committed; run index again to finish\n");
  std::size_t added = summary_count(stopped.out, "added");
  BOOST_TEST_MESSAGE("interrupted after " << added << " articles");
  BOOST_TEST(added > 0u);
  BOOST_TEST(added < static_cast<std::size_t>(kArticles));
  BOOST_TEST(census(db).documents == added);

  Run finish = index(index_args(db, dir / "corpus", 100000));
  BOOST_TEST(finish.status == 0, finish.err);
  BOOST_TEST(summary_count(finish.out, "added") == kArticles - added);
  BOOST_TEST(summary_count(finish.out, "unchanged") == added);
  Census final = census(db);
  BOOST_TEST(final.documents == static_cast<Xapian::doccount>(kArticles));
  BOOST_TEST(final.shared_ids == 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reliability)

BOOST_AUTO_TEST_CASE(kill_9_at_random_points_keeps_every_committed_batch) {
  TempDir dir;
  const int kArticles = 8000;  // long enough a run that most of the 20 kills land mid-run
  write_corpus(dir / "corpus", kArticles);
  fs::path db = dir / "db";
  std::mt19937 random(test_seed());
  Xapian::doccount committed = 0;
  int kills_mid_run = 0;
  for (int kill = 1; kill <= 20; ++kill) {
    Background indexing(WADI_INDEX_BIN, index_args(db, dir / "corpus", 20));
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + random() % 400));
    bool was_running = indexing.running();
    indexing.signal(SIGKILL);
    Run killed = indexing.wait();
    if (!was_running) {
      BOOST_TEST_MESSAGE("kill " << kill << ": index had already finished: " << killed.out << killed.err);
      continue;
    }
    ++kills_mid_run;
    if (!fs::exists(db)) {
      BOOST_TEST(committed == 0u, "kill " << kill << ": the database vanished");
      BOOST_TEST(!fs::exists(db), "kill " << kill << ": a half-made database was left at " << db);
      continue;
    }
    Census after;
    BOOST_REQUIRE_NO_THROW(after = census(db));
    BOOST_TEST(after.documents >= committed, "kill " << kill << ": lost committed articles");
    BOOST_TEST(after.ids == after.documents);
    BOOST_TEST(after.shared_ids == 0u);
    std::string report;
    BOOST_TEST(xapian_check_passes(db, report), "kill " << kill << ": xapian-check: " << report);
    committed = after.documents;
  }
  BOOST_TEST_MESSAGE(kills_mid_run << " kills landed mid-run; " << committed << " of " << kArticles
                                   << " articles committed before the final run");
  BOOST_TEST(kills_mid_run >= 10);

  Run finish = index(index_args(db, dir / "corpus", 20));
  BOOST_TEST(finish.status == 0, finish.err);
  Census final = census(db);
  BOOST_TEST(final.documents == static_cast<Xapian::doccount>(kArticles));
  BOOST_TEST(final.ids == static_cast<std::size_t>(kArticles));
  BOOST_TEST(final.shared_ids == 0u);
  std::string report;
  BOOST_TEST(xapian_check_passes(db, report), report);
  Run again = index(index_args(db, dir / "corpus", 20));
  BOOST_TEST(again.out.find("0 added, 0 updated, 0 removed, " + std::to_string(kArticles) + " unchanged") == 0u,
             again.out);
  Run one = search({"--db", db.string(), "--json", "uniq1234"});
  BOOST_TEST(result_paths(one.out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(kill_9_while_creating_the_database_leaves_none_or_a_whole_one) {
  // Regression: a run killed while Xapian created the database left a folder
  // without a version file, which neither search nor the next index could open.
  TempDir dir;
  write_corpus(dir / "corpus", 50);
  for (int delay_ms = 0; delay_ms < 16; ++delay_ms) {
    fs::path db = dir / ("db" + std::to_string(delay_ms));
    Background indexing(WADI_INDEX_BIN, index_args(db, dir / "corpus", 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    indexing.signal(SIGKILL);
    indexing.wait();
    if (fs::exists(db)) BOOST_CHECK_NO_THROW(census(db));
    Run again = index(index_args(db, dir / "corpus", 20));
    BOOST_TEST(again.status == 0, again.err);
    BOOST_TEST(census(db).documents == 50u);
  }
  for (const auto& entry : fs::directory_iterator(dir.path()))
    BOOST_TEST(entry.path().filename().string().find(".creating-") == std::string::npos, entry.path());
}

BOOST_AUTO_TEST_CASE(sigint_commits_what_is_done_and_exits_130) { interrupt_commits_what_is_done(SIGINT); }

BOOST_AUTO_TEST_CASE(sigterm_commits_what_is_done_and_exits_143) { interrupt_commits_what_is_done(SIGTERM); }

BOOST_AUTO_TEST_CASE(searches_never_fail_while_index_commits) {
  TempDir dir;
  const int kArticles = 1500;
  write_corpus(dir / "corpus", kArticles);
  fs::path db = dir / "db";
  // A first part, so that searches have something to find from the start.
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus/s00", 1000)).status == 0);
  Background indexing(WADI_INDEX_BIN, index_args(db, dir / "corpus", 8));
  int searches = 0, failures = 0;
  Xapian::doccount last_count = 0;
  const std::vector<std::vector<std::string>> queries{
      {"common"}, {"\"common\" OR uniq1499"}, {"report", "--sort", "-date"}, {"comm*", "--facets"}};
  while (indexing.running() || searches < 20) {
    const auto& query = queries[searches % queries.size()];
    std::vector<std::string> args{"--db", db.string(), "--json", "--summary", "--limit", "5"};
    args.insert(args.end(), query.begin(), query.end());
    Run r = search(args);
    ++searches;
    bool valid = (r.status == 0 || r.status == 1) && r.err.empty();
    try {
      for (const std::string& line : lines(r.out)) {
        nlohmann::json j = nlohmann::json::parse(line);
        // "common" is in every article and index only adds: the count never shrinks.
        if (j.contains("summary") && query.size() == 1 && query[0] == "common") {
          auto count = j["summary"]["matches"].get<Xapian::doccount>();
          if (count < last_count) valid = false;
          last_count = count;
        }
      }
    } catch (const nlohmann::json::exception&) {
      valid = false;
    }
    if (!valid) {
      ++failures;
      BOOST_TEST_MESSAGE("failed search " << query[0] << " (exit " << r.status << "): " << r.err << r.out.substr(0, 300));
    }
  }
  Run indexed = indexing.wait();
  BOOST_TEST(indexed.status == 0, indexed.err);
  BOOST_TEST_MESSAGE(searches << " searches while indexing, " << failures << " failed");
  BOOST_TEST(failures == 0);
  BOOST_TEST(census(db).documents == static_cast<Xapian::doccount>(kArticles));
}

namespace {

// index's arguments for a run that changes nothing and then compacts.
std::vector<std::string> compact_args(const fs::path& db, const fs::path& corpus) {
  std::vector<std::string> args = index_args(db, corpus, 1000);
  args.push_back("--compact");
  return args;
}

}  // namespace

BOOST_AUTO_TEST_CASE(kill_9_while_compacting_loses_nothing) {
  TempDir dir;
  const int kArticles = 3000;
  write_corpus(dir / "corpus", kArticles);
  fs::path db = dir / "db";
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus", 1000)).status == 0);
  const std::vector<std::string> compact = compact_args(db, dir / "corpus");
  std::mt19937 random(test_seed());
  for (int kill = 1; kill <= 12; ++kill) {
    Background compacting(WADI_INDEX_BIN, compact);  // nothing changed: the run is the compaction
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 120));
    compacting.signal(SIGKILL);
    compacting.wait();
    Census after;
    BOOST_REQUIRE_NO_THROW(after = census(db));
    BOOST_TEST(after.documents == static_cast<Xapian::doccount>(kArticles), "kill " << kill);
    Run one = search({"--db", db.string(), "--json", "uniq1234"});
    BOOST_TEST(result_paths(one.out).size() == 1u, "kill " << kill << ": " << one.err);
  }
  Run finish = index(compact);
  BOOST_TEST(finish.status == 0, finish.err);
  BOOST_TEST(finish.out.find(std::to_string(kArticles) + " unchanged") != std::string::npos, finish.out);
  std::size_t shard_folders = 0;
  for (const auto& entry : fs::directory_iterator(db)) shard_folders += entry.path().filename().string().rfind("shard", 0) == 0;
  BOOST_TEST(shard_folders == 2u, "folders left over by the killed runs");
  std::string report;
  BOOST_TEST(xapian_check_passes(db, report), report);
}

BOOST_AUTO_TEST_CASE(searches_never_fail_while_index_compacts) {
  TempDir dir;
  write_corpus(dir / "corpus", 1500);
  fs::path db = dir / "db";
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus", 1000)).status == 0);
  const std::vector<std::string> compact = compact_args(db, dir / "corpus");
  // Half the searches go through a stub listing the database, which search
  // opens a second time to pool the statistics of what the stub lists.
  const fs::path stub = dir / "cluster.stub";
  write_file(stub, "auto " + db.string() + "\n");
  int searches = 0, failures = 0;
  for (int run = 0; run < 6; ++run) {  // each switches the stub and deletes the shards searches may be opening
    Background compacting(WADI_INDEX_BIN, compact);
    do {
      const fs::path& through = searches % 2 ? stub : db;
      Run r = search({"--db", through.string(), "--json", "--limit", "3", "common"});
      ++searches;
      if (r.status != 0 || !r.err.empty() || result_paths(r.out).size() != 3u) {
        ++failures;
        BOOST_TEST_MESSAGE("failed search (exit " << r.status << "): " << r.err);
      }
    } while (compacting.running());
    Run compacted = compacting.wait();
    BOOST_TEST(compacted.status == 0, compacted.err);
  }
  BOOST_TEST_MESSAGE(searches << " searches while compacting, " << failures << " failed");
  BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_CASE(search_opens_again_when_a_listed_shard_is_briefly_missing) {
  // What a search sees when it reads the stub just before a compacting run
  // switches it and deletes the shards it lists: a shard folder that is
  // gone. It opens the database again (the stub then lists the new ones);
  // here the folder comes back instead.
  TempDir dir;
  write_corpus(dir / "corpus", 200);
  fs::path db = dir / "db";
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus", 1000)).status == 0);
  fs::rename(db / "shard1", dir / "aside");
  Background searching(WADI_SEARCH_BIN, {"--db", db.string(), "--json", "uniq123"});
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  fs::rename(dir / "aside", db / "shard1");
  Run found = searching.wait();
  BOOST_TEST(found.status == 0, found.err);
  BOOST_TEST(result_paths(found.out).size() == 1u);
  // A shard that stays missing is an error, after the retries, on one line.
  fs::rename(db / "shard1", dir / "aside");
  Run missing = search({"--db", db.string(), "uniq123"});
  BOOST_TEST(missing.status != 0);
  BOOST_TEST(lines(missing.err).size() == 1u, missing.err);
}

BOOST_AUTO_TEST_CASE(second_index_run_on_the_same_database_fails_at_once) {
  TempDir dir;
  write_corpus(dir / "corpus", 2000);
  fs::path db = dir / "db";
  Background first(WADI_INDEX_BIN, index_args(db, dir / "corpus", 50));
  wait_for_database(db);
  auto start = std::chrono::steady_clock::now();
  Run second = index(index_args(db, dir / "corpus", 50));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_REQUIRE(first.running(), "the first run finished too soon for the test");
  BOOST_TEST(second.status == 3);
  BOOST_TEST(second.err == "index: database is locked by another index run: " + db.string() + "\n");
  BOOST_TEST(second.out.empty());
  BOOST_TEST(seconds < 2.0 * WADI_TIME_SCALE);
  first.signal(SIGTERM);
  BOOST_TEST(first.wait().status == 128 + SIGTERM);
}

BOOST_AUTO_TEST_CASE(write_failure_as_on_a_full_disk_keeps_the_last_commit) {
  // A full disk cannot be made without root; a limit on file size fails
  // Xapian's writes the same way (EFBIG instead of ENOSPC).
  TempDir dir;
  write_corpus(dir / "corpus", 1500);
  fs::path db = dir / "db";
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus/s00", 100)).status == 0);
  Xapian::doccount before = census(db).documents;
  std::uintmax_t largest = 0;
  for (const auto& entry : fs::recursive_directory_iterator(db))
    if (entry.is_regular_file()) largest = std::max(largest, entry.file_size());
  Background limited(WADI_INDEX_BIN, index_args(db, dir / "corpus", 100), largest + (64u << 10));
  Run full = limited.wait();
  BOOST_TEST(full.status == 3);
  BOOST_TEST(lines(full.err).size() == 1u, full.err);
  BOOST_TEST(full.err.find("index: " + db.string() + ": ") == 0u, full.err);
  BOOST_TEST_MESSAGE("with writes failing: " << full.err);
  Census after = census(db);
  BOOST_TEST(after.documents >= before);
  BOOST_TEST(after.shared_ids == 0u);
  std::string report;
  BOOST_TEST(xapian_check_passes(db, report), report);
  Run finish = index(index_args(db, dir / "corpus", 100));
  BOOST_TEST(finish.status == 0, finish.err);
  BOOST_TEST(census(db).documents == 1500u);
}

BOOST_AUTO_TEST_SUITE_END()
