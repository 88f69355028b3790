// hostile_input: each bad file gets its one-line warning and
// the rest of the corpus is indexed; each bad database gets a one-line error
// and exit 3. Binary, invalid UTF-8, NUL bytes, empty, a 10 MB line, over
// the size limit, unreadable, symlink loops, deleted while indexing; missing,
// corrupt, half-made, read-only databases, and one of another schema. Cases that need permissions to
// bite run the programs as nobody when the tests run as root.
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "corpus_indexer.h"
#include "reliability_support.h"

namespace fs = std::filesystem;
using namespace wadi::test;

namespace {

// Two good articles, both about zebras, and whatever a case adds beside them.
class HostileCorpus {
 public:
  HostileCorpus() {
    write_file(corpus() / "good/alpha.txt", "Alpha headline\n\nThe first good article mentions a zebra.\n");
    write_file(corpus() / "good/beta.txt", "Beta headline\n\nThe second good article mentions a zebra too.\n");
  }
  fs::path corpus() const { return dir_ / "corpus"; }
  fs::path db() const { return dir_ / "db"; }
  fs::path path(const std::string& name) const { return corpus() / name; }
  Run index() const { return wadi::test::index({"--db", db().string(), corpus().string()}); }
  Run search(const std::string& query) const {
    return wadi::test::search({"--db", db().string(), "--json", "--limit", "50", query});
  }
  // Both good articles are indexed and found.
  bool good_articles_indexed() const { return result_paths(search("zebra").out).size() == 2; }

 private:
  TempDir dir_;
};

std::string warning(const fs::path& file, const std::string& message) {
  return "index: warning: " + file.string() + ": " + message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_input)

// ---- Hostile input: one warning line per bad file, the rest indexed ----

BOOST_AUTO_TEST_CASE(binary_file_is_skipped_with_a_warning) {
  HostileCorpus c;
  std::string bytes;
  for (int i = 0; i < 16384; ++i) bytes += static_cast<char>((i * 7919) % 256);
  write_file(c.path("bad/image.txt"), bytes);
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("bad/image.txt"), "skipped: binary file (control bytes, not text)")},
             boost::test_tools::per_element());
  BOOST_TEST(r.out.find("2 added") == 0u, r.out);
  BOOST_TEST(r.out.find("1 skipped (1 binary file (control bytes, not text))") != std::string::npos, r.out);
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(binary_file_of_an_unknown_type_is_skipped_with_a_warning) {
  HostileCorpus c;
  write_file(c.path("bad/photo.jpg"), std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11));
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("bad/photo.jpg"), "skipped: unsupported file type")},
             boost::test_tools::per_element());
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_indexed_with_replacement_characters) {
  HostileCorpus c;
  write_file(c.path("bad/broken.txt"),
             "Broken bytes headline\n\nMostly UTF-8 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 text "
             "(\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0) with one bad \xFF byte and a cut \xD0\n");
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("bad/broken.txt"), "invalid UTF-8: 2 bytes replaced with U+FFFD")},
             boost::test_tools::per_element());
  BOOST_TEST(r.out.find("3 added") == 0u, r.out);
  Run found = c.search("\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");  // москва, in lower case
  BOOST_TEST_REQUIRE(result_paths(found.out).size() == 1u, found.out + found.err);
  nlohmann::json hit = nlohmann::json::parse(lines(found.out).front());
  BOOST_TEST(hit["snippet"].get<std::string>().find("bad \xEF\xBF\xBD byte") != std::string::npos, hit.dump());
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(nul_bytes_make_a_file_binary) {
  HostileCorpus c;
  write_file(c.path("bad/nul.txt"), std::string("Headline\n\nText with a \0 in it.\n", 31));
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("bad/nul.txt"), "skipped: binary file (control bytes, not text)")},
             boost::test_tools::per_element());
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(empty_file_is_skipped_with_a_warning) {
  HostileCorpus c;
  write_file(c.path("bad/empty.txt"), "");
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("bad/empty.txt"), "skipped: empty file")},
             boost::test_tools::per_element());
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(ten_megabyte_single_line_is_indexed) {
  HostileCorpus c;
  const std::vector<std::string> words{"markets", "rallied", "after", "the", "central", "bank", "said", "it",
                                       "would", "hold", "rates", "steady", "through", "spring,", "analysts", "noted"};
  std::string line;
  line.reserve(10u << 20);
  for (std::size_t i = 0; line.size() < (10u << 20); ++i) line += words[(i * 5 + i / 16) % words.size()] + ' ';
  line += "needle\n";
  write_file(c.path("big/one-line.txt"), line);
  auto start = std::chrono::steady_clock::now();
  Run r = c.index();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("a 10 MB line indexed in " << seconds << " s");
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.err.empty(), r.err);
  Run found = c.search("needle");
  BOOST_TEST_REQUIRE(result_paths(found.out).size() == 1u, found.err);
  nlohmann::json hit = nlohmann::json::parse(lines(found.out).front());
  BOOST_TEST(hit["title"].get<std::string>().size() < 200u);  // a first sentence cut short, not 10 MB
  BOOST_TEST(hit["snippet"].get<std::string>().size() < 1000u);
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(file_over_the_size_limit_is_skipped_unread) {
  // Sparse, so it costs no disk; the limit is checked on the size, before reading.
  HostileCorpus c;
  write_file(c.path("big/huge.txt"), "");
  fs::resize_file(c.path("big/huge.txt"), 200u << 20);
  auto start = std::chrono::steady_clock::now();
  Run r = c.index();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("big/huge.txt"), "skipped: too large (over 64 MB)")},
             boost::test_tools::per_element());
  BOOST_TEST(seconds < 5.0 * WADI_TIME_SCALE);
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_skipped_with_a_warning) {
  HostileCorpus c;
  write_file(c.path("bad/secret.txt"), "Secret headline\n\nNobody may read this.\n");
  fs::permissions(c.path("bad/secret.txt"), fs::perms::none);
  let_unprivileged_create(c.db());
  Run r = index_unprivileged({"--db", c.db().string(), c.corpus().string()});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("bad/secret.txt"), "skipped: cannot open: Permission denied")},
             boost::test_tools::per_element());
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(unreadable_folder_is_skipped_and_nothing_is_removed) {
  // Regression: the walk used to end at the first folder it could not open,
  // so every file listed after it looked deleted and lost its articles.
  HostileCorpus c;
  write_file(c.path("locked/secret.txt"), "Secret headline\n\nA zebra nobody may read now.\n");
  write_file(c.path("zz/last.txt"), "Last headline\n\nA zebra listed after the locked folder.\n");
  let_unprivileged_create(c.db());
  std::vector<std::string> args{"--db", c.db().string(), c.corpus().string()};
  BOOST_TEST_REQUIRE(index_unprivileged(args).out.find("4 added") == 0u);
  fs::permissions(c.path("locked"), fs::perms::none);
  Run r = index_unprivileged(args);
  fs::permissions(c.path("locked"), fs::perms::owner_all);
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("locked"), "skipped: cannot read folder: Permission denied")},
             boost::test_tools::per_element());
  BOOST_TEST(r.out.find("0 added, 0 updated, 0 removed, 3 unchanged") == 0u, r.out);
  BOOST_TEST(result_paths(c.search("zebra").out).size() == 4u);
}

