// cluster: `index --shard K/N` splits a corpus over N databases, and `search`
// over a Xapian stub listing them (on this machine, or served by
// xapian-tcpsrv from another) ranks as one database of the whole corpus does.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <map>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

extern char** environ;

using namespace wadi::test;

namespace {

// The word only article n has: "soloaa", "soloba", ...
std::string solo(int n) { return "solo" + std::string(1, static_cast<char>('a' + n % 26)) + static_cast<char>('a' + n / 26); }

// 150 distinct articles on 6 topics with a long tail of rarer words, in two
// folders, a tenth of them long.
void write_corpus(const std::filesystem::path& dir) {
  static const char* const kTopics[][6] = {
      {"oil", "crude", "barrels", "opec", "refinery", "prices"},   {"wheat", "grain", "harvest", "tonnes", "export", "farmers"},
      {"bank", "interest", "rates", "inflation", "central", "bonds"}, {"talks", "ceasefire", "rebels", "envoy", "peace", "army"},
      {"coffee", "cocoa", "sugar", "quota", "growers", "beans"},     {"shares", "merger", "stake", "bid", "company", "board"}};
  std::mt19937 random(5);
  for (int n = 0; n < 150; ++n) {
    const auto& topic = kTopics[n % 6];
    std::string text = "Report " + std::to_string(n) + " on " + topic[random() % 6] + "\n\n";
    // One in ten is a long report, as in news: the lengths spread enough
    // for BM25's b to depend on them (RankingSettings::b_for), so that a
    // stub must pool the databases' length statistics to rank as one does.
    const int length = n % 10 == 9 ? 150 + static_cast<int>(random() % 100) : 20 + static_cast<int>(random() % 80);
    for (int w = 0; w < length; ++w) {
      const auto& from = random() % 5 == 0 ? kTopics[random() % 6] : topic;
      // One word in four from a long tail, as names and places are in news,
      // in several forms: a word's forms end up on different shards.
      static const char* const kEndings[] = {"", "s", "ing"};
      std::string word = random() % 4 != 0 ? from[random() % 6]
                                           : "name" + std::to_string(random() % 400) + kEndings[random() % 3];
      text += word + (w % 9 == 8 ? ". " : " ");
    }
    // And a word of its own, in one form: on one shard only.
    text += solo(n) + "s.";
    write_file(dir / (n % 2 ? "wire" : "desk") / ("r" + std::to_string(n) + ".txt"), text + "\n");
  }
}

struct Hit {
  std::string path;
  double score;
};

// Every match of `query` (or of `--similar PATH`), best first; ties by
// path, since databases split otherwise number their articles otherwise.
std::vector<Hit> ranking(const std::string& db, const std::string& query) {
  std::vector<std::string> args = {"--db", db, "--json", "--limit", "1000"};
  if (query.rfind("--similar ", 0) == 0) args.insert(args.end(), {"--similar", query.substr(10)});
  else args.insert(args.end(), {"--", query});
  Run r = search(args);
  BOOST_REQUIRE_MESSAGE(r.status == 0, query << ": search exited " << r.status << ": " << r.err);
  std::vector<Hit> hits;
  for (const std::string& line : lines(r.out)) {
    auto j = nlohmann::json::parse(line);
    if (j.contains("path")) hits.push_back({j["path"].get<std::string>(), j["score"].get<double>()});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.path < b.path;
  });
  return hits;
}

std::set<std::string> paths_of(const std::vector<Hit>& hits) {
  std::set<std::string> paths;
  for (const Hit& h : hits) paths.insert(h.path);
  return paths;
}

bool accepts(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(s);
  return ok;
}

// xapian-tcpsrv serving one database on a free local port while it lives.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) : port_(free_port()) {
    std::vector<std::string> args = {"xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", std::to_string(port_), db};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // Quiet: each probe below makes it log a broken connection.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    // Its own process group: on SIGTERM it signals its whole group, to end
    // the children serving connections.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int failed = posix_spawnp(&pid_, "xapian-tcpsrv", &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    BOOST_REQUIRE_MESSAGE(failed == 0, "cannot start xapian-tcpsrv (package xapian-tools)");
    for (int i = 0; i < 100 && !accepts(port_); ++i) usleep(50 * 1000);
    BOOST_REQUIRE_MESSAGE(accepts(port_), "xapian-tcpsrv is not listening on port " << port_);
  }
  ~TcpServer() {
    kill(-pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = 0;
};

// A TCP proxy on loopback that holds every read for `delay` before passing
// it on: a remote shard behind a slow network.
class DelayingProxy {
 public:
  DelayingProxy(int target, std::chrono::milliseconds delay) : target_(target), delay_(delay), port_(free_port()) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address = loopback(port_);
    BOOST_REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_REQUIRE(listen(listener_, 16) == 0);
    acceptor_ = std::thread([this] { accept_connections(); });
  }
  ~DelayingProxy() {
    shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    close(listener_);
    {
      std::lock_guard lock(mutex_);
      for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& pump : pumps_) pump.join();
    for (int fd : sockets_) close(fd);
  }
  DelayingProxy(const DelayingProxy&) = delete;
  DelayingProxy& operator=(const DelayingProxy&) = delete;
  int port() const { return port_; }

  static sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    return address;
  }

 private:
  void accept_connections() {
    for (;;) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address = loopback(target_);
      if (connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(client);
        close(server);
        continue;
      }
      std::lock_guard lock(mutex_);
      sockets_.insert(sockets_.end(), {client, server});
      pumps_.emplace_back([this, client, server] { pump(client, server); });
      pumps_.emplace_back([this, client, server] { pump(server, client); });
    }
  }
  void pump(int from, int to) {
    char buffer[65536];
    for (ssize_t n; (n = read(from, buffer, sizeof buffer)) > 0;) {
      std::this_thread::sleep_for(delay_);
      if (write(to, buffer, static_cast<std::size_t>(n)) != n) break;
    }
    shutdown(to, SHUT_WR);
  }

  int target_;
  std::chrono::milliseconds delay_;
  int port_;
  int listener_ = -1;
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> sockets_;
  std::vector<std::thread> pumps_;
};

