// reliability: wadi keeps its promises when things go wrong (design.md §1,
// "Safety"; issue 7). Each case runs the real `index` and `search`:
//   1. kill -9 at random points: the database always opens, passes
//      xapian-check and keeps every committed batch; a re-run ends with
//      exactly one document per article.
//   2. SIGINT/SIGTERM: what is done is committed, said, exit 130/143.
//   3. `search` in a loop while `index` commits: no search fails.
//   4. A second `index` on the same database fails at once.
//   5. Hostile input: each bad file gets its one-line warning and the rest
//      of the corpus is indexed; bad databases get a one-line error.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/text_decoder.h"
#include "corpus_indexer.h"
#include "e2e_support.h"

namespace fs = std::filesystem;
using namespace wadi::test;
using namespace std::chrono_literals;

namespace {

// Run as root, tests of permissions run the programs as this user instead.
constexpr uid_t kNobody = 65534;

// A program running in the background, its output captured in files. Unlike
// run(), it can be signalled, can run with a limit on the size of the files
// it writes (RLIMIT_FSIZE: writes past it fail as on a full disk), and, when
// the tests run as root, as an unprivileged user.
class Background {
 public:
  Background(const std::string& program, const std::vector<std::string>& args,
             rlim_t file_size_limit = RLIM_INFINITY, bool unprivileged = false) {
    std::string out = (capture_ / "out").string(), err = (capture_ / "err").string();
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("cannot fork");
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      int in = open("/dev/null", O_RDONLY), o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644),
          e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(in, 0), dup2(o, 1), dup2(e, 2);
      if (file_size_limit != RLIM_INFINITY) {
        rlimit limit{file_size_limit, file_size_limit};
        setrlimit(RLIMIT_FSIZE, &limit);
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGXFSZ, &ignore, nullptr);  // so that a write fails with EFBIG instead
      }
      if (unprivileged && geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0))
        _exit(126);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  bool running() {
    if (pid_ <= 0) return false;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    status_ = status;
    pid_ = -pid_;
    return false;
  }
  void signal(int sig) {
    if (pid_ > 0) kill(pid_, sig);
  }
  Run wait() {
    if (pid_ > 0) {
      waitpid(pid_, &status_, 0);
      pid_ = -pid_;
    }
    int code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    return Run{code, slurp("out"), slurp("err")};
  }

 private:
  std::string slurp(const char* name) const {
    std::ifstream in(capture_ / name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  TempDir capture_;
  pid_t pid_ = 0;
  int status_ = 0;
};

std::vector<std::string> index_args(const fs::path& db, const fs::path& corpus, std::size_t batch) {
  return {"--db", db.string(), "--batch", std::to_string(batch), "--jobs", "2", corpus.string()};
}

// A few thousand distinct articles: a headline, a body of common words and
// a word of its own ("uniq123") so that each can be found alone.
void write_corpus(const fs::path& root, int articles) {
  std::mt19937 random(7);
  std::vector<std::string> words;
  for (int i = 0; i < 1500; ++i) {
    std::string word;
    for (int n = 3 + static_cast<int>(random() % 7); n > 0; --n) word += static_cast<char>('a' + random() % 26);
    words.push_back(word);
  }
  for (int i = 0; i < articles; ++i) {
    std::string text = "Report " + std::to_string(i) + " on " + words[i % words.size()] + " and " +
                       words[(i * 7) % words.size()] + "\n\ncommon ";
    for (int w = 0; w < 60; ++w) text += words[random() % words.size()] + (w % 12 == 11 ? ". " : " ");
    text += "uniq" + std::to_string(i) + ".\n";
    char name[32];
    std::snprintf(name, sizeof name, "s%02d/a%05d.txt", i / 250, i);
    write_file(root / name, text);
  }
}

// What the database holds: one document and one unique id term per article.
struct Census {
  Xapian::doccount documents = 0;
  std::size_t ids = 0;            // distinct Q terms
  std::size_t shared_ids = 0;     // Q terms on more than one document
};

Census census(const fs::path& db) {
  Xapian::Database database(db.string());
  Census c;
  c.documents = database.get_doccount();
  for (auto t = database.allterms_begin("Q"); t != database.allterms_end("Q"); ++t) {
    ++c.ids;
    if (t.get_termfreq() != 1) ++c.shared_ids;
  }
  return c;
}

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (access((fs::path(dir) / name).c_str(), X_OK) == 0) return (fs::path(dir) / name).string();
  return "";
}