BOOST_AUTO_TEST_CASE(folder_symlink_loop_is_not_followed) {
  HostileCorpus c;
  fs::create_directories(c.path("loop"));
  fs::create_directory_symlink("..", c.path("loop/back"));
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(c.path("loop/back"), "skipped: link to a folder (not followed)")},
             boost::test_tools::per_element());
  BOOST_TEST(r.out.find("2 added") == 0u, r.out);
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(file_symlink_loop_is_skipped_with_a_warning) {
  HostileCorpus c;
  fs::create_directories(c.path("loop"));
  fs::create_symlink("b.txt", c.path("loop/a.txt"));
  fs::create_symlink("a.txt", c.path("loop/b.txt"));
  Run r = c.index();
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == (std::vector<std::string>{warning(c.path("loop/a.txt"), "skipped: Too many levels of symbolic links"),
                                                       warning(c.path("loop/b.txt"), "skipped: Too many levels of symbolic links")}),
             boost::test_tools::per_element());
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(file_deleted_between_listing_and_reading_is_skipped_for_now) {
  // In process, to delete the file at exactly that moment.
  HostileCorpus c;
  write_file(c.path("bad/gone.txt"), "Gone headline\n\nThis file vanishes.\n");
  wadi::IndexOptions options;
  options.database = c.db();
  options.jobs = 2;
  options.after_listing = [&] { fs::remove(c.path("bad/gone.txt")); };
  std::ostringstream warnings;
  wadi::IndexStats stats = wadi::CorpusIndexer(options, warnings).index({c.corpus()});
  BOOST_TEST(lines(warnings.str()) == std::vector<std::string>{warning(c.path("bad/gone.txt"), "skipped: cannot open: No such file or directory")},
             boost::test_tools::per_element());
  BOOST_TEST(stats.added == 2u);
  BOOST_TEST(c.good_articles_indexed());
  // Not remembered as skipped: the next run neither warns nor removes anything.
  Run again = c.index();
  BOOST_TEST(again.err.empty(), again.err);
  BOOST_TEST(again.out.find("0 added, 0 updated, 0 removed, 2 unchanged, 0 duplicates, 0 skipped") == 0u, again.out);
}

