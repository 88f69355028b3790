#include "http_server.h"

#include <charconv>
#include <csignal>
#include <optional>
#include <sstream>
#include <ostream>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>

#include "analysis/stub_file.h"
#include "analysis/terminal_text.h"
#include "api.h"
#include "article_view.h"
#include "pages.h"
#include "searcher_pool.h"
#include "similar_articles.h"

namespace wadi::server {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr int kSimilarShown = 5;

// Runs `answer`, turning what it throws into a status and a message: the
// errors the CLI gives as exit codes 1-3, as HTTP statuses.
template <typename F>
void answering(httplib::Response& res, bool json, F answer) {
  auto fail = [&](const RequestError& error) {
    res.status = error.status();
    if (json) res.set_content(dump(error.body()), kJson);
    else res.set_content(error_page(error.status(), error.what()), kHtml);
  };
  try {
    answer();
  } catch (const RequestError& e) {
    fail(e);
  } catch (const QueryError& e) {
    fail(RequestError(400, "query error at column " + std::to_string(e.column()) + ": " + e.what(), e.column()));
  } catch (const UnknownArticle& e) {
    fail(RequestError(404, e.what()));
  } catch (const Xapian::WildcardError& e) {
    fail(RequestError(400, "query error: a prefix* matches too many words (" + e.get_msg() + "): make the prefix longer"));
  } catch (const Xapian::NetworkTimeoutError& e) {
    fail(RequestError(503, "a remote shard did not answer within the time limit: " + e.get_msg()));
  } catch (const Xapian::Error& e) {
    fail(RequestError(503, "the database cannot be read now (" + e.get_description() + "); try again"));
  } catch (const std::exception& e) {
    fail(RequestError(500, e.what()));
  }
}

// `page`, when the time limit did not cut it; else a 503 that says what was cut.
const SearchPage& whole(const SearchPage& page, double timeout) {
  if (!page.cut_short) return page;
  std::ostringstream message;
  message << "the search did not end within the time limit (" << timeout << " s, search --timeout)";
  for (const std::string& note : page.parsed.notes) message << "; " << note;
  throw RequestError(503, message.str());
}

// The key of an /article/KEY or /api/.../KEY path: the part the route matched.
std::string key_of(const httplib::Request& req) { return req.matches.size() > 1 ? req.matches[1].str() : ""; }

// The marks of `query` in an article, or none when there is no query or it
// cannot be read (the article is shown all the same).
std::optional<ParsedQuery> marks_of(Searcher& searcher, const std::string& query) {
  if (query.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  try {
    return searcher.parse(query);
  } catch (const QueryError&) {
    return std::nullopt;
  }
}

class Routes {
 public:
  Routes(SearcherPool& pool, std::filesystem::path db, double timeout)
      : pool_(pool), db_(std::move(db)), timeout_(timeout) {}

  void add_to(httplib::Server& server) {
    server.Get("/", [this](const httplib::Request& req, httplib::Response& res) { search_page_of(req, res); });
    server.Get("/search", [this](const httplib::Request& req, httplib::Response& res) { search_page_of(req, res); });
    server.Get("/article/(.+)", [this](const httplib::Request& req, httplib::Response& res) { article_page_of(req, res); });
    server.Get("/style.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "max-age=86400");
      res.set_content(std::string(style_sheet()), "text/css; charset=utf-8");
    });
    server.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) { api_search(req, res); });
    server.Get("/api/article/(.+)", [this](const httplib::Request& req, httplib::Response& res) { api_article(req, res); });
    server.Get("/api/similar/(.+)", [this](const httplib::Request& req, httplib::Response& res) { api_similar(req, res); });
    server.Get("/api/health", [this](const httplib::Request& req, httplib::Response& res) { api_health(req, res); });
  }

 private:
  void search_page_of(const httplib::Request& req, httplib::Response& res) {
    answering(res, false, [&] {
      const PageRequest request = read_page_request(req.params);
      if (request.query.find_first_not_of(" \t\r\n") == std::string::npos) {
        res.set_content(search_page(request, nullptr, ""), kHtml);
        return;
      }
      SearcherPool::Lease searcher = pool_.lease();
      try {
        const SearchPage page = searcher->search(request.query, page_search_options(request));
        res.set_content(search_page(request, &whole(page, timeout_), ""), kHtml);
      } catch (const QueryError& e) {
        res.status = 400;
        res.set_content(search_page(request, nullptr, "query error at column " + std::to_string(e.column()) + ": " + e.what()),
                        kHtml);
      }
    });
  }

  void article_page_of(const httplib::Request& req, httplib::Response& res) {
    answering(res, false, [&] {
      const std::string query = param(req.params, "q");
      SearcherPool::Lease searcher = pool_.lease();
      const std::vector<schema::StoredArticle> found = find_article_by_key(searcher->database(), key_of(req));
      if (found.empty()) throw RequestError(404, "no indexed article has the key '" + key_of(req) + "'");
      const std::optional<ParsedQuery> marks = marks_of(*searcher, query);
      std::optional<SearchPage> similar;
      try {
        similar = searcher->search("", similar_options(key_of(req), kSimilarShown));
      } catch (const Xapian::Error&) {  // the article is shown all the same
      } catch (const UnknownArticle&) {
      }
      res.set_content(article_page(found.front(), query, marks ? &marks->highlight : nullptr, similar ? &*similar : nullptr),
                      kHtml);
    });
  }

  void api_search(const httplib::Request& req, httplib::Response& res) {
    answering(res, true, [&] {
      const SearchRequest request = read_search_request(req.params);
      SearcherPool::Lease searcher = pool_.lease();
      res.set_content(dump(search_response(whole(searcher->search(request.query, request.options), timeout_))), kJson);
    });
  }

  void api_article(const httplib::Request& req, httplib::Response& res) {
    answering(res, true, [&] {
      SearcherPool::Lease searcher = pool_.lease();
      const std::vector<schema::StoredArticle> found = find_article_by_key(searcher->database(), key_of(req));
      if (found.empty()) throw RequestError(404, "no indexed article has the key '" + key_of(req) + "'");
      const std::optional<ParsedQuery> marks = marks_of(*searcher, param(req.params, "q"));
      res.set_content(dump(article_json(found.front(), marks ? &marks->highlight : nullptr)), kJson);
    });
  }

  void api_similar(const httplib::Request& req, httplib::Response& res) {
    answering(res, true, [&] {
      SearchRequest request = read_search_request(with_any_query(req.params));
      SearcherPool::Lease searcher = pool_.lease();
      SearchOptions options = similar_options(key_of(req), request.options.limit);
      options.offset = request.options.offset;
      const std::string filter = param(req.params, "q");
      res.set_content(dump(search_response(whole(searcher->search(filter, options), timeout_))), kJson);
    });
  }

  void api_health(const httplib::Request&, httplib::Response& res) {
    answering(res, true, [&] {
      SearcherPool::Lease searcher = pool_.lease();
      const Xapian::Database& db = searcher->database();
      const nlohmann::json health = {
          {"status", "ok"}, {"articles", db.get_doccount()}, {"database", db_.string()}, {"revision", revision()}};
      res.set_content(dump(health), kJson);
    });
  }

  // The sum of the local shards' revisions: it grows with each commit of
  // `index` (remote shards say nothing of theirs).
  Xapian::rev revision() const {
    Xapian::rev sum = 0;
    for (const StubEntry& entry : expand_stubs(db_))
      if (entry.kind == StubEntry::Kind::kLocal) sum += Xapian::Database(entry.path.string(), Xapian::DB_BACKEND_GLASS).get_revision();
    return sum;
  }

  // The articles like the one with `key` (a key only: no path from a URL
  // reaches the file system).
  static SearchOptions similar_options(const std::string& key, std::size_t limit) {
    SearchOptions options;
    options.similar = key;
    options.similar_by_path = false;
    options.limit = limit;
    return options;
  }

  // /api/similar takes the search parameters, its q optional (a filter).
  static Params with_any_query(Params params) {
    if (params.find("q") == params.end()) params.emplace("q", "*");
    return params;
  }

  SearcherPool& pool_;
  const std::filesystem::path db_;
  const double timeout_;
};

