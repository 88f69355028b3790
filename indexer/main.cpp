// index: adds, updates and removes the articles under each PATH in the database.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <boost/program_options.hpp>
#include <unistd.h>
#include <xapian.h>

#include "analysis/database_location.h"
#include "analysis/terminal_text.h"
#include "corpus_indexer.h"

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

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Usage: index [OPTIONS] PATH...\nOptions");
  options.add_options()
      ("db", po::value<std::string>()->default_value(""), "database folder (default: $WADI_DB, else ~/.local/share/wadi/db)")
      ("jobs,j", po::value<unsigned>()->default_value(0), "analysis threads (default: one per core)")
      ("batch", po::value<std::size_t>()->default_value(2000), "commit after this many changed articles")
      ("shard", po::value<std::string>(), "K/N: index only shard K of N (1 <= K <= N), for a corpus split over N databases searched together")
      ("compact", "then rewrite the database compactly: about half the size after a first run, searches a little faster")
      ("verbose,v", "say which database is used and name duplicates and removed files")
      ("help,h", "show this help")
      ("version", "show the version");
  po::options_description hidden;
  hidden.add_options()("path", po::value<std::vector<std::string>>()->default_value({}, ""), "");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("path", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << options;
      return 0;
    }
    if (vm.count("version")) {
      std::cout << "index (wadi) " << WADI_VERSION << '\n';
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return fail(std::string(e.what()) + " (see index --help)", 2);
  }
  const auto& paths = vm["path"].as<std::vector<std::string>>();
  if (paths.empty()) return fail("no PATH given: say which articles to index, e.g. index corpus/ (see index --help)", 2);

  wadi::IndexOptions config;
  try {
    config.database = wadi::database_location(vm["db"].as<std::string>());
  } catch (const wadi::NoDatabaseLocation& e) {
    return fail(e.what(), 2);
  }
  config.jobs = vm["jobs"].as<unsigned>();
  config.batch_articles = std::max<std::size_t>(1, vm["batch"].as<std::size_t>());
  config.compact = vm.count("compact") > 0;
  if (vm.count("shard")) {
    const std::string spec = vm["shard"].as<std::string>();
    unsigned k = 0, n = 0;
    char slash = 0, extra = 0;
    if (std::sscanf(spec.c_str(), "%u %c %u %c", &k, &slash, &n, &extra) != 3 || slash != '/' || k < 1 || k > n)
      return fail("--shard '" + spec + "': give K/N with 1 <= K <= N, e.g. --shard 1/3", 2);
    config.shard = k;
    config.shards = n;
  }
  config.progress = isatty(STDERR_FILENO);
  config.verbose = vm.count("verbose") > 0;
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
    if (!std::cout) return fail(std::string("cannot write the summary to standard output: ") + std::strerror(errno), 3);
    if (message_buffer.broken()) return 3;  // nowhere left to say so
    if (stats.interrupted) {
      std::cerr << "index: interrupted: everything above is committed; run index again to finish\n";
      return 128 + (g_signal ? g_signal : SIGINT);
    }
    return 0;
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian reports an unwritable folder as a lock error too; only its message tells them apart.
    if (e.get_msg().find("already locked") != std::string::npos)
      return fail("database is locked by another index run: " + config.database.string(), 3);
    std::string::size_type colon = e.get_msg().rfind(": ");
    std::string reason = colon == std::string::npos ? e.get_msg() : e.get_msg().substr(colon + 2);
    return fail(config.database.string() + ": cannot write to the database folder (" + reason + ")", 3);
  } catch (const Xapian::DatabaseCorruptError& e) {
    return fail(config.database.string() + ": the database is damaged (" + e.get_msg() +
                "): move it away and run index again to rebuild it", 3);
  } catch (const Xapian::Error& e) {
    return fail(config.database.string() + ": " + e.get_description(), 3);
  } catch (const std::filesystem::filesystem_error& e) {
    return fail(e.path1().string() + ": " + e.code().message(), 3);
  } catch (const std::exception& e) {
    return fail(e.what(), 3);
  }
}
