// search: answers a query against the database built by `index`.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>
#include <unistd.h>
#include <xapian.h>

#include "analysis/bounded_option.h"
#include "analysis/command_line.h"
#include "analysis/database_location.h"
#include "article_view.h"
#include "analysis/ranking_settings.h"
#include "analysis/terminal_text.h"
#include "result_printer.h"
#include "saved_searches.h"
#include "searcher.h"
#include "similar_articles.h"
#ifdef WADI_SERVER_PROGRAM
#include "http_server.h"
#endif

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
// snippets), in one process, after one untimed pass over them all: what a
// server answering queries would see.
int run_benchmark(const std::string& file, const std::string& db_option, const wadi::SearchOptions& options,
                  const wadi::RankingSettings& ranking, double timeout) {
  std::ifstream in(file);
  if (!in) return fail(file + ": cannot read the query file", 3);
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) queries.push_back(line);
  if (queries.empty()) return fail(file + ": no queries in it", 2);
  try {
    wadi::Searcher searcher(wadi::database_location(db_option), ranking, timeout);
    // One untimed pass first, as scripts/bench does for Xapian and FTS5: the
    // times are then of warm caches for every tool alike.
    for (const std::string& q : queries) {
      try {
        searcher.search(q, options);
      } catch (const wadi::QueryError&) {
      }
    }
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

constexpr long long kMaxLimit = 10000;
constexpr long long kMaxOffset = 1000000;

// The option `arg` names (as "--name", "--name=value", "-x" or "-x5"), if
// it is one of `options`: read from the option table itself, so that a new
// option cannot be missing here.
const po::option_description* option_named(const std::string& arg, const po::options_description& options) {
  if (arg.size() < 2 || arg[0] != '-') return nullptr;
  for (const auto& option : options.options()) {
    if (arg.starts_with("--")) {
      const std::string name = arg.substr(2, arg.find('=') - 2);
      if (!name.empty() && option->long_name() == name) return option.get();
    } else if (option->canonical_display_name(po::command_line_style::allow_dash_for_short) == arg.substr(0, 2)) {
      // "-n5" is -n with its value; "-vx" is not an option of ours.
      const bool joined_value = option->semantic()->max_tokens() > 0 &&
                                arg.find_first_not_of("0123456789", 2) == std::string::npos;
      if (arg.size() == 2 || joined_value) return option.get();
    }
  }
  return nullptr;
}

// Whether `word` is a value of the option `name` whose value is optional
// (--timeline [UNIT], --serve [[HOST:]PORT]).
bool fits_optional_value(const std::string& name, const std::string& word) {
  try {
    if (name == "timeline") wadi::timeline_unit(word);
    // Whatever looks like an address is one, to be refused with its reason
    // (--serve takes no query anyway).
    else if (name == "serve") return word.find(':') != std::string::npos || word.find_first_not_of("0123456789") == std::string::npos;
    else return false;
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

// `-word` is documented query syntax, but Boost would read "-brown" in
// `search blair -brown` as options -b -r -o...: after the first query word,
// an argument that is not one of our options is a query word. The query
// words are moved after a "--", in their order, for Boost to take as such.
std::vector<std::string> arguments_with_query_last(int argc, char** argv, const po::options_description& table) {
  std::vector<std::string> args, query;  // without the program name, as Boost takes a vector
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      query.insert(query.end(), argv + i + 1, argv + argc);
      break;
    }
    const po::option_description* option = option_named(arg, table);
    // Boost names an unknown "--option" anywhere, and an unknown "-x" before any query word.
    const bool for_boost = option || arg.starts_with("--") || (arg.size() > 1 && arg[0] == '-' && query.empty());
    if (!for_boost) {
      query.push_back(arg);
      continue;
    }
    args.push_back(arg);
    bool value_follows = option && option->semantic()->max_tokens() > 0 && arg.find('=') == std::string::npos &&
                         !(arg.size() > 2 && arg[1] != '-');
    // An optional value (--timeline [UNIT]) follows only when it is one:
    // in `search --timeline wadi`, "wadi" is the query.
    if (value_follows && option->semantic()->min_tokens() == 0)
      value_follows = i + 1 < argc && fits_optional_value(option->long_name(), argv[i + 1]);
    if (value_follows && i + 1 < argc) args.push_back(argv[++i]);
  }
  args.push_back("--");
  args.insert(args.end(), query.begin(), query.end());
  return args;
}

bool colour_wanted(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  if (when != "auto") throw po::error("--color takes auto, always or never, not '" + when + "'");
  const char* no_colour = std::getenv("NO_COLOR");  // https://no-color.org: set and not empty
  return isatty(STDOUT_FILENO) && !(no_colour != nullptr && *no_colour != '\0');
}

// The options search --help lists.
po::options_description declared_options() {
  po::options_description options("Usage: search [OPTIONS] [--] QUERY...\nOptions");
  options.add_options()
      ("db", po::value<std::string>()->default_value(""), "database folder, or a Xapian stub file listing shards (default: $WADI_DB, else ~/.local/share/wadi/db)")
      ("limit,n", po::value<long long>(), "how many results, 0 to 10,000 (default 10; 0: only the count)")
      ("offset", po::value<long long>(), "skip this many results, up to 1,000,000")
      ("page,p", po::value<long long>(), "page number (1 is the first), of --limit results each; not with --offset")
      ("all", "match every article (as the query '*'), e.g. with --sort date or a filter")
      ("sort", po::value<std::string>()->default_value("relevance"), "relevance, date (oldest first) or -date (newest first)")
      ("all-versions", "show every version of a story (near-identical articles), not only its best-ranked one")
      ("json", "print JSON Lines, one object per result")
      ("color", po::value<std::string>()->default_value("auto"), "auto (on a terminal, unless NO_COLOR is set), always or never")
      ("summary", "with --json: end with a summary object (count, suggestion, facets)")
      ("facets", "count matching articles by source, year and language")
      ("timeline", po::value<std::string>()->implicit_value("auto"), "count matching articles by date: --timeline [auto|year|month|day] (auto: by the span)")
      ("similar", po::value<std::string>(), "find articles like this one (its path or id)")
      ("timeout", po::value<double>()->default_value(wadi::kDefaultTimeout, "10"), "seconds a search may take, remote shards included: then a partial answer and a note, or an error when a shard does not answer")
      ("show", po::value<std::string>(), "print the whole article with this path or key, with the query's words marked if one is given")
      ("no-feedback", "rank by the query's own words only, without the words its best articles share (faster; same matches)")
      ("explain", "show how the query was read")
      ("serve", po::value<std::string>()->implicit_value("127.0.0.1:8080"), "serve the search page and the JSON API at [HOST:]PORT (default 127.0.0.1:8080; host: loopback unless given) until Ctrl-C")
      ("save", po::value<std::string>(), "save the query as NAME (letters, digits, - and _) in the database: each index run then says how many of its articles match it")
      ("saved", "list the saved searches: name, how many new articles match, when saved, query")
      ("unsave", po::value<std::string>(), "drop the saved search NAME")
      ("new", po::value<std::string>(), "the articles that index runs added or changed since the saved search NAME last listed them, which then are no longer new")
      ("bench-file", po::value<std::string>(), "run every query in FILE (one a line) in this process, once untimed and once timed, and print latency percentiles")
      ("verbose,v", "say which database is used")
      ("help,h", "show this help and the query syntax")
      ("version", "show the version");
  return options;
}

// The saved-search option given (--save, --saved, --unsave or --new), or "".
std::string saved_search_option(const po::variables_map& vm) {
  for (const char* name : {"save", "saved", "unsave", "new"})
    if (vm.count(name)) return name;
  return "";
}

// Throws po::error for saved-search options that do not go together.
void check_saved_search_options(const po::variables_map& vm) {
  const std::string option = saved_search_option(vm);
  if (option.empty()) return;
  if (vm.count("save") + vm.count("saved") + vm.count("unsave") + vm.count("new") > 1)
    throw po::error("--save, --saved, --unsave and --new do one thing each: give one");
  for (const char* other : {"similar", "show", "serve", "bench-file"})
    if (vm.count(other)) throw po::error("--" + option + " does not go with --" + other);
  const bool query = !vm["query"].as<std::vector<std::string>>().empty() || vm.count("all");
  if (option == "save" && !query) throw po::error("--save NAME: give the query to save after it");
  if (option != "save" && query) throw po::error("--" + option + " takes no query");
  try {
    if (option != "saved") wadi::check_saved_name(vm[option].as<std::string>());
  } catch (const wadi::SavedSearchError& e) {
    throw po::error(e.what());
  }
}

// Reads the options that say how to search and show results into `search`
// and `colour`. Throws po::error for a value out of range or options that
// do not go together.
void read_search_options(const po::variables_map& vm, wadi::SearchOptions& search, bool& colour) {
  search.limit = static_cast<std::size_t>(wadi::bounded_option(vm, "limit", 0, kMaxLimit, 10));
  search.offset = static_cast<std::size_t>(wadi::bounded_option(vm, "offset", 0, kMaxOffset, 0));
  if (vm.count("page")) {
    if (vm.count("offset")) throw po::error("--page and --offset both say where to start: give one");
    const long long pages = kMaxOffset / std::max<long long>(1, static_cast<long long>(search.limit)) + 1;
    search.offset = static_cast<std::size_t>(wadi::bounded_option(vm, "page", 1, pages, 1) - 1) * search.limit;
  }
  if (vm.count("summary") && !vm.count("json"))
    throw po::error("--summary goes with --json (the text output always shows the count)");
  colour = !vm.count("json") && colour_wanted(vm["color"].as<std::string>());
  search.sort = sort_order(vm["sort"].as<std::string>());
  search.facets = vm.count("facets") > 0;
  if (vm.count("timeline")) {
    try {
      search.timeline = wadi::timeline_unit(vm["timeline"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw po::error(std::string("--timeline: ") + e.what());
    }
  }
  search.feedback = vm.count("no-feedback") == 0;
  search.all_versions = vm.count("all-versions") > 0;
  if (vm.count("similar")) search.similar = vm["similar"].as<std::string>();
  if (!(vm["timeout"].as<double>() > 0)) throw po::error("--timeout takes a number of seconds above 0");
  check_saved_search_options(vm);
}

// Reads the command line into `vm`, `search` and `colour`; returns the exit
// code when there is nothing to search: --help, --version or a usage error.
std::optional<int> read_command_line(int argc, char** argv, po::variables_map& vm, wadi::SearchOptions& search,
                                     bool& colour) {
  const po::options_description options = declared_options();
  const std::string help_tail =
      "\nQuery syntax: words (all required, stemmed), \"exact phrase\", a OR b, a AND NOT b, -word, +word,\n"
      "(groups), a NEAR/5 b, title:word, source:name, lang:ru, date:2017-01..2017-02, prefix*, * (every article)\n"
      "\nExit codes: 0 results, 1 no results, 2 usage or query error, 3 database or I/O error.\n" +
      wadi::environment_help("search");
  try {
    wadi::store_arguments(arguments_with_query_last(argc, argv, options), options, "query", vm);
    if (wadi::answered_help_or_version(vm, options, "search", help_tail, WADI_VERSION)) return 0;
    po::notify(vm);
    read_search_options(vm, search, colour);
  } catch (const po::error& e) {
    return fail(std::string(e.what()) + " (see search --help)", 2);
  }
  return std::nullopt;
}

// The query words of the command line as one query, with --all.
std::string query_of(const po::variables_map& vm) {
  std::string query;
  for (const std::string& word : vm["query"].as<std::vector<std::string>>()) query += (query.empty() ? "" : " ") + word;
  if (vm.count("all")) query = query.empty() ? "*" : "* " + query;
  return query;
}

// search --show: prints every article with the path or key given.
int show_articles(wadi::Searcher& searcher, const po::variables_map& vm, const std::string& query, bool has_query) {
  const std::string name = vm["show"].as<std::string>();
  const std::vector<wadi::schema::StoredArticle> articles = wadi::find_articles(searcher.database(), name);
  if (articles.empty()) return fail("--show: no indexed article has the path or key '" + name + "'", 1);
  wadi::ParsedQuery parsed;
  if (has_query) parsed = searcher.parse(query);
  wadi::ArticleViewOptions view{isatty(STDOUT_FILENO) && !vm.count("json"), std::filesystem::current_path(),
                                has_query ? &parsed.highlight : nullptr};
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (vm.count("json")) {
      wadi::print_article_json(std::cout, articles[i], view);
    } else {
      if (i > 0) std::cout << "\n";
      wadi::print_article_text(std::cout, articles[i], view);
    }
  }
  std::cout.flush();
  return std::cout ? 0 : fail("cannot write the article: " + std::string(std::strerror(errno)), 3);
}

// Prints `page`, the answer to `query`, as the options ask; returns the exit code.
int print_page(const wadi::SearchPage& page, const po::variables_map& vm, const std::string& query,
               const wadi::SearchOptions& search, bool colour) {
  wadi::PrintOptions print;
  print.colour = colour;
  print.explain = vm.count("explain") > 0;
  print.summary = vm.count("summary") > 0 || search.facets || search.timeline != wadi::TimelineUnit::kNone;
  print.working_dir = std::filesystem::current_path();
  if (vm.count("json")) wadi::print_json(std::cout, page, print);
  else wadi::print_text(std::cout, query, page, print);
  std::cout.flush();
  if (!std::cout) return fail("cannot write the results: " + std::string(std::strerror(errno)), 3);
  return page.hits.empty() && page.matches == 0 ? 1 : 0;
}

// Searches and prints the page of results; exits at once when done.
int print_results(wadi::Searcher& searcher, const po::variables_map& vm, const std::string& query,
                  const wadi::SearchOptions& search, bool colour) {
  const int code = print_page(searcher.search(query, search), vm, query, search, colour);
  // Nothing is left to write or release that the kernel does not reclaim:
  // skipping the destructors of the database, ICU and Xapian caches saves a
  // measurable part of a short search's run time.
  std::_Exit(code);
}

// search --new NAME: the saved search's matches among the articles of the
// runs since it was last listed; marked seen when all were shown.
int list_new(const po::variables_map& vm, const std::filesystem::path& db, const wadi::SearchOptions& search,
             bool colour, wadi::Searcher& searcher) {
  const std::string name = vm["new"].as<std::string>();
  wadi::SavedSearches saved(db);
  saved.lock();  // before reading: no other --new marks runs seen meanwhile
  wadi::NewArticles found = wadi::find_new(saved, searcher, name, search);
  if (found.page.matches == 0) {
    (vm.count("json") ? std::cerr : std::cout) << (vm.count("json") ? "search: " : "")
                                               << wadi::nothing_new_line(found.search) << '\n';
    return 1;
  }
  const int code = print_page(found.page, vm, found.search.query, search, colour);
  if (!wadi::mark_seen(saved, found, search))
    std::cerr << "search: --new " << name << ": " << found.page.hits.size() << " of " << found.page.matches
              << " new articles shown: they stay new until one listing shows them all (raise --limit)\n";
  return code;
}

// search --save, --saved, --unsave, --new (`option`).
int run_saved_search_command(const std::string& option, const po::variables_map& vm, const std::filesystem::path& db,
                             const std::string& query, const wadi::SearchOptions& search, bool colour,
                             wadi::Searcher& searcher) {
  try {
    if (option == "new") return list_new(vm, db, search, colour, searcher);
    wadi::SavedSearches saved(db);
    if (option == "saved") {
      const std::vector<wadi::SavedSearch> list = saved.list();
      if (list.empty()) return fail("no saved searches in " + db.string() + ": search --save NAME QUERY saves one", 1);
      wadi::print_saved(std::cout, list, wadi::count_new(searcher, list, saved.last_run()), vm.count("json") > 0);
      return 0;
    }
    const std::string name = vm[option].as<std::string>();
    if (option == "save") searcher.parse(query);  // refused as a search would refuse it
    saved.lock();
    if (option == "save") saved.save({name, query, wadi::utc_now(), saved.last_run(), ""});
    else saved.remove(name);
    std::cout << (option == "save" ? "saved " : "unsaved ") << name << '\n';
    return 0;
  } catch (const wadi::SavedSearchError& e) {
    return fail(e.what(), e.reason() == wadi::SavedSearchError::Reason::kLocked ? 3 : 2);
  }
}

// The exception being handled as one line on stderr; returns its exit code.
// `db` and `timeout` as searched.
int report_error(const std::filesystem::path& db, double timeout) {
  try {
    throw;
  } catch (const wadi::QueryError& e) {
    return fail("query error at column " + std::to_string(e.column()) + ": " + e.what(), 2);
  } catch (const wadi::UnknownArticle& e) {
    return fail(e.what(), 1);
  } catch (const Xapian::WildcardError& e) {
    return fail("query error: a prefix* matches too many words (" + e.get_msg() + "): make the prefix longer", 2);
  } catch (const Xapian::NetworkTimeoutError& e) {
    std::ostringstream limit;
    limit << timeout;
    return fail(db.string() + ": a remote shard did not answer within the time limit (--timeout " + limit.str() + " s): " +
                e.get_msg(), 3);
  } catch (const Xapian::DatabaseError& e) {
    return fail(db.string() + ": not a usable wadi database (" + e.get_description() + ")", 3);
  } catch (const Xapian::Error& e) {
    return fail(db.string() + ": " + e.get_description(), 3);
  } catch (const std::exception& e) {
    return fail(e.what(), 3);
  }
}

#ifdef WADI_SERVER_PROGRAM
// search --serve, in search-server: until SIGINT or SIGTERM.
int serve(const po::variables_map& vm, char** /*argv*/) {
  const double timeout = vm["timeout"].as<double>();
  const wadi::RankingSettings ranking =
      wadi::RankingSettings::from_environment(wadi::wadi_variables(environ), "search", std::cerr);
  if (!vm["query"].as<std::vector<std::string>>().empty() || vm.count("show") || vm.count("similar") || vm.count("all"))
    return fail("--serve answers the queries of its page and API: give no query, --show, --similar or --all with it", 2);
  wadi::server::ServeOptions options;
  options.timeout = timeout;
  std::filesystem::path db;
  try {
    wadi::server::read_address(vm["serve"].as<std::string>(), options);
    db = wadi::database_location(vm["db"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    return fail(std::string("--serve: ") + e.what() + " (see search --help)", 2);
  } catch (const wadi::NoDatabaseLocation& e) {
    return fail(e.what(), 2);
  }
  if (!std::filesystem::exists(db))
    return fail("no database at " + db.string() + ": build one with: index --db " + db.string() + " corpus/", 3);
  try {
    return wadi::server::serve(db, ranking, options, std::cout, std::cerr);
  } catch (...) {
    return report_error(db, timeout);
  }
}
#else
// The program `search --serve` hands over to (see searcher/CMakeLists.txt):
// beside this one in a build, in ../libexec/wadi/ once installed.
std::filesystem::path server_program() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "search-server";
  const std::filesystem::path beside = self.parent_path() / "search-server";
  if (std::filesystem::exists(beside)) return beside;
  return self.parent_path().parent_path() / "libexec" / "wadi" / "search-server";
}

// search --serve: search-server, with the same arguments and environment,
// checks the options and serves.
int serve(const po::variables_map&, char** argv) {
  const std::filesystem::path program = server_program();
  execv(program.c_str(), argv);
  return fail("--serve: cannot start " + program.string() + ": " + std::strerror(errno) +
                  " (it is built and installed with search)",
              3);
}
#endif

}  // namespace

int main(int argc, char** argv) {
  po::variables_map vm;
  wadi::SearchOptions search;
  bool colour = false;
  if (std::optional<int> done = read_command_line(argc, argv, vm, search, colour)) return *done;
  if (vm.count("serve")) return serve(vm, argv);
  const double timeout = vm["timeout"].as<double>();
  const wadi::RankingSettings ranking =
      wadi::RankingSettings::from_environment(wadi::wadi_variables(environ), "search", std::cerr);
  if (vm.count("bench-file"))
    return run_benchmark(vm["bench-file"].as<std::string>(), vm["db"].as<std::string>(), search, ranking, timeout);
  const std::string query = query_of(vm);
  const bool has_query = query.find_first_not_of(" \t\r\n") != std::string::npos;
  const std::string saved_option = saved_search_option(vm);
  if (!has_query && search.similar.empty() && !vm.count("show") && saved_option.empty())
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
    wadi::Searcher searcher(db, ranking, timeout);
    if (!saved_option.empty()) return run_saved_search_command(saved_option, vm, db, query, search, colour, searcher);
    if (vm.count("show")) return show_articles(searcher, vm, query, has_query);
    return print_results(searcher, vm, query, search, colour);
  } catch (...) {
    return report_error(db, timeout);
  }
}
