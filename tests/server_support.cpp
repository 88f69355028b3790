#include "server_support.h"

#include <csignal>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

namespace wadi::test {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& args) {
  std::vector<std::string> words = {WADI_SEARCH_BIN, "--serve", "127.0.0.1:0", "--db", db};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const std::string out = (output_ / "out").string(), err = (output_ / "err").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int spawned = posix_spawn(&pid_, WADI_SEARCH_BIN, &actions, nullptr, argv.data(), child_environment().data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + std::string(WADI_SEARCH_BIN));
  const std::regex url(R"(http://127\.0\.0\.1:([0-9]+)/)");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20 * WADI_TIME_SCALE);
  while (std::chrono::steady_clock::now() < give_up) {
    std::smatch found;
    const std::string printed = read_all(out);
    if (std::regex_search(printed, found, url)) {
      port_ = std::stoi(found[1].str());
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("search --serve ended at once: " + read_all(err));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("search --serve printed no URL within 20 s: " + read_all(err));
}

Run ServerProcess::stop() {
  Run run{-1, "", ""};
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
  }
  run.out = read_all(output_ / "out");
  run.err = read_all(output_ / "err");
  return run;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

}  // namespace wadi::test