// ---- Bad databases: one error line, exit 3 ----

// What a creation killed in place (the parent folder not writable) leaves:
// shard folders and a catalog half made, no stub yet.
BOOST_AUTO_TEST_CASE(leftovers_of_an_interrupted_creation_are_cleared) {
  HostileCorpus c;
  write_file(c.db() / "shard0" / "flintlock", "");
  write_file(c.db() / "shard0" / "postlist.glass", std::string(8192, '\x01'));
  write_file(c.db() / "catalog" / "termlist.glass", "");
  write_file(c.db() / "XAPIANDB.tmp", "partial");
  Run r = c.index();
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(c.good_articles_indexed());
  std::string report;
  BOOST_TEST(xapian_check_passes(c.db(), report), report);
}

BOOST_AUTO_TEST_CASE(missing_database_is_one_line_and_exit_3) {
  TempDir dir;
  fs::path db = dir / "nothing";
  Run r = search({"--db", db.string(), "zebra"});
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.err == "search: no database at " + db.string() + ": build one with: index --db " + db.string() + " corpus/\n");
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(corrupt_version_file_is_one_line_and_exit_3) {
  HostileCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  for (const fs::path& part : xapian_databases_in(c.db())) write_file(part / "iamglass", std::string(136, '\x5A'));
  Run s = c.search("zebra");
  BOOST_TEST(s.status == 3);
  BOOST_TEST(lines(s.err).size() == 1u);
  BOOST_TEST(s.err.find("search: " + c.db().string() + ": not a usable wadi database (DatabaseCorruptError") == 0u, s.err);
  Run i = c.index();
  BOOST_TEST(i.status == 3);
  BOOST_TEST(lines(i.err).size() == 1u);
  BOOST_TEST(i.err.find("index: " + c.db().string() + ": the database is damaged (") == 0u, i.err);
  BOOST_TEST(i.err.find("move it away and run index again to rebuild it") != std::string::npos, i.err);
}

BOOST_AUTO_TEST_CASE(database_of_another_schema_is_searched_but_not_updated) {
  HostileCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  {
    Xapian::WritableDatabase catalog((c.db() / "catalog").string());
    catalog.set_metadata("wadi-schema", "1");
    catalog.commit();
  }
  Run i = c.index();
  BOOST_TEST(i.status == 3);
  BOOST_TEST(lines(i.err).size() == 1u);
  BOOST_TEST(i.err.find("index: " + c.db().string() + ": made by another wadi version (schema 1, this one writes 2)") == 0u, i.err);
  BOOST_TEST(i.err.find("move it away and run index again to rebuild it") != std::string::npos, i.err);
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(garbage_in_the_tables_is_one_line_and_exit_3) {
  HostileCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  std::mt19937 random(3);
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>(random());
  for (const fs::path& part : xapian_databases_in(c.db()))
    for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass"}) {
      std::fstream file(part / table, std::ios::in | std::ios::out | std::ios::binary);
      file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
  Run s = c.search("zebra");
  BOOST_TEST(s.status == 3);
  BOOST_TEST(lines(s.err).size() == 1u, s.err);
  BOOST_TEST(s.err.find("not a usable wadi database") != std::string::npos, s.err);
  Run i = c.index();
  BOOST_TEST(i.status == 3);
  BOOST_TEST(lines(i.err).size() == 1u, i.err);
}

BOOST_AUTO_TEST_CASE(database_folder_not_writable_is_one_line_and_exit_3) {
  HostileCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  write_file(c.path("good/gamma.txt"), "Gamma headline\n\nA third zebra.\n");
  fs::permissions(c.db(), fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write, fs::perm_options::remove);
  Run r = index_unprivileged({"--db", c.db().string(), c.corpus().string()});
  fs::permissions(c.db(), fs::perms::owner_write, fs::perm_options::add);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.err == "index: " + c.db().string() + ": cannot write to the database folder (Permission denied)\n");
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(database_path_through_a_file_is_one_line_and_exit_3) {
  HostileCorpus c;
  Run i = wadi::test::index({"--db", (c.path("good/alpha.txt") / "db").string(), c.corpus().string()});
  BOOST_TEST(i.status == 3);
  BOOST_TEST(i.err == "index: " + c.path("good/alpha.txt").string() + ": Not a directory\n");
}

BOOST_AUTO_TEST_SUITE_END()
