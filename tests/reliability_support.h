// What the reliability tests share: programs run in the background (to be
// signalled, limited or run unprivileged), a generated corpus, and a census
// of what a database holds.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "e2e_support.h"

namespace wadi::test {

// A program running in the background, its output captured in files. Unlike
// run(), it can be signalled, can run with a limit on the size of the files
// it writes (RLIMIT_FSIZE: writes past it fail as on a full disk), and, when
// `unprivileged` and the tests run as root, as the user nobody.
class Background {
 public:
  Background(const std::string& program, const std::vector<std::string>& args,
             rlim_t file_size_limit = RLIM_INFINITY, bool unprivileged = false);
  ~Background();  // kills a program still running
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  bool running();
  void signal(int sig);
  Run wait();  // status: the exit code, or 128 + the signal that ended it

 private:
  TempDir capture_;
  pid_t pid_ = 0;  // negative once reaped
  int status_ = 0;
};

// Runs `index` as the user running the tests, or as nobody when that is root
// (for whom permissions do not stop reading or writing).
Run index_unprivileged(const std::vector<std::string>& args);

// Lets index_unprivileged() create a database at `db` (makes its parent
// folder nobody's when the tests run as root).
void let_unprivileged_create(const std::filesystem::path& db);

// index's arguments for a run with two threads committing every `batch` articles.
std::vector<std::string> index_args(const std::filesystem::path& db, const std::filesystem::path& corpus,
                                    std::size_t batch);

// `articles` distinct articles in folders of 250: a headline, a body of
// common words ("common" in each) and a word of its own ("uniq123").
void write_corpus(const std::filesystem::path& root, int articles);

// What a database holds: one document and one unique id term per article.
struct Census {
  Xapian::doccount documents = 0;
  std::size_t ids = 0;         // distinct Q terms
  std::size_t shared_ids = 0;  // Q terms on more than one document
};
Census census(const std::filesystem::path& db);  // throws when it does not open

// The Xapian databases a wadi database folder is made of (itself, or its
// shards and catalog).
std::vector<std::filesystem::path> xapian_databases_in(const std::filesystem::path& db);

// Runs xapian-check on each of them, failures in `report`; true when
// xapian-check is not installed (said once, as a test message).
bool xapian_check_passes(const std::filesystem::path& db, std::string& report);

// Waits (up to 5 s) until an index run has created the database `db`, and a
// moment more for it to open it.
void wait_for_database(const std::filesystem::path& db);

// The count before `what` in index's summary ("12 added, 0 updated, ...").
std::size_t summary_count(const std::string& summary, const std::string& what);

}  // namespace wadi::test
