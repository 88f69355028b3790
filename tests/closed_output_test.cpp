// closed_output: where the programs' output cannot go. A full disk or a
// closed pipe on stdout or stderr is a failed write, said in one line where
// possible, exit 3; never a silent exit 0, never a death by SIGPIPE that
// loses the batch being indexed. And a default database location that would
// depend on the working folder (no HOME, a relative XDG_DATA_HOME) is refused.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "e2e_support.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace wadi::test;

namespace {

// Where a program's stdout or stderr goes.
enum class Output { kCaptured, kFullDisk, kClosedPipe };

// Runs `program` with stdout and stderr sent as told, SIGPIPE in its default
// disposition whatever the test runner does with it; captured streams are
// returned, the others are empty.
Run run_to(const std::string& program, const std::vector<std::string>& args, Output out, Output err) {
  TempDir capture;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<int> to_close;
  for (auto [fd, where] : {std::pair{1, out}, std::pair{2, err}}) {
    std::string file = (capture / std::to_string(fd)).string();
    if (where == Output::kCaptured) {
      posix_spawn_file_actions_addopen(&actions, fd, file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    } else if (where == Output::kFullDisk) {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/full", O_WRONLY, 0);
    } else {
      int ends[2];
      BOOST_TEST_REQUIRE(pipe(ends) == 0);
      close(ends[0]);  // no reader: every write fails with EPIPE (or SIGPIPE)
      posix_spawn_file_actions_adddup2(&actions, ends[1], fd);
      to_close.push_back(ends[1]);
    }
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &pipe_signal);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  int spawned = posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  for (int fd : to_close) close(fd);
  BOOST_TEST_REQUIRE(spawned == 0);
  int status = 0;
  waitpid(pid, &status, 0);
  auto slurp = [&](int fd) {
    std::ifstream in(capture / std::to_string(fd), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(1), slurp(2)};
}

// Unsets (or sets) an environment variable while it lives, restoring it after.
class EnvOverride {
 public:
  EnvOverride(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) setenv(name, value->c_str(), 1);
    else unsetenv(name);
  }
  ~EnvOverride() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class SmallCorpus {
 public:
  SmallCorpus() {
    write_file(corpus() / "a/alpha.txt", "Alpha headline\n\nThe first article mentions a zebra.\n");
    write_file(corpus() / "a/beta.txt", "Beta headline\n\nThe second article mentions a zebra too.\n");
  }
  fs::path corpus() const { return dir_ / "corpus"; }
  fs::path db() const { return dir_ / "db"; }
  std::vector<std::string> index_args() const { return {"--db", db().string(), "--jobs", "1", corpus().string()}; }
  std::size_t zebras() const { return result_paths(search({"--db", db().string(), "--json", "zebra"}).out).size(); }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(closed_output)

BOOST_AUTO_TEST_CASE(index_summary_to_a_full_disk_exits_3_with_one_line) {
  SmallCorpus c;
  Run r = run_to(WADI_INDEX_BIN, c.index_args(), Output::kFullDisk, Output::kCaptured);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.err == "index: cannot write the summary to standard output: No space left on device\n");
  BOOST_TEST(c.zebras() == 2u);  // the work itself is committed
}

BOOST_AUTO_TEST_CASE(index_summary_to_a_closed_pipe_exits_3_with_one_line) {
  SmallCorpus c;
  Run r = run_to(WADI_INDEX_BIN, c.index_args(), Output::kClosedPipe, Output::kCaptured);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.err == "index: cannot write the summary to standard output: Broken pipe\n");
  BOOST_TEST(c.zebras() == 2u);
}

BOOST_AUTO_TEST_CASE(index_whose_messages_cannot_be_written_stops_cleanly_after_committing) {
  // `index corpus 2>&1 | head`: once head is gone, the next warning fails.
  // The files before it stay committed and the run says it failed.
  SmallCorpus c;
  for (int i = 0; i < 5; ++i) write_file(c.corpus() / ("z/empty" + std::to_string(i) + ".txt"), "");
  Run r = run_to(WADI_INDEX_BIN, c.index_args(), Output::kCaptured, Output::kClosedPipe);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(c.zebras() == 2u);
  // A run with its messages seen finishes the job.
  Run again = index(c.index_args());
  BOOST_TEST(again.status == 0, again.err);
  BOOST_TEST(lines(again.err).size() == 5u, again.err);
}

BOOST_AUTO_TEST_CASE(search_results_to_a_full_disk_exit_3_with_one_line) {
  SmallCorpus c;
  BOOST_TEST_REQUIRE(index(c.index_args()).status == 0);
  Run r = run_to(WADI_SEARCH_BIN, {"--db", c.db().string(), "zebra"}, Output::kFullDisk, Output::kCaptured);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.err == "search: cannot write the results: No space left on device\n");
}

// `index` and `search` without --db, run from the corpus's folder: where
// would the default database go?
static std::pair<Run, Run> both_without_db(SmallCorpus& c) {
  fs::path working = fs::current_path();
  fs::current_path(c.dir().path());
  Run i = index({c.corpus().string()});
  Run s = search({"zebra"});
  fs::current_path(working);
  return {i, s};
}

BOOST_AUTO_TEST_CASE(default_database_without_home_is_refused_by_both_programs) {
  SmallCorpus c;
  EnvOverride no_db("WADI_DB", std::nullopt), no_data("XDG_DATA_HOME", std::nullopt), no_home("HOME", std::nullopt);
  auto [i, s] = both_without_db(c);
  BOOST_TEST(i.status == 2);
  BOOST_TEST(i.err.rfind("index: HOME is not set", 0) == 0u, i.err);
  BOOST_TEST(lines(i.err).size() == 1u, i.err);
  BOOST_TEST(s.status == 2);
  BOOST_TEST(s.err.rfind("search: HOME is not set", 0) == 0u, s.err);
  BOOST_TEST(!fs::exists(c.dir() / ".local"));
}

BOOST_AUTO_TEST_CASE(relative_data_home_is_refused_by_both_programs) {
  SmallCorpus c;
  EnvOverride no_db("WADI_DB", std::nullopt), data("XDG_DATA_HOME", std::string("data"));
  auto [i, s] = both_without_db(c);
  BOOST_TEST(i.status == 2);
  BOOST_TEST(i.err.rfind("index: XDG_DATA_HOME is a relative path ('data')", 0) == 0u, i.err);
  BOOST_TEST(lines(i.err).size() == 1u, i.err);
  BOOST_TEST(s.status == 2);
  BOOST_TEST(s.err.rfind("search: XDG_DATA_HOME is a relative path ('data')", 0) == 0u, s.err);
  BOOST_TEST(!fs::exists(c.dir() / "data"));
}

BOOST_AUTO_TEST_SUITE_END()
