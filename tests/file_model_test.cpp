// file_model: random sequences of file operations (create, edit, touch,
// delete, move, copy, folder rename, links; names with Latin-1 bytes, tabs,
// newlines, spaces, long names), with `index` runs on the whole corpus and
// on sub-folders, some killed with SIGKILL at a random moment. After each
// completed run on the whole corpus the database must be what a model of the
// file tree says: one article per distinct content, each at a path that
// opens and holds that content, no ghost. After a run on a sub-folder:
// no two articles at one path, and every article under it opens and holds
// its content.
//
// Repeatable: WADI_MODEL_SEED (default 1) seeds the first sequence, each
// next one the seed after; WADI_MODEL_SEQUENCES (default 300) and
// WADI_MODEL_OPS (operations per sequence, default 24) size the run. A
// failure names the seed and the operations that led to it.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <xapian.h>

#include "analysis/stored_article.h"
#include "corpus_indexer.h"
#include "e2e_support.h"
#include "reliability_support.h"

using namespace wadi::test;
namespace fs = std::filesystem;

namespace {

std::size_t env_number(const char* name, std::size_t fallback) {
  const char* given = std::getenv(name);
  return given ? std::strtoull(given, nullptr, 10) : fallback;
}

// "\xNN" back to its byte (see path_bytes in `search --json`).
std::string unescape(const std::string& escaped) {
  std::string out;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 3 < escaped.size() && escaped[i + 1] == 'x') {
      out += static_cast<char>(std::stoi(escaped.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else {
      out += escaped[i];
    }
  }
  return out;
}

class Model {
 public:
  Model(unsigned seed, const fs::path& root) : random_(seed), root_(root.string()) { fs::create_directories(root); }

  // One random operation on the tree and the model; returns what it did.
  std::string step() {
    const int kind = pick(files_.empty() ? 1 : 10);
    switch (kind) {
      case 0: return create(fresh_content());
      case 1: return create(fresh_content());
      case 2: return edit();
      case 3: return touch();
      case 4: return remove();
      case 5: return move();
      case 6: return copy();
      case 7: return rename_folder();
      case 8: return link();
      default: return move();
    }
  }

  // A folder of the corpus to run on (or the root).
  std::string some_folder() {
    std::vector<std::string> folders{root_};
    for (const auto& [path, entry] : files_) {
      std::string parent = fs::path(path).parent_path().string();
      if (parent != root_) folders.push_back(parent);
    }
    return folders[pick(static_cast<int>(folders.size()))];
  }

  // The content number of what `path` holds now, if it is an article file.
  std::optional<int> content_at(const std::string& path) const {
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    if (it->second.link_to.empty()) return it->second.content;
    auto target = files_.find(it->second.link_to);
    if (target == files_.end() || !target->second.link_to.empty()) return std::nullopt;
    return target->second.content;
  }

  std::set<int> contents() const {
    std::set<int> out;
    for (const auto& [path, entry] : files_)
      if (auto c = content_at(path)) out.insert(*c);
    return out;
  }

  const std::string& root() const { return root_; }
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

 private:
  struct Entry {
    int content = 0;
    std::string link_to;  // a link: the path it points to
  };

  int fresh_content() { return ++last_content_; }

  std::string name() {
    static const std::vector<std::string> odd{"caf\xe9", "caf\xe8", "tab\there", "new\nline", "with space", "#hash",
                                              "back\\slash", "\xff\xfe", "ok"};
    std::string base;
    switch (pick(5)) {
      case 0: base = odd[pick(static_cast<int>(odd.size()))]; break;
      case 1: base = std::string(150 + pick(80), 'n'); break;
      default: base = "f" + std::to_string(pick(30)); break;
    }
    return base + (pick(2) ? ".txt" : ".md");
  }

  std::string folder() {
    static const std::vector<std::string> folders{"", "a", "b", "a/deep", "caf\xe9 dir", std::string(120, 'd')};
    std::string f = folders[pick(static_cast<int>(folders.size()))];
    return f.empty() ? root_ : root_ + "/" + f;
  }

  std::string fresh_path() {
    for (;;) {
      std::string path = folder() + "/" + name();
      if (!files_.count(path) && !fs::exists(fs::path(path))) return path;
    }
  }

  std::string some_file() {
    auto it = files_.begin();
    std::advance(it, pick(static_cast<int>(files_.size())));
    return it->first;
  }

  // Distinct mtimes, so that an edit is never hidden by the clock's grain.
  void stamp(const std::string& path) {
    ++clock_;
    timespec times[2] = {{clock_, 0}, {clock_, 0}};
    utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
  }

  void write(const std::string& path, int content) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << "Story uniq" << content << "\n\nThe body of story uniq" << content
                                          << std::string(static_cast<std::size_t>(content % 7), '!') << "\n";
    stamp(path);
  }

  std::string create(int content) {
    std::string path = fresh_path();
    write(path, content);
    files_[path] = {content, {}};
    return "create " + path;
  }
  std::string edit() {
    std::string path = some_file();
    if (!files_[path].link_to.empty()) return touch();
    int content = pick(3) == 0 && !files_.empty() ? files_[some_file()].content : fresh_content();
    if (content == 0) content = fresh_content();
    write(path, content);
    files_[path].content = content;
    return "edit " + path;
  }
  std::string touch() {
    std::string path = some_file();
    stamp(path);
    return "touch " + path;
  }
  std::string remove() {
    std::string path = some_file();
    fs::remove(path);
    files_.erase(path);
    return "delete " + path;
  }
  std::string move() {
    std::string from = some_file(), to = fresh_path();
    fs::create_directories(fs::path(to).parent_path());
    fs::rename(from, to);
    files_[to] = files_[from];
    files_.erase(from);
    return "move " + from + " -> " + to;
  }
  std::string copy() {
    std::string from = some_file();
    if (!files_[from].link_to.empty()) return touch();
    std::string to = fresh_path();
    write(to, files_[from].content);
    files_[to] = files_[from];
    return "copy " + from + " -> " + to;
  }
  std::string rename_folder() {
    std::string from = root_ + "/" + (pick(2) ? "a" : "b"), to = root_ + "/" + (pick(2) ? "c" : "a2");
    if (!fs::exists(from) || fs::exists(to)) return touch();
    fs::rename(from, to);
    std::map<std::string, Entry> renamed;
    for (const auto& [path, entry] : files_)
      renamed[path.rfind(from + "/", 0) == 0 ? to + path.substr(from.size()) : path] = entry;
    // Links hold absolute targets: one pointing into the renamed folder now
    // dangles (its target is no longer in the model: no content).
    files_ = std::move(renamed);
    return "rename " + from + " -> " + to;
  }
  std::string link() {
    std::string target = some_file(), path = fresh_path();
    fs::create_directories(fs::path(path).parent_path());
    fs::create_symlink(target, path);
    files_[path] = {0, target};
    return "link " + path + " -> " + target;
  }

  std::mt19937 random_;
  std::string root_;
  std::map<std::string, Entry> files_;
  int last_content_ = 0;
  time_t clock_ = 1'500'000'000;
};

struct Article {
  std::string path;
  int content = -1;
};

std::vector<Article> articles_in(const fs::path& db) {
  std::vector<Article> out;
  Xapian::Database xdb(db.string());
  for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
    Xapian::Document doc = xdb.get_document(*it);
    wadi::schema::StoredArticle stored = wadi::schema::decode_article(doc.get_data());
    Article a;
    a.path = stored.fields.contains("path_bytes") ? unescape(stored.fields["path_bytes"].get<std::string>())
                                                  : stored.fields.value("path", "");
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if ((*t).rfind("uniq", 0) == 0) a.content = std::stoi((*t).substr(4));
    out.push_back(a);
  }
  return out;
}

