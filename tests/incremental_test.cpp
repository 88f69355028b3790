// incremental: re-running `index` adds, updates and removes exactly what
// changed, within the paths given, and costs only a stat when nothing did.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>
#include <thread>

#include <xapian.h>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

struct Counts {
  int added = -1, updated = -1, removed = -1, moved = -1, unchanged = -1, duplicates = -1;
};

Counts parse_summary(const std::string& out) {
  static const std::regex summary(
      R"((\d+) added, (\d+) updated, (\d+) removed, (?:(\d+) moved, )?(\d+) unchanged, (\d+) duplicates)");
  std::smatch m;
  Counts c;
  if (std::regex_search(out, m, summary)) {
    c.added = std::stoi(m[1]), c.updated = std::stoi(m[2]), c.removed = std::stoi(m[3]);
    c.moved = m[4].matched ? std::stoi(m[4]) : 0, c.unchanged = std::stoi(m[5]), c.duplicates = std::stoi(m[6]);
  }
  return c;
}

struct Corpus {
  TempDir dir;
  std::string db = (dir / "db").string();
  std::filesystem::path root = dir / "corpus";

  Corpus() {
    for (int i = 0; i < 30; ++i)
      write_file(root / "outlet" / ("story" + std::to_string(i) + ".txt"),
                 "Headline number " + std::to_string(i) + "\n\nBody of story " + std::to_string(i) + " about astana.\n");
  }
  Counts run(const std::vector<std::string>& paths) {
    std::vector<std::string> args{"--db", db};
    args.insert(args.end(), paths.begin(), paths.end());
    Run r = index(args);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return parse_summary(r.out);
  }
  Counts run() { return run({root.string()}); }
  std::size_t count(const std::string& query) {
    return result_paths(search({"--db", db, "--json", "--limit", "1000", "--", query}).out).size();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(incremental)

BOOST_AUTO_TEST_CASE(first_run_adds_everything) {
  Corpus c;
  Counts first = c.run();
  BOOST_TEST(first.added == 30);
  BOOST_TEST(c.count("astana") == 30u);
}

BOOST_AUTO_TEST_CASE(rerun_with_no_changes_touches_nothing) {
  Corpus c;
  c.run();
  Counts again = c.run();
  BOOST_TEST(again.added == 0);
  BOOST_TEST(again.updated == 0);
  BOOST_TEST(again.removed == 0);
  BOOST_TEST(again.unchanged == 30);
}

BOOST_AUTO_TEST_CASE(adding_modifying_and_deleting_report_exactly_that) {
  Corpus c;
  c.run();
  for (int i = 0; i < 5; ++i) write_file(c.root / "new" / ("n" + std::to_string(i) + ".txt"), "New story\n\nabout geneva\n");
  Counts added = c.run();
  BOOST_TEST(added.added == 1);  // five byte-identical files: one article, four duplicates
  BOOST_TEST(added.duplicates == 4);
  BOOST_TEST(added.unchanged == 30);

  write_file(c.root / "outlet" / "story3.txt", "Headline number 3\n\nNow about geneva instead.\n");
  Counts edited = c.run();
  BOOST_TEST(edited.updated == 1);
  BOOST_TEST(edited.added == 0);
  BOOST_TEST(c.count("geneva") == 2u);

  for (int i = 0; i < 4; ++i) std::filesystem::remove(c.root / "outlet" / ("story1" + std::to_string(i) + ".txt"));
  Counts removed = c.run();
  BOOST_TEST(removed.removed == 4);
  BOOST_TEST(c.count("astana") == 25u);
}

BOOST_AUTO_TEST_CASE(touching_a_file_without_changing_it_updates_nothing) {
  Corpus c;
  c.run();
  auto path = c.root / "outlet" / "story0.txt";
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(5));
  Counts again = c.run();
  BOOST_TEST(again.updated == 0);
  BOOST_TEST(again.unchanged == 30);
}

BOOST_AUTO_TEST_CASE(removal_is_scoped_to_the_paths_given) {
  Corpus c;
  write_file(c.dir / "other" / "elsewhere.txt", "Elsewhere\n\nastana too\n");
  c.run({c.root.string(), (c.dir / "other").string()});
  Counts one_file = c.run({(c.root / "outlet" / "story0.txt").string()});
  BOOST_TEST(one_file.removed == 0);
  BOOST_TEST(one_file.unchanged == 1);
  Counts one_folder = c.run({(c.dir / "other").string()});
  BOOST_TEST(one_folder.removed == 0);
  BOOST_TEST(c.count("astana") == 31u);
}

BOOST_AUTO_TEST_CASE(a_duplicate_is_indexed_when_its_original_goes) {
  Corpus c;
  write_file(c.root / "copy" / "story0.txt", "Headline number 0\n\nBody of story 0 about astana.\n");
  Counts first = c.run();
  BOOST_TEST(first.added == 30);
  BOOST_TEST(first.duplicates == 1);
  // The first in path order is the original: copy/ sorts before outlet/.
  std::filesystem::remove(c.root / "copy" / "story0.txt");
  Counts after = c.run();
  BOOST_TEST(after.removed == 1);
  BOOST_TEST(after.added == 1);
  BOOST_TEST(c.count("astana") == 30u);
}

namespace {

// The shard folders the stub lists, and every shard folder there is.
std::pair<std::vector<std::string>, std::vector<std::string>> shard_folders(const std::filesystem::path& db) {
  std::vector<std::string> listed, present;
  std::ifstream stub(db / "XAPIANDB");
  for (std::string type, name; stub >> type >> name;) listed.push_back(name);
  for (const auto& entry : std::filesystem::directory_iterator(db))
    if (entry.path().filename().string().rfind("shard", 0) == 0) present.push_back(entry.path().filename().string());
  std::sort(listed.begin(), listed.end());
  std::sort(present.begin(), present.end());
  return {listed, present};
}

std::string ranked(const std::string& db, const std::string& query) {
  std::string out;
  for (const std::string& line : lines(search({"--db", db, "--json", "--limit", "100", "--", query}).out)) {
    auto hit = nlohmann::json::parse(line);
    out += hit["path"].get<std::string>() + " " + std::to_string(hit["score"].get<double>()) + "\n";
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(compact_switches_to_new_shard_folders_and_deletes_the_old_ones) {
  Corpus c;
  using Names = std::vector<std::string>;
  BOOST_REQUIRE_EQUAL(index({"--db", c.db, "--jobs", "2", c.root.string()}).status, 0);
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0", "shard1"}), boost::test_tools::per_element());
  Run compacted = index({"--db", c.db, "--compact", c.root.string()});
  BOOST_REQUIRE_EQUAL(compacted.status, 0);
  BOOST_TEST(parse_summary(compacted.out).unchanged == 30);
  BOOST_TEST(shard_folders(c.db).first == (Names{"shard0.1", "shard1.1"}), boost::test_tools::per_element());
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0.1", "shard1.1"}), boost::test_tools::per_element());
  BOOST_TEST(c.count("astana") == 30u);
  // Later runs write to the compacted shards.
  write_file(c.root / "outlet" / "story0.txt", "Headline number 0\n\nNow about geneva.\n");
  BOOST_TEST(c.run().updated == 1);
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0.1", "shard1.1"}), boost::test_tools::per_element());
  for (int i = 0; i < 10; ++i) std::filesystem::remove(c.root / "outlet" / ("story1" + std::to_string(i) + ".txt"));
  Run again = index({"--db", c.db, "--compact", c.root.string()});
  BOOST_TEST(parse_summary(again.out).removed == 10);
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0.2", "shard1.2"}), boost::test_tools::per_element());
  BOOST_TEST(c.count("astana") == 19u);
  BOOST_TEST(c.count("geneva") == 1u);
}

BOOST_AUTO_TEST_CASE(first_run_committed_in_several_batches_is_compacted) {
  Corpus c;
  using Names = std::vector<std::string>;
  Run first = index({"--db", c.db, "--jobs", "2", "--batch", "10", c.root.string()});
  BOOST_REQUIRE_EQUAL(first.status, 0);
  BOOST_TEST(first.out.find(", compacted") != std::string::npos, first.out);
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0.1", "shard1.1"}), boost::test_tools::per_element());
  BOOST_TEST(c.count("astana") == 30u);
  // A later run adds to a database that was not empty: left as written.
  write_file(c.root / "outlet" / "extra.txt", "Extra\n\nMore about astana.\n");
  Run later = index({"--db", c.db, "--batch", "1", c.root.string()});
  BOOST_TEST(parse_summary(later.out).added == 1);
  BOOST_TEST(later.out.find("compacted") == std::string::npos, later.out);
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0.1", "shard1.1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(first_run_of_one_batch_or_with_no_compact_is_left_as_written) {
  Corpus c;
  using Names = std::vector<std::string>;
  Run one = index({"--db", c.db, "--jobs", "2", c.root.string()});  // 30 articles: one commit writes full blocks
  BOOST_REQUIRE_EQUAL(one.status, 0);
  BOOST_TEST(one.out.find("compacted") == std::string::npos, one.out);
  BOOST_TEST(shard_folders(c.db).second == (Names{"shard0", "shard1"}), boost::test_tools::per_element());
  const std::string other = (c.dir / "other").string();
  Run asked = index({"--db", other, "--jobs", "2", "--batch", "10", "--no-compact", c.root.string()});
  BOOST_REQUIRE_EQUAL(asked.status, 0);
  BOOST_TEST(asked.out.find("compacted") == std::string::npos, asked.out);
  BOOST_TEST(shard_folders(other).second == (Names{"shard0", "shard1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(compacted_and_uncompacted_databases_rank_alike) {
  Corpus c;
  for (int i = 0; i < 20; ++i)
    write_file(c.root / "more" / ("m" + std::to_string(i) + ".txt"),
               "Talks " + std::to_string(i) + "\n\nPeace talks in astana and geneva, round " + std::to_string(i % 4) + ".\n");
  const std::string plain = (c.dir / "plain").string();
  BOOST_REQUIRE_EQUAL(index({"--db", c.db, "--compact", c.root.string()}).status, 0);
  BOOST_REQUIRE_EQUAL(index({"--db", plain, c.root.string()}).status, 0);
  BOOST_TEST(shard_folders(plain).first.front() == "shard0");
  BOOST_TEST(shard_folders(c.db).first.front() == "shard0.1");
  for (const char* query : {"astana", "peace talks", "\"peace talks\"", "geneva OR story", "round 2"})
    BOOST_TEST(ranked(c.db, query) == ranked(plain, query), query);
}

BOOST_AUTO_TEST_CASE(compact_on_a_single_folder_database_says_it_did_not) {
  Corpus c;
  {
    Xapian::WritableDatabase plain(c.db, Xapian::DB_CREATE);  // as older wadi versions made
    plain.set_metadata("wadi-schema", "2");
    plain.commit();
  }
  Run r = index({"--db", c.db, "--compact", c.root.string()});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{"index: warning: " + c.db +
                                                      ": not compacted: a single-folder database, as older wadi "
                                                      "versions made (xapian-compact compacts it)"},
             boost::test_tools::per_element());
  BOOST_TEST(r.out.find("compacted") == std::string::npos, r.out);
  BOOST_TEST(c.count("astana") == 30u);
}

BOOST_AUTO_TEST_CASE(shard_folders_a_stopped_compaction_left_are_removed) {
  Corpus c;
  BOOST_REQUIRE_EQUAL(index({"--db", c.db, "--compact", c.root.string()}).status, 0);
  // As if a run had stopped after writing a compacted shard but before
  // switching to it, and another after switching but before deleting.
  std::filesystem::create_directories(c.dir / "db" / "shard0.2");
  write_file(c.dir / "db" / "shard0.2" / "junk", "half-written");
  std::filesystem::create_directories(c.dir / "db" / "shard0");
  BOOST_TEST(c.count("astana") == 30u);  // search reads only what the stub lists
  BOOST_TEST(c.run().unchanged == 30);
  auto [listed, present] = shard_folders(c.db);
  BOOST_TEST(present == listed, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
