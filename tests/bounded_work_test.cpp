// bounded_work: whatever a corpus holds, a run's memory stays bounded by its
// limits, what is too large or not a file is named in one warning while the
// rest is indexed, and Ctrl-C is heard in every phase.
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "analysis/text_decoder.h"
#include "corpus_indexer.h"
#include "key_filter.h"
#include "readers/article_reader.h"
#include "e2e_support.h"

namespace fs = std::filesystem;
using namespace wadi::test;

namespace {

std::string warning(const fs::path& file, const std::string& message) {
  return "index: warning: " + file.string() + ": " + message;
}

// Runs `index` with `args`, its output discarded, and returns its peak
// resident memory in megabytes; `status` gets its exit code.
long index_peak_megabytes(const std::vector<std::string>& args, int& status) {
  std::vector<char*> argv{const_cast<char*>(WADI_INDEX_BIN)};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  BOOST_TEST_REQUIRE(pid >= 0);
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int wait_status = 0;
  rusage usage{};
  wait4(pid, &wait_status, 0, &usage);
  status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  return usage.ru_maxrss / 1024;
}

std::string json_line(int i, const std::string& id = "") {
  return R"({"title": "Report )" + std::to_string(i) + R"(", "body": "A zebra count of )" + std::to_string(i) + "\"" +
         (id.empty() ? "" : R"(, "id": ")" + id + "\"") + "}\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bounded_work)

BOOST_AUTO_TEST_CASE(json_lines_file_of_many_articles_is_indexed_in_bounded_memory) {
  // 150,000 short articles: held at once they took about 400 MB.
  TempDir dir;
  {
    std::ofstream out(dir / "feed.jsonl");
    for (int i = 0; i < 150'000; ++i) out << json_line(i);
  }
  int status = 0;
  long megabytes = index_peak_megabytes({"--db", (dir / "db").string(), "--jobs", "2", (dir / "feed.jsonl").string()}, status);
  BOOST_TEST_MESSAGE("150,000 JSON lines indexed with a peak of " << megabytes << " MB");
  BOOST_TEST(status == 0);
  if (WADI_PEAK_MEMORY_CHECKED) BOOST_TEST(megabytes < 150);
  Run found = search({"--db", (dir / "db").string(), "--json", "--summary", "zebra"});
  BOOST_TEST(found.out.find("\"matches\":150000") != std::string::npos, lines(found.out).back() + found.err);
}

BOOST_AUTO_TEST_CASE(long_articles_are_analysed_in_turn_in_bounded_memory) {
  // Four articles of 20 MB, analysed by two threads: side by side they took
  // over 400 MB.
  TempDir dir;
  std::string line = "Markets rallied after the central bank said it would hold rates steady through spring.\n";
  std::string text = "Headline\n\n";
  while (text.size() < (20u << 20)) text += line;
  for (int i = 0; i < 4; ++i) write_file(dir / ("corpus/long" + std::to_string(i) + ".txt"), text);
  int status = 0;
  long megabytes = index_peak_megabytes({"--db", (dir / "db").string(), "--jobs", "2", (dir / "corpus").string()}, status);
  BOOST_TEST_MESSAGE("four 20 MB articles indexed with a peak of " << megabytes << " MB");
  BOOST_TEST(status == 0);
  if (WADI_PEAK_MEMORY_CHECKED) BOOST_TEST(megabytes < 340);
}

BOOST_AUTO_TEST_CASE(json_lines_file_read_in_parts_updates_one_line_and_finds_repeated_ids) {
  // More lines than one part: an edit deep in the file re-indexes one
  // article, and an id repeated across parts is found.
  TempDir dir;
  auto write = [&](int edited, int lines) {
    std::ofstream out(dir / "feed.jsonl");
    for (int i = 0; i < lines; ++i) out << (i == edited ? json_line(-1, "id" + std::to_string(i)) : json_line(i, "id" + std::to_string(i)));
    out << json_line(5, "id5");
  };
  std::vector<std::string> args{"--db", (dir / "db").string(), "--jobs", "2", (dir / "feed.jsonl").string()};
  write(-1, 2500);
  Run first = index(args);
  BOOST_TEST(first.out.find("2500 added") == 0u, first.out);
  BOOST_TEST(lines(first.err) == std::vector<std::string>{warning(dir / "feed.jsonl", "line 2501: same id as line 6: skipped")},
             boost::test_tools::per_element());
  fs::last_write_time(dir / "feed.jsonl", fs::last_write_time(dir / "feed.jsonl") - std::chrono::seconds(10));
  write(2200, 2499);
  Run second = index(args);
  BOOST_TEST(second.out.find("0 added, 1 updated, 1 removed, 2498 unchanged") == 0u, second.out);
}

BOOST_AUTO_TEST_CASE(json_line_over_16_mb_is_skipped_with_one_warning_and_the_rest_indexed) {
  TempDir dir;
  std::string big = R"({"title": "Big", "body": ")";
  big.append(17u << 20, 'w');
  big += "\"}\n";
  write_file(dir / "corpus/feed.jsonl", json_line(1) + big + json_line(3));
  Run r = index({"--db", (dir / "db").string(), (dir / "corpus").string()});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{warning(dir / "corpus/feed.jsonl", "line 2: over 16 MB: skipped")},
             boost::test_tools::per_element());
  BOOST_TEST(r.out.find("2 added") == 0u, r.out);
}