// What `path` holds on disk, as a content number (-1: it does not open).
int content_on_disk(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head;
  if (!in || !std::getline(in, head) || head.rfind("Story uniq", 0) != 0) return -1;
  return std::stoi(head.substr(10));
}

bool inside(const std::string& path, const std::string& folder) {
  return path == folder || path.rfind(folder + "/", 0) == 0;
}

// Checks the database against the model; returns what is wrong.
std::string check(const Model& model, const fs::path& db, const std::string& scope, bool whole) {
  std::ostringstream wrong;
  std::vector<Article> articles = articles_in(db);
  std::set<std::string> paths;
  std::multiset<int> contents;
  for (const Article& a : articles) {
    if (!paths.insert(a.path).second) wrong << "two articles at " << a.path << "; ";
    contents.insert(a.content);
    if (!inside(a.path, scope) && !whole) continue;
    int on_disk = content_on_disk(a.path);
    if (on_disk != a.content) wrong << "article uniq" << a.content << " at " << a.path << " which holds " << on_disk << "; ";
  }
  if (whole) {
    std::set<int> expected = model.contents();
    for (int c : expected)
      if (contents.count(c) != 1) wrong << "content uniq" << c << " has " << contents.count(c) << " articles; ";
    for (int c : contents)
      if (!expected.count(c)) wrong << "article uniq" << c << " for content no file holds; ";
  }
  return wrong.str();
}

