// Running the real `index` and `search` binaries on a temporary corpus.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace wadi::test {

struct Run {
  int status;  // exit code
  std::string out;
  std::string err;
};

// Runs `program` with `args` (no shell), capturing its output.
Run run(const std::string& program, const std::vector<std::string>& args);

Run index(const std::vector<std::string>& args);
Run search(const std::vector<std::string>& args);

// Sets an environment variable for the programs started while this lives.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// A fresh folder under the system temp folder, removed when this goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `path`, creating folders.
void write_file(const std::filesystem::path& path, const std::string& content);

// The lines of `text`, without empty ones.
std::vector<std::string> lines(const std::string& text);

// The "path" of each JSON line `search --json` printed, in rank order.
std::vector<std::string> result_paths(const std::string& json_lines);

// The repository's corpus/ folder.
std::filesystem::path seed_corpus();

}  // namespace wadi::test
