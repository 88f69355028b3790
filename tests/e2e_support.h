// Running the real `index` and `search` binaries on a temporary corpus.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
// A WADI_ variable reaches them only when set this way (see
// child_environment()).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// The environment the programs run with: this process's, less the WADI_
// variables no ScopedEnv set, so that a user's exported WADI_PRF=0 cannot
// change what a test sees. Pointers into `environ`, null-terminated.
std::vector<char*> child_environment();

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

// The hits (lines with a "key") `search --json` printed, in rank order;
// the summary line is left out.
std::vector<nlohmann::json> result_hits(const std::string& json_lines);

// The "path" of each hit `search --json` printed, in rank order.
std::vector<std::string> result_paths(const std::string& json_lines);

// The repository's corpus/ folder.
std::filesystem::path seed_corpus();

// A TCP port on the loopback interface that nothing listened on a moment ago.
int free_port();

}  // namespace wadi::test