// What a response always carries: the page cannot run scripts from
// elsewhere, be framed, or be sniffed as another type.
void add_safety_headers(httplib::Server& server) {
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
                   "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    res.set_header("Referrer-Policy", "no-referrer");
  });
}

// Unknown paths and methods: 404 or 405 as JSON under /api/, else a page.
void add_error_pages(httplib::Server& server) {
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler answered with its own error
    const std::string message = res.status == 404   ? "no such page: " + req.path
                                : res.status == 405 ? "this address answers GET only"
                                                    : "the request cannot be read (HTTP " + std::to_string(res.status) + ")";
    if (req.path.rfind("/api/", 0) == 0) res.set_content(dump(RequestError(res.status, message).body()), kJson);
    else res.set_content(error_page(res.status, message), kHtml);
  });
}

// Bounds what one client can hold: a slow or idle client keeps one thread
// for at most the timeouts, a request is at most 64 KB.
void bound_connections(httplib::Server& server, const ServeOptions& options) {
  server.set_socket_options([](socket_t sock) {
    int one = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // Without it a keep-alive client waits ~40 ms per answer (Nagle's
    // algorithm meets the client's delayed ACK: headers and body are two writes).
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  });
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(10000);
  server.set_payload_max_length(64 * 1024);
  const std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

std::string url_of(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

}  // namespace

void read_address(const std::string& address, ServeOptions& options) {
  std::string host = options.host, port = address;
  if (const std::size_t colon = address.rfind(':'); colon != std::string::npos) {
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) throw std::invalid_argument("no host before the ':' in '" + address + "'");
  }
  int number = -1;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (error != std::errc() || end != port.data() + port.size() || number < 0 || number > 65535)
    throw std::invalid_argument("the port is a number from 0 to 65535, not '" + port + "'");
  options.host = host;
  options.port = number;
}

int serve(const std::filesystem::path& db, const RankingSettings& ranking, const ServeOptions& options,
          std::ostream& out, std::ostream& err) {
  // The signals are taken by one thread that stops the server; every
  // thread started from here on inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SearcherPool pool(db, ranking, options.timeout);  // throws when the database cannot be opened
  httplib::Server server;
  Routes routes(pool, db, options.timeout);
  routes.add_to(server);
  add_safety_headers(server);
  add_error_pages(server);
  bound_connections(server, options);

  const int port = options.port == 0 ? server.bind_to_any_port(options.host)
                                     : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    err << "search: cannot listen on " << for_terminal(url_of(options.host, options.port))
        << ": the address is in use or not this machine's (--serve [HOST:]PORT)\n";
    return 3;
  }
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  out << "search: serving " << for_terminal(db.string()) << " at " << url_of(options.host, port)
      << " (Ctrl-C to stop)" << std::endl;
  const bool listened = server.listen_after_bind();
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);  // wakes it if the server stopped on its own
    stopper.join();
  }
  if (!listened) {
    err << "search: the server stopped: cannot accept connections on " << url_of(options.host, port) << '\n';
    return 3;
  }
  out << "search: stopped" << std::endl;
  return 0;
}

}  // namespace wadi::server