std::string index_in_process(const fs::path& db, const std::vector<fs::path>& roots, bool prune) {
  wadi::IndexOptions options;
  options.database = db;
  options.jobs = 2;
  options.batch_articles = 3;
  options.prune = prune;
  options.verbose = true;
  std::ostringstream warnings;
  wadi::IndexStats stats = wadi::CorpusIndexer(options, warnings).index(roots);
  return warnings.str() + wadi::summary_line(stats) + "\n";
}

void kill_a_run(const fs::path& db, const std::string& root, Model& model) {
  Background run(WADI_INDEX_BIN, {"--db", db.string(), "--batch", "2", "--jobs", "2", root});
  std::this_thread::sleep_for(std::chrono::microseconds(model.pick(30000)));
  run.signal(SIGKILL);
  run.wait();
}

// Runs one sequence; returns "" or what went wrong, with the operations.
std::string run_sequence(unsigned seed, std::size_t operations) {
  TempDir dir;
  Model model(seed, dir / "corpus");
  const fs::path db = dir / "db";
  std::string log;
  for (std::size_t i = 0; i < operations; ++i) {
    log += model.step() + "\n";
    if (model.pick(4) != 0 && i + 1 < operations) continue;
    const int how = model.pick(8);
    std::string scope = model.root();
    try {
      if (how == 0) {
        log += "index (killed) " + scope + "\n";
        kill_a_run(db, scope, model);
        continue;
      }
      if (how <= 2) scope = model.some_folder();
      const bool prune = how == 3;
      log += std::string(prune ? "index --prune " : "index ") + scope + "\n";
      log += index_in_process(db, {scope}, prune);
    } catch (const std::exception& e) {
      return "index threw: " + std::string(e.what()) + "\n" + log;
    }
    if (std::string wrong = check(model, db, scope, scope == model.root()); !wrong.empty())
      return wrong + "\n" + log;
  }
  log += "index " + model.root() + "\n";
  log += index_in_process(db, {model.root()}, false);
  if (std::string wrong = check(model, db, model.root(), true); !wrong.empty()) return wrong + "\n" + log;
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_model)

BOOST_AUTO_TEST_CASE(the_database_follows_random_changes_to_the_files) {
  const unsigned first = static_cast<unsigned>(env_number("WADI_MODEL_SEED", 1));
  const std::size_t sequences = env_number("WADI_MODEL_SEQUENCES", 300);
  const std::size_t operations = env_number("WADI_MODEL_OPS", 24);
  // Hundreds of small commits: in memory, where a commit's fsync costs nothing.
  std::optional<ScopedEnv> in_memory;
  if (access("/dev/shm", W_OK) == 0) in_memory.emplace("TMPDIR", "/dev/shm");
  for (std::size_t s = 0; s < sequences; ++s) {
    const unsigned seed = first + static_cast<unsigned>(s);
    std::string wrong = run_sequence(seed, operations);
    BOOST_TEST_REQUIRE(wrong.empty(), "seed " << seed << " (WADI_MODEL_SEED=" << seed
                                              << " WADI_MODEL_SEQUENCES=1 repeats it): " << wrong);
  }
  BOOST_TEST_MESSAGE(sequences << " sequences of " << operations << " operations from seed " << first);
}

BOOST_AUTO_TEST_SUITE_END()