void expect_same_ranking(const std::string& one_db, const std::string& split_db, const std::string& query) {
  std::vector<Hit> one = ranking(one_db, query), split = ranking(split_db, query);
  BOOST_TEST(!one.empty(), query);
  BOOST_TEST_REQUIRE(one.size() == split.size(), query);
  for (std::size_t i = 0; i < one.size(); ++i) {
    BOOST_TEST(one[i].path == split[i].path, query << " rank " << i + 1);
    BOOST_TEST(std::abs(one[i].score - split[i].score) <= 1e-9 * std::abs(one[i].score),
               query << " rank " << i + 1 << ": " << one[i].score << " vs " << split[i].score);
  }
}

struct ShardedCorpus {
  TempDir dir;
  std::string whole = (dir / "whole").string();
  std::string db(int k) const { return (dir / ("db" + std::to_string(k))).string(); }

  ShardedCorpus() {
    write_corpus(dir / "corpus");
    BOOST_REQUIRE_EQUAL(index({"--db", whole, (dir / "corpus").string()}).status, 0);
    for (int k = 1; k <= 3; ++k)
      BOOST_REQUIRE_EQUAL(index({"--db", db(k), "--shard", std::to_string(k) + "/3", (dir / "corpus").string()}).status, 0);
  }
};

