#include "e2e_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

extern char** environ;

namespace wadi::test {
namespace {

// The variables set by a live ScopedEnv.
std::set<std::string>& scoped_names() {
  static std::set<std::string> names;
  return names;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Run run(const std::string& program, const std::vector<std::string>& args) {
  TempDir capture;
  std::string out = (capture / "out").string(), err = (capture / "err").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), child_environment().data()) != 0)
    throw std::runtime_error("cannot run " + program);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return Run{code, slurp(out), slurp(err)};
}

ScopedEnv::ScopedEnv(const char* name, const std::string& value) : name_(name) {
  setenv(name, value.c_str(), 1);
  scoped_names().insert(name);
}

ScopedEnv::~ScopedEnv() {
  unsetenv(name_);
  scoped_names().erase(name_);
}

std::vector<char*> child_environment() {
  std::vector<char*> entries;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string name(entry.substr(0, entry.find('=')));
    if (!name.starts_with("WADI_") || scoped_names().contains(name)) entries.push_back(*e);
  }
  entries.push_back(nullptr);
  return entries;
}

Run index(const std::vector<std::string>& args) { return run(WADI_INDEX_BIN, args); }
Run search(const std::vector<std::string>& args) { return run(WADI_SEARCH_BIN, args); }

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() / ("wadi-test-" + std::to_string(random()) + std::to_string(getpid()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) result.push_back(line);
  return result;
}

std::vector<nlohmann::json> result_hits(const std::string& json_lines) {
  std::vector<nlohmann::json> hits;
  for (const std::string& line : lines(json_lines)) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j.contains("key")) hits.push_back(std::move(j));
  }
  return hits;
}

std::vector<std::string> result_paths(const std::string& json_lines) {
  std::vector<std::string> paths;
  for (const nlohmann::json& hit : result_hits(json_lines))
    if (hit.contains("path")) paths.push_back(hit["path"].get<std::string>());
  return paths;
}

std::filesystem::path seed_corpus() { return std::filesystem::path(WADI_SOURCE_DIR) / "corpus"; }

int free_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(s, reinterpret_cast<sockaddr*>(&address), &size);
  close(s);
  return ntohs(address.sin_port);
}

}  // namespace wadi::test