// Runs xapian-check on `db`; true when it is not installed (said once).
bool xapian_check_passes(const fs::path& db, std::string& report) {
  static const std::string program = find_program("xapian-check");
  static bool told = false;
  if (program.empty()) {
    if (!told) BOOST_TEST_MESSAGE("xapian-check is not installed (apt-get install xapian-tools): structural checks skipped");
    told = true;
    return true;
  }
  Run check = run(program, {db.string()});
  report = check.out + check.err;
  return check.status == 0 && check.out.find("No errors found") != std::string::npos;
}

unsigned test_seed() {
  const char* given = std::getenv("WADI_RELIABILITY_SEED");
  unsigned seed = given ? static_cast<unsigned>(std::strtoul(given, nullptr, 10)) : std::random_device{}();
  BOOST_TEST_MESSAGE("random seed " << seed << " (set WADI_RELIABILITY_SEED to repeat)");
  return seed;
}


// Waits until `db` exists as a database (the index run has opened it).
void wait_for_database(const fs::path& db) {
  for (int i = 0; i < 500 && !fs::exists(db / "iamglass"); ++i) std::this_thread::sleep_for(10ms);
}

// The number at the start of "1234 added, ..." and before " unchanged".
std::size_t summary_count(const std::string& summary, const std::string& what) {
  std::istringstream in(summary);
  std::string number, word;
  while (in >> number >> word)
    if (word.rfind(what, 0) == 0) return std::stoul(number);
  return static_cast<std::size_t>(-1);
}

