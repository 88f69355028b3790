// index: adds, updates and removes the articles under each PATH in the database.
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>
#include <unistd.h>
#include <xapian.h>

#include "analysis/bounded_option.h"
#include "analysis/command_line.h"
#include "analysis/database_location.h"
#include "analysis/ranking_settings.h"
#include "analysis/terminal_text.h"
#include "corpus_indexer.h"
#include "file_catalog.h"
#include "metadata.h"
#include "saved_searches.h"

namespace po = boost::program_options;

// Read by jemalloc when CMake links it in (WADI_JEMALLOC), ignored otherwise:
// freed pages go back to the system after a second instead of ten, which
// keeps the peak memory of a run where glibc's malloc has it, at no
// measured cost in speed.
extern "C" {
const char* malloc_conf = "dirty_decay_ms:1000,muzzy_decay_ms:0";
}

namespace {

volatile std::sig_atomic_t g_signal = 0;

void on_signal(int signal) {
  g_signal = signal;
  wadi::request_stop();
  std::signal(signal, SIG_DFL);  // a second Ctrl-C ends at once
}

// index's messages, written to stderr. When stderr is closed under it
// (`index … 2>&1 | head`), the run stops as after Ctrl-C, committing what is
// done, instead of dying of SIGPIPE with its last batch lost.
class MessageBuffer : public std::streambuf {
 public:
  bool broken() const { return broken_; }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize done = 0; done < n && !broken_;) {
      ssize_t written = ::write(STDERR_FILENO, s + done, static_cast<std::size_t>(n - done));
      if (written > 0) done += written;
      else if (written < 0 && errno != EINTR) broken_ = true;
    }
    if (broken_) wadi::request_stop();
    return broken_ ? 0 : n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }

 private:
  bool broken_ = false;
};

int fail(const std::string& message, int code) {
  std::cerr << "index: " << wadi::for_terminal(message) << '\n';  // it may name a file of any name
  return code;
}

// The options index --help lists.
po::options_description declared_options() {
  po::options_description options("Usage: index [OPTIONS] PATH...\n       index --prune [OPTIONS] [PATH...]\nOptions");
  options.add_options()
      ("db", po::value<std::string>()->default_value(""), "database folder (default: $WADI_DB, else ~/.local/share/wadi/db)")
      ("jobs,j", po::value<long long>(), "analysis threads, 1 to 256 (default: one per core)")
      ("batch", po::value<long long>(), "commit after this many changed articles, 1 to 1,000,000 (default 1000)")
      ("shard", po::value<std::string>(), "K/N: index only shard K of N (1 <= K <= N), for a corpus split over N databases searched together")
      ("prune", "also drop the articles of every indexed file that is gone, under any path (PATH may then be omitted)")
      ("follow-links", "read links to files wherever they point (by default, only links to files under a PATH given)")
      ("date-from", po::value<std::string>(), "where to date an article that gives no date, in order: text (a dateline or "
                                              "\"Published:\" line), path (2017/01/19/x.txt), mtime (the file's time); "
                                              "default: as the database records, else text,path,mtime")
      ("stories", po::value<std::string>(), "on|off: group near-identical articles (copies of one report) into stories, "
                                            "which search shows once; default: as the database records, else on")
      ("compact", "then rewrite the database compactly (done by default after a first run of more than one batch): "
                  "about half the size, searches a little faster")
      ("no-compact", "do not compact after a first run")
      ("verbose,v", "say which database is used and name duplicates and removed files")
      ("help,h", "show this help")
      ("version", "show the version");
  return options;
}

// Reads the command line into `vm` and the bounded numbers into `config`;
// returns the exit code when there is nothing to index: --help, --version
// or a usage error.
std::optional<int> read_command_line(int argc, char** argv, po::variables_map& vm, wadi::IndexOptions& config) {
  const po::options_description options = declared_options();
  const std::string help_tail =
      "\nReads: .txt .text .md .markdown (one article), .html .htm .xhtml (one article),\n"
      ".jsonl .ndjson (one article per line); other files are skipped with a warning.\n"
      "A run that adds or changes articles ends with a line per saved search they match (search --save).\n"
      "Exit codes: 0 done, 2 usage error, 3 I/O or database error, 130/143 stopped by a signal.\n" +
      wadi::environment_help("index");
  try {
    wadi::store_arguments({argv + std::min(argc, 1), argv + argc}, options, "path", vm);
    if (wadi::answered_help_or_version(vm, options, "index", help_tail, WADI_VERSION)) return 0;
    po::notify(vm);
    config.jobs = static_cast<unsigned>(wadi::bounded_option(vm, "jobs", 1, 256, 0));
    config.batch_articles = static_cast<std::size_t>(wadi::bounded_option(vm, "batch", 1, 1000000, 1000));
  } catch (const po::error& e) {
    return fail(std::string(e.what()) + " (see index --help)", 2);
  }
  return std::nullopt;
}