BOOST_AUTO_TEST_CASE(article_text_over_16_mb_is_cut_with_a_problem) {
  std::string text = "Headline\n\n";
  while (text.size() < (17u << 20)) text += "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 zebra ";
  wadi::ReadResult r = wadi::read_articles(wadi::FileContext{"/corpus/big.txt", "2020-02-02", "corpus"}, text);
  BOOST_TEST_REQUIRE(r.articles.size() == 1u);
  BOOST_TEST(r.articles[0].body.size() <= (16u << 20));
  BOOST_TEST(r.articles[0].body.size() > (16u << 20) - 4);
  BOOST_TEST(wadi::is_valid_utf8(r.articles[0].body));
  BOOST_TEST(r.problems == std::vector<std::string>{"text over 16 MB: only its first 16 MB indexed"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sparse_gigabyte_of_zeros_is_found_binary_from_its_first_bytes) {
  TempDir dir;
  write_file(dir / "corpus/zeros.jsonl", "");
  fs::resize_file(dir / "corpus/zeros.jsonl", (1u << 30) - 1);
  write_file(dir / "corpus/ok.txt", "Headline\n\nA zebra.\n");
  int status = 0;
  long megabytes = index_peak_megabytes({"--db", (dir / "db").string(), (dir / "corpus").string()}, status);
  BOOST_TEST(status == 0);
  if (WADI_PEAK_MEMORY_CHECKED) BOOST_TEST(megabytes < 100);
  Run again = index({"--db", (dir / "db").string(), (dir / "corpus").string()});
  BOOST_TEST(lines(again.err) == std::vector<std::string>{warning(dir / "corpus/zeros.jsonl", "skipped: binary file (control bytes, not text)")},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(file_grown_past_the_limit_after_listing_is_read_no_further) {
  // In process, to grow it at exactly that moment: text at first, then a
  // sparse tail far past the 64 MB an article may have.
  TempDir dir;
  write_file(dir / "corpus/growing.txt", "Headline\n\n" + std::string(100'000, 'a') + "\n");
  write_file(dir / "corpus/ok.txt", "Headline\n\nA zebra.\n");
  wadi::IndexOptions options;
  options.database = dir / "db";
  options.jobs = 1;
  options.after_listing = [&] { fs::resize_file(dir / "corpus/growing.txt", 3ull << 30); };
  std::ostringstream warnings;
  wadi::IndexStats stats = wadi::CorpusIndexer(options, warnings).index({dir / "corpus"});
  BOOST_TEST(lines(warnings.str()) == std::vector<std::string>{warning(dir / "corpus/growing.txt", "skipped: too large (over 64 MB)")},
             boost::test_tools::per_element());
  BOOST_TEST(stats.added == 1u);
}

BOOST_AUTO_TEST_CASE(fifo_swapped_in_after_listing_is_skipped_not_waited_for) {
  TempDir dir;
  write_file(dir / "corpus/swapped.txt", "Headline\n\nA zebra.\n");
  write_file(dir / "corpus/ok.txt", "Headline\n\nA zebra.\n");
  wadi::IndexOptions options;
  options.database = dir / "db";
  options.jobs = 1;
  options.after_listing = [&] {
    fs::remove(dir / "corpus/swapped.txt");
    BOOST_TEST_REQUIRE(mkfifo((dir / "corpus/swapped.txt").c_str(), 0644) == 0);
  };
  std::ostringstream warnings;
  wadi::IndexStats stats = wadi::CorpusIndexer(options, warnings).index({dir / "corpus"});
  BOOST_TEST(lines(warnings.str()) == std::vector<std::string>{warning(dir / "corpus/swapped.txt", "skipped: not a regular file")},
             boost::test_tools::per_element());
  BOOST_TEST(stats.added == 1u);
}

BOOST_AUTO_TEST_CASE(a_stop_requested_during_removals_is_heard_and_a_rerun_finishes) {
  // In process: the stop arrives before the first removal, as Ctrl-C would
  // during a long one.
  TempDir dir;
  for (int i = 0; i < 50; ++i) write_file(dir / ("corpus/a" + std::to_string(i) + ".txt"), "Headline\n\nA zebra " + std::to_string(i) + ".\n");
  write_file(dir / "corpus/keep.txt", "Kept\n\nThis one stays.\n");
  wadi::IndexOptions options;
  options.database = dir / "db";
  options.jobs = 1;
  std::ostringstream warnings;
  BOOST_TEST_REQUIRE(wadi::CorpusIndexer(options, warnings).index({dir / "corpus"}).added == 51u);
  for (int i = 0; i < 50; ++i) fs::remove(dir / ("corpus/a" + std::to_string(i) + ".txt"));
  wadi::request_stop();
  wadi::IndexStats stopped = wadi::CorpusIndexer(options, warnings).index({dir / "corpus"});
  BOOST_TEST(stopped.interrupted);
  BOOST_TEST(stopped.removed == 0u);
  wadi::IndexStats again = wadi::CorpusIndexer(options, warnings).index({dir / "corpus"});
  BOOST_TEST(!again.interrupted);
  BOOST_TEST(again.removed == 50u);
  BOOST_TEST(again.unchanged == 1u);
}

BOOST_AUTO_TEST_CASE(key_filter_answers_maybe_for_every_key_added_in_a_fixed_size) {
  // A million keys: each added one is "maybe" again, few new ones are, and
  // the size is the same as for none.
  wadi::KeyFilter filter;
  std::size_t false_maybes = 0;
  for (std::uint64_t i = 0; i < 1000000; ++i) false_maybes += filter.insert(XXH3_64bits(&i, sizeof i));
  for (std::uint64_t i = 0; i < 1000000; i += 997) BOOST_TEST_REQUIRE(filter.insert(XXH3_64bits(&i, sizeof i)));
  BOOST_TEST(false_maybes < 2000u);
  BOOST_TEST(wadi::KeyFilter::bytes() == std::size_t{4} << 20);
}

BOOST_AUTO_TEST_SUITE_END()
