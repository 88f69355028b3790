// incremental: re-running `index` adds, updates and removes exactly what
// changed, within the paths given, and costs only a stat when nothing did.
#include <boost/test/unit_test.hpp>

#include <regex>
#include <thread>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

struct Counts {
  int added = -1, updated = -1, removed = -1, unchanged = -1, duplicates = -1;
};

Counts parse_summary(const std::string& out) {
  static const std::regex summary(
      R"((\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged, (\d+) duplicates)");
  std::smatch m;
  Counts c;
  if (std::regex_search(out, m, summary)) {
    c.added = std::stoi(m[1]), c.updated = std::stoi(m[2]), c.removed = std::stoi(m[3]);
    c.unchanged = std::stoi(m[4]), c.duplicates = std::stoi(m[5]);
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

BOOST_AUTO_TEST_SUITE_END()
