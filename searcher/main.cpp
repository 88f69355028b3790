// search: answers a query against the database built by `index`.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>

#include <boost/program_options.hpp>
#include <unistd.h>
#include <xapian.h>

#include "analysis/database_location.h"
#include "analysis/terminal_text.h"
#include "result_printer.h"
#include "searcher.h"

namespace po = boost::program_options;

namespace {

int fail(const std::string& message, int code) {
  std::cerr << "search: " << wadi::for_terminal(message) << '\n';  // it may name a file of any name
  return code;
}

wadi::SortOrder sort_order(const std::string& name) {
  if (name == "relevance") return wadi::SortOrder::kRelevance;
  if (name == "date") return wadi::SortOrder::kDate;
  if (name == "-date") return wadi::SortOrder::kDateReverse;
  throw po::error("--sort takes relevance, date (oldest first) or -date (newest first), not '" + name + "'");
}

// Times each query of `file` through the whole search path (parse, match,
// snippets), in one process: what a server answering queries would see.
int run_benchmark(const std::string& file, const std::string& db_option, const wadi::SearchOptions& options) {
  std::ifstream in(file);
  if (!in) return fail(file + ": cannot read the query file", 3);
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) queries.push_back(line);
  if (queries.empty()) return fail(file + ": no queries in it", 2);
  try {
    wadi::Searcher searcher(wadi::database_location(db_option));
    std::vector<double> ms;
    std::size_t refused = 0;
    for (const std::string& q : queries) {
      auto start = std::chrono::steady_clock::now();
      try {
        searcher.search(q, options);
      } catch (const wadi::QueryError&) {
        ++refused;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
    std::cout << nlohmann::json{{"queries", ms.size()}, {"refused", refused}, {"p50_ms", at(0.50)},
                                {"p90_ms", at(0.90)}, {"p99_ms", at(0.99)}, {"max_ms", ms.back()}}.dump()
              << '\n';
    return 0;
  } catch (const wadi::NoDatabaseLocation& e) {
    return fail(e.what(), 2);
  } catch (const Xapian::Error& e) {
    return fail(e.get_description(), 3);
  }
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Usage: search [OPTIONS] [--] QUERY...\nOptions");
  options.add_options()
      ("db", po::value<std::string>()->default_value(""), "database folder, or a Xapian stub file listing shards (default: $WADI_DB, else ~/.local/share/wadi/db)")
      ("limit,n", po::value<std::size_t>()->default_value(10), "how many results")
      ("offset", po::value<std::size_t>()->default_value(0), "skip this many results")
      ("page,p", po::value<std::size_t>(), "page number (1 is the first), of --limit results each")
      ("sort", po::value<std::string>()->default_value("relevance"), "relevance, date (oldest first) or -date (newest first)")
      ("json", "print JSON Lines, one object per result")
      ("summary", "with --json: end with a summary object (count, suggestion, facets)")
      ("facets", "count matching articles by source, year and language")
      ("similar", po::value<std::string>(), "find articles like this one (its path or id)")
      ("no-feedback", "rank by the query's own words only, without the words its best articles share (faster; same matches)")
      ("explain", "show how the query was read")
      ("bench-file", po::value<std::string>(), "run every query in FILE (one a line) in this process and print latency percentiles")
      ("verbose,v", "say which database is used")
      ("help,h", "show this help and the query syntax")
      ("version", "show the version");
  po::options_description hidden;
  hidden.add_options()("query", po::value<std::vector<std::string>>()->default_value({}, ""), "");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);

  po::variables_map vm;
  wadi::SearchOptions search;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << options
                << "\nQuery syntax: words (all required, stemmed), \"exact phrase\", a OR b, a AND NOT b, -word, +word,\n"
                   "(groups), a NEAR/5 b, title:word, source:name, lang:ru, date:2017-01..2017-02, prefix*\n";
      return 0;
    }
    if (vm.count("version")) {
      std::cout << "search (wadi) " << WADI_VERSION << '\n';
      return 0;
    }
    po::notify(vm);
    search.limit = vm["limit"].as<std::size_t>();
    search.offset = vm["offset"].as<std::size_t>();
    if (vm.count("page")) {
      std::size_t page = vm["page"].as<std::size_t>();
      if (page == 0) throw po::error("--page counts from 1");
      search.offset = (page - 1) * search.limit;
    }
    search.sort = sort_order(vm["sort"].as<std::string>());
    search.facets = vm.count("facets") > 0;
    search.feedback = vm.count("no-feedback") == 0;
    if (vm.count("similar")) search.similar = vm["similar"].as<std::string>();
  } catch (const po::error& e) {
    return fail(std::string(e.what()) + " (see search --help)", 2);
  }
  if (vm.count("bench-file")) return run_benchmark(vm["bench-file"].as<std::string>(), vm["db"].as<std::string>(), search);
  std::string query;
  for (const std::string& word : vm["query"].as<std::vector<std::string>>()) query += (query.empty() ? "" : " ") + word;
  if (query.find_first_not_of(" \t\r\n") == std::string::npos && search.similar.empty())
    return fail("no query given: say what to look for, e.g. search \"wadi barada\" (see search --help)", 2);

  std::filesystem::path db;
  try {
    db = wadi::database_location(vm["db"].as<std::string>());
  } catch (const wadi::NoDatabaseLocation& e) {
    return fail(e.what(), 2);
  }
  if (vm.count("verbose")) std::cerr << "search: database " << wadi::for_terminal(db.string()) << '\n';
  if (!std::filesystem::exists(db))
    return fail("no database at " + db.string() + ": build one with: index --db " + db.string() + " corpus/", 3);
  try {
    wadi::Searcher searcher(db);
    wadi::SearchPage page = searcher.search(query, search);
    wadi::PrintOptions print;
    print.colour = isatty(STDOUT_FILENO) && !vm.count("json");
    print.explain = vm.count("explain") > 0;
    print.summary = vm.count("summary") > 0 || search.facets;
    print.working_dir = std::filesystem::current_path();
    if (vm.count("json")) wadi::print_json(std::cout, page, print);
    else wadi::print_text(std::cout, query, page, print);
    // Nothing is left to write or release that the kernel does not reclaim:
    // skipping the destructors of the database, ICU and Xapian caches saves a
    // measurable part of a short search's run time.
    std::cout.flush();
    if (!std::cout) return fail("cannot write the results: " + std::string(std::strerror(errno)), 3);
    std::_Exit(page.hits.empty() && page.matches == 0 ? 1 : 0);
  } catch (const wadi::QueryError& e) {
    return fail("query error at column " + std::to_string(e.column()) + ": " + e.what(), 2);
  } catch (const Xapian::WildcardError& e) {
    return fail("query error: a prefix* matches too many words (" + e.get_msg() + "): make the prefix longer", 2);
  } catch (const Xapian::DatabaseError& e) {
    return fail(db.string() + ": not a usable wadi database (" + e.get_description() + ")", 3);
  } catch (const Xapian::Error& e) {
    return fail(db.string() + ": " + e.get_description(), 3);
  } catch (const std::exception& e) {
    return fail(e.what(), 3);
  }
}