// Reads the rest of the options and the environment into `config`; returns
// the exit code of a usage error.
std::optional<int> read_settings(const po::variables_map& vm, wadi::IndexOptions& config) {
  try {
    config.database = wadi::database_location(vm["db"].as<std::string>());
  } catch (const wadi::NoDatabaseLocation& e) {
    return fail(e.what(), 2);
  }
  config.compact = vm.count("compact") > 0;
  config.compact_first_run = vm.count("no-compact") == 0;
  if (vm.count("shard")) {
    const std::string spec = vm["shard"].as<std::string>();
    unsigned k = 0, n = 0;
    char slash = 0, extra = 0;
    if (std::sscanf(spec.c_str(), "%u %c %u %c", &k, &slash, &n, &extra) != 3 || slash != '/' || k < 1 || k > n)
      return fail("--shard '" + spec + "': give K/N with 1 <= K <= N, e.g. --shard 1/3", 2);
    config.shard = k;
    config.shards = n;
  }
  if (vm.count("date-from")) {
    try {
      config.date_order = wadi::parse_date_order(vm["date-from"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      return fail("--date-from '" + vm["date-from"].as<std::string>() + "': " + e.what() + ", e.g. --date-from text,path,mtime", 2);
    }
  }
  if (vm.count("stories")) {
    const std::string stories = vm["stories"].as<std::string>();
    if (stories != "on" && stories != "off") return fail("--stories '" + stories + "': give on or off", 2);
    config.stories = stories == "on";
  }
  config.ranking = wadi::RankingSettings::from_environment(wadi::wadi_variables(environ), "index", std::cerr);
  config.progress = isatty(STDERR_FILENO);
  config.verbose = vm.count("verbose") > 0;
  config.prune = vm.count("prune") > 0;
  config.follow_links = vm.count("follow-links") > 0;
  return std::nullopt;
}

// The exception being handled as one line on stderr; returns its exit code.
// `database`: the one indexed into.
int report_error(const std::filesystem::path& database) {
  try {
    throw;
  } catch (const wadi::OptionConflict& e) {
    return fail(e.what(), 2);
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian reports an unwritable folder as a lock error too; only its message tells them apart.
    if (e.get_msg().find("already locked") != std::string::npos)
      return fail("database is locked by another index run: " + database.string(), 3);
    std::string::size_type colon = e.get_msg().rfind(": ");
    std::string reason = colon == std::string::npos ? e.get_msg() : e.get_msg().substr(colon + 2);
    return fail(database.string() + ": cannot write to the database folder (" + reason + ")", 3);
  } catch (const Xapian::DatabaseCorruptError& e) {
    return fail(database.string() + ": the database is damaged (" + e.get_msg() +
                "): move it away and run index again to rebuild it", 3);
  } catch (const Xapian::Error& e) {
    return fail(database.string() + ": " + e.get_description(), 3);
  } catch (const std::filesystem::filesystem_error& e) {
    return fail(wadi::escaped_path(e.path1().string(), true) + ": " + e.code().message(), 3);
  } catch (const std::exception& e) {
    return fail(e.what(), 3);
  }
}

// One line per saved search that the run's new or changed articles match
// ("3 new for wadi-barada"): one query each, over those articles only. A
// saved search that cannot be asked gets a warning; the run stands.
std::string saved_search_report(const wadi::IndexOptions& config, std::uint64_t run) {
  std::ostringstream report;
  if (run == 0) return "";
  try {
    for (const wadi::RunMatches& found : wadi::matches_of_run(config.database, run, config.ranking)) {
      if (found.error.empty()) report << found.count << " new for " << wadi::for_terminal(found.name) << '\n';
      else std::cerr << "index: warning: saved search " << wadi::for_terminal(found.name + ": " + found.error) << '\n';
    }
  } catch (const wadi::SavedSearchError&) {
    // A database without a catalog has no saved searches.
  } catch (const Xapian::Error& e) {
    std::cerr << "index: warning: saved searches not checked: " << wadi::for_terminal(e.get_description()) << '\n';
  }
  return report.str();
}

}  // namespace

int main(int argc, char** argv) {
  po::variables_map vm;
  wadi::IndexOptions config;
  if (std::optional<int> done = read_command_line(argc, argv, vm, config)) return *done;
  const auto& paths = vm["path"].as<std::vector<std::string>>();
  if (paths.empty() && !vm.count("prune")) return fail("no PATH given: say which articles to index, e.g. index corpus/ (see index --help)", 2);
  if (std::optional<int> error = read_settings(vm, config)) return *error;
  if (config.verbose) std::cerr << "index: database " << wadi::for_terminal(config.database.string()) << '\n';

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);  // a closed output is a failed write, seen and handled
  MessageBuffer message_buffer;
  std::ostream messages(&message_buffer);
  try {
    wadi::CorpusIndexer indexer(config, messages);
    wadi::IndexStats stats = indexer.index({paths.begin(), paths.end()});
    std::cout << wadi::summary_line(stats) << std::endl;
    if (std::cout) std::cout << saved_search_report(config, stats.run) << std::flush;  // errno: the failed write's
    if (!std::cout) return fail(std::string("cannot write the summary to standard output: ") + std::strerror(errno), 3);
    if (message_buffer.broken()) return 3;  // nowhere left to say so
    if (stats.interrupted) {
      std::cerr << "index: interrupted: everything above is committed; run index again to finish\n";
      return 128 + (g_signal ? g_signal : SIGINT);
    }
    return 0;
  } catch (...) {
    return report_error(config.database);
  }
}
