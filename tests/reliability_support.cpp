#include "reliability_support.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/test/unit_test.hpp>

namespace fs = std::filesystem;

namespace wadi::test {
namespace {

constexpr uid_t kNobody = 65534;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (access((fs::path(dir) / name).c_str(), X_OK) == 0) return (fs::path(dir) / name).string();
  return "";
}

}  // namespace

Background::Background(const std::string& program, const std::vector<std::string>& args, rlim_t file_size_limit,
                       bool unprivileged) {
  std::string out = (capture_ / "out").string(), err = (capture_ / "err").string();
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> environment = child_environment();  // before fork: it allocates
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("cannot fork");
  if (pid_ > 0) return;
  // The child: only async-signal-safe calls until exec.
  int in = open("/dev/null", O_RDONLY), o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644),
      e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(126);
  if (file_size_limit != RLIM_INFINITY) {
    rlimit limit{file_size_limit, file_size_limit};
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    // Ignored, SIGXFSZ no longer kills: the write fails with EFBIG instead.
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0 || sigaction(SIGXFSZ, &ignore, nullptr) != 0) _exit(126);
  }
  if (unprivileged && geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0))
    _exit(126);
  execve(program.c_str(), argv.data(), environment.data());
  _exit(127);
}

Background::~Background() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool Background::running() {
  if (pid_ <= 0) return false;
  if (waitpid(pid_, &status_, WNOHANG) == 0) return true;
  pid_ = -pid_;
  return false;
}

void Background::signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

Run Background::wait() {
  if (pid_ > 0) {
    waitpid(pid_, &status_, 0);
    pid_ = -pid_;
  }
  int code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  return Run{code, slurp(capture_ / "out"), slurp(capture_ / "err")};
}

Run index_unprivileged(const std::vector<std::string>& args) {
  return Background(WADI_INDEX_BIN, args, RLIM_INFINITY, true).wait();
}

void let_unprivileged_create(const fs::path& db) {
  fs::path parent = db.parent_path();
  fs::create_directories(parent);
  if (geteuid() == 0) BOOST_REQUIRE(chown(parent.c_str(), kNobody, kNobody) == 0);
}

std::vector<std::string> index_args(const fs::path& db, const fs::path& corpus, std::size_t batch) {
  return {"--db", db.string(), "--batch", std::to_string(batch), "--jobs", "2", corpus.string()};
}

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

std::vector<fs::path> xapian_databases_in(const fs::path& db) {
  std::vector<fs::path> found;
  if (fs::exists(db / "iamglass")) found.push_back(db);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(db, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_directory() && fs::exists(it->path() / "iamglass")) found.push_back(it->path());
  std::sort(found.begin(), found.end());
  return found;
}

bool xapian_check_passes(const fs::path& db, std::string& report) {
  static const std::string program = find_program("xapian-check");
  static bool told = false;
  if (program.empty()) {
    if (!told) BOOST_TEST_MESSAGE("xapian-check is not installed (apt-get install xapian-tools): structural checks skipped");
    told = true;
    return true;
  }
  report.clear();
  bool passed = true;
  for (const fs::path& part : xapian_databases_in(db)) {
    Run check = run(program, {part.string()});
    if (check.status != 0 || check.out.find("No errors found") == std::string::npos) {
      passed = false;
      report += part.string() + ": " + check.out + check.err;
    }
  }
  return passed;
}

void wait_for_database(const fs::path& db) {
  for (int i = 0; i < 500 && !fs::exists(db); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // Created (renamed into place) just before the run opens and locks it.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

std::size_t summary_count(const std::string& summary, const std::string& what) {
  std::istringstream in(summary);
  std::string number, word;
  while (in >> number >> word)
    if (word.rfind(what, 0) == 0) return std::stoul(number);
  return static_cast<std::size_t>(-1);
}

}  // namespace wadi::test