// Plain words (ranked with feedback; rare ones whose forms are spread over
// the shards), a phrase, booleans, a field, and articles like one (r12 is on
// oil: n % 6 == 0).
std::vector<std::string> queries(const TempDir& dir) {
  return {"oil", "interest rates", "peace talks with rebels", "name17", "name250 oil", solo(1), solo(2), solo(3),
          solo(4), solo(5), solo(6), "\"crude oil\"",
          "coffee OR cocoa", "shares -merger", "title:report AND oil", "--similar " + (dir / "corpus" / "desk" / "r12.txt").string()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster)

BOOST_AUTO_TEST_CASE(shards_split_the_corpus_without_overlap_and_keep_their_share_on_reruns) {
  TempDir dir;
  write_corpus(dir / "corpus");
  std::set<std::string> all;
  std::size_t smallest = 150;
  for (int k = 1; k <= 3; ++k) {
    const std::string db = (dir / ("db" + std::to_string(k))).string();
    const std::string shard = std::to_string(k) + "/3";
    BOOST_REQUIRE_EQUAL(index({"--db", db, "--shard", shard, (dir / "corpus").string()}).status, 0);
    std::set<std::string> mine = paths_of(ranking(db, "report"));
    smallest = std::min(smallest, mine.size());
    for (const std::string& path : mine) BOOST_TEST(all.insert(path).second, path << " is in two shards");
    // A re-run reads nothing and removes nothing: other shards' files are not "gone".
    Run again = index({"--db", db, "--shard", shard, (dir / "corpus").string()});
    BOOST_TEST(again.out.find("0 added, 0 updated, 0 removed, " + std::to_string(mine.size()) + " unchanged") == 0u, again.out);
  }
  BOOST_TEST(all.size() == 150u);
  BOOST_TEST(smallest >= 30u, "a shard holds only " << smallest << " of 150 articles");
}

BOOST_AUTO_TEST_CASE(a_stub_over_the_shards_ranks_as_one_database) {
  ShardedCorpus corpus;
  const std::string stub = (corpus.dir / "shards.stub").string();
  write_file(stub, "auto " + corpus.db(1) + "\nauto " + corpus.db(2) + "\nauto " + corpus.db(3) + "\n");
  for (const std::string& query : queries(corpus.dir)) expect_same_ranking(corpus.whole, stub, query);
}

BOOST_AUTO_TEST_CASE(a_shard_served_by_xapian_tcpsrv_joins_the_ranking) {
  ShardedCorpus corpus;
  TcpServer server(corpus.db(1));
  const std::string stub = (corpus.dir / "cluster.stub").string();
  write_file(stub, "remote 127.0.0.1:" + std::to_string(server.port()) + "\nauto " + corpus.db(2) + "\nauto " + corpus.db(3) + "\n");
  // Without feedback, the same ranking for every query, rare words included:
  // their forms on the remote shard are found although its vocabulary table
  // cannot be read. With feedback, the same for words of the topics; for a
  // rare word an expansion word may also gather a form the vocabulary files
  // under another language (the random words here read as many languages),
  // so the same matches.
  for (const std::string& query : queries(corpus.dir)) {
    {
      ScopedEnv off("WADI_PRF", "0");
      expect_same_ranking(corpus.whole, stub, query);
    }
    if (query.find("name") == std::string::npos && query.find("solo") == std::string::npos)
      expect_same_ranking(corpus.whole, stub, query);
    else BOOST_TEST((paths_of(ranking(corpus.whole, query)) == paths_of(ranking(stub, query))), query);
  }
}

BOOST_AUTO_TEST_CASE(an_unreachable_shard_is_named_in_one_line) {
  TempDir dir;
  const std::string stub = (dir / "cluster.stub").string();
  const std::string address = "127.0.0.1:" + std::to_string(free_port());  // nothing listens there
  write_file(stub, "remote " + address + "\n");
  Run r = search({"--db", stub, "oil"});
  BOOST_TEST(r.status == 3);
  BOOST_TEST(lines(r.err).size() == 1u, r.err);
  BOOST_TEST(r.err.rfind("search: " + stub + ": NetworkError: Couldn't connect", 0) == 0u, r.err);
  BOOST_TEST(r.err.find(address) != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_slow_remote_shard_gives_a_partial_answer_within_the_timeout) {
  ShardedCorpus corpus;
  TcpServer server(corpus.db(1));
  DelayingProxy slow(server.port(), std::chrono::milliseconds(100));  // 0.2 s a round trip
  const std::string stub = (corpus.dir / "slow.stub").string();
  write_file(stub, "remote 127.0.0.1:" + std::to_string(slow.port()) + "\nauto " + corpus.db(2) + "\nauto " + corpus.db(3) + "\n");
  const auto start = std::chrono::steady_clock::now();
  Run r = search({"--db", stub, "--timeout", "1", "oil"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("Note: ranked by the query's own words only: feedback would not end within the time limit (--timeout 1 s)") == 0u, r.out);
  BOOST_TEST(r.out.find("\n1. ") != std::string::npos, r.out);
  // The time counts from the start, opening included: over by a request or two at most.
  BOOST_TEST(seconds < 3.0 * WADI_TIME_SCALE, "took " << seconds << " s");
}

BOOST_AUTO_TEST_CASE(feedback_over_a_slow_remote_shard_takes_a_few_round_trips) {
  ShardedCorpus corpus;
  TcpServer server(corpus.db(1));
  DelayingProxy slow(server.port(), std::chrono::milliseconds(25));  // 50 ms a round trip
  const std::string stub = (corpus.dir / "slow.stub").string();
  write_file(stub, "remote 127.0.0.1:" + std::to_string(slow.port()) + "\nauto " + corpus.db(2) + "\nauto " + corpus.db(3) + "\n");
  const auto start = std::chrono::steady_clock::now();
  Run r = search({"--db", stub, "--explain", "oil"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("FEEDBACK(") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Note:") == std::string::npos, r.out);
  // A round trip per candidate word (Xapian's get_eset) takes ~10 s here.
  BOOST_TEST(seconds < 4.0 * WADI_TIME_SCALE, "took " << seconds << " s");
}

BOOST_AUTO_TEST_CASE(a_remote_shard_that_never_answers_is_an_error_after_the_timeout) {
  TempDir dir;
  // Listens, so connecting succeeds, but never accepts nor answers.
  const int port = free_port();
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = DelayingProxy::loopback(port);
  BOOST_REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  BOOST_REQUIRE(listen(listener, 4) == 0);
  const std::string stub = (dir / "mute.stub").string();
  write_file(stub, "remote tcp 127.0.0.1 " + std::to_string(port) + "\n");
  const auto start = std::chrono::steady_clock::now();
  Run r = search({"--db", stub, "--timeout", "1", "oil"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  close(listener);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(lines(r.err).size() == 1u, r.err);
  BOOST_TEST(r.err.rfind("search: " + stub + ": a remote shard did not answer within the time limit (--timeout 1 s)", 0) == 0u, r.err);
  BOOST_TEST(seconds < 3.0 * WADI_TIME_SCALE, "took " << seconds << " s");
}

BOOST_AUTO_TEST_CASE(a_bad_shard_is_refused_with_its_reason) {
  TempDir dir;
  write_file(dir / "corpus" / "a.txt", "An article.\n");
  for (const std::string spec : {"0/3", "4/3", "3", "1/0", "a/b", "1/3x"}) {
    Run r = index({"--db", (dir / "db").string(), "--shard", spec, (dir / "corpus").string()});
    BOOST_TEST(r.status == 2, spec);
    BOOST_TEST(r.err == "index: --shard '" + spec + "': give K/N with 1 <= K <= N, e.g. --shard 1/3\n", spec);
  }
  BOOST_TEST(!std::filesystem::exists(dir / "db"));
}

BOOST_AUTO_TEST_SUITE_END()