void interrupt_commits_what_is_done(int sig) {
  TempDir dir;
  const int kArticles = 3000;
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

// Runs `index` as the user running the tests, or as nobody when that is root
// (for whom permissions do not stop reading or writing).
Run index_unprivileged(const std::vector<std::string>& args) {
  return Background(WADI_INDEX_BIN, args, RLIM_INFINITY, true).wait();
}

// Lets index_unprivileged() create a database at `db`.
void make_database_folder_for_unprivileged(const fs::path& db) {
  fs::create_directories(db);
  if (geteuid() == 0) BOOST_REQUIRE(chown(db.c_str(), kNobody, kNobody) == 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reliability)

BOOST_AUTO_TEST_CASE(kill_9_at_random_points_keeps_every_committed_batch) {
  TempDir dir;
  const int kArticles = 4000;
  write_corpus(dir / "corpus", kArticles);
  fs::path db = dir / "db";
  std::mt19937 random(test_seed());
  Xapian::doccount committed = 0;
  int kills_mid_run = 0;
  for (int kill = 1; kill <= 20; ++kill) {
    Background indexing(WADI_INDEX_BIN, index_args(db, dir / "corpus", 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + random() % 250));
    bool was_running = indexing.running();
    indexing.signal(SIGKILL);
    Run killed = indexing.wait();
    if (!was_running) {
      BOOST_TEST_MESSAGE("kill " << kill << ": index had already finished: " << killed.out << killed.err);
      continue;
    }
    ++kills_mid_run;
    if (!fs::exists(db / "iamglass")) {
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

  Run finish = index(index_args(db, dir / "corpus", 10));
  BOOST_TEST(finish.status == 0, finish.err);
  Census final = census(db);
  BOOST_TEST(final.documents == static_cast<Xapian::doccount>(kArticles));
  BOOST_TEST(final.ids == static_cast<std::size_t>(kArticles));
  BOOST_TEST(final.shared_ids == 0u);
  std::string report;
  BOOST_TEST(xapian_check_passes(db, report), report);
  Run again = index(index_args(db, dir / "corpus", 10));
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
    Run again = index(index_args(db, dir / "corpus", 10));
    BOOST_TEST(again.status == 0, again.err);
    BOOST_TEST(census(db).documents == 50u);
  }
  for (const auto& entry : fs::directory_iterator(dir.path()))
    BOOST_TEST(entry.path().filename().string().find(".creating-") == std::string::npos, entry.path());
}

BOOST_AUTO_TEST_CASE(leftovers_of_an_interrupted_creation_are_cleared) {
  HostileCorpus c;
  write_file(c.db() / "flintlock", "");
  write_file(c.db() / "postlist.glass", std::string(8192, '\x01'));
  write_file(c.db() / "termlist.glass", "");
  write_file(c.db() / "v.tmp", "partial");
  Run r = c.index();
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(c.good_articles_indexed());
  std::string report;
  BOOST_TEST(xapian_check_passes(c.db(), report), report);
}

BOOST_AUTO_TEST_CASE(sigint_commits_what_is_done_and_exits_130) { interrupt_commits_what_is_done(SIGINT); }

BOOST_AUTO_TEST_CASE(sigterm_commits_what_is_done_and_exits_143) { interrupt_commits_what_is_done(SIGTERM); }

BOOST_AUTO_TEST_CASE(searches_never_fail_while_index_commits) {
  TempDir dir;
  const int kArticles = 2000;
  write_corpus(dir / "corpus", kArticles);
  fs::path db = dir / "db";
  // A first part, so that searches have something to find from the start.
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus/s00", 1000)).status == 0);
  Background indexing(WADI_INDEX_BIN, index_args(db, dir / "corpus", 5));
  int searches = 0, failures = 0;
  Xapian::doccount last_count = 0;
  const std::vector<std::vector<std::string>> queries{
      {"common"}, {"\"common\" OR uniq1500"}, {"report", "--sort", "-date"}, {"comm*", "--facets"}};
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
  BOOST_TEST(seconds < 2.0);
  first.signal(SIGTERM);
  BOOST_TEST(first.wait().status == 128 + SIGTERM);
}

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
  BOOST_TEST(seconds < 5.0);
  BOOST_TEST(c.good_articles_indexed());
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_skipped_with_a_warning) {
  HostileCorpus c;
  write_file(c.path("bad/secret.txt"), "Secret headline\n\nNobody may read this.\n");
  fs::permissions(c.path("bad/secret.txt"), fs::perms::none);
  make_database_folder_for_unprivileged(c.db());
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
  make_database_folder_for_unprivileged(c.db());
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
  write_file(c.db() / "iamglass", std::string(136, '\x5A'));
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

BOOST_AUTO_TEST_CASE(garbage_in_the_tables_is_one_line_and_exit_3) {
  HostileCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  std::mt19937 random(3);
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>(random());
  for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass"}) {
    std::fstream file(c.db() / table, std::ios::in | std::ios::out | std::ios::binary);
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

BOOST_AUTO_TEST_CASE(write_failure_as_on_a_full_disk_keeps_the_last_commit) {
  // A full disk cannot be made without root; a limit on file size fails
  // Xapian's writes the same way (EFBIG instead of ENOSPC).
  TempDir dir;
  write_corpus(dir / "corpus", 1500);
  fs::path db = dir / "db";
  BOOST_TEST_REQUIRE(index(index_args(db, dir / "corpus/s00", 100)).status == 0);
  Xapian::doccount before = census(db).documents;
  std::uintmax_t largest = 0;
  for (const auto& entry : fs::directory_iterator(db)) largest = std::max(largest, entry.file_size());
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
