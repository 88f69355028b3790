// `search --serve` over real HTTP: every endpoint of the JSON API, its error
// codes, escaping, bounds, and answers while `index` adds articles.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "server_support.h"

using namespace wadi::test;
using nlohmann::json;

namespace {

// The seed articles, a hostile one, and a few dated wire stories.
struct ServedCorpus {
  TempDir dir;
  std::string corpus = (dir / "corpus").string();
  std::string db = (dir / "db").string();

  ServedCorpus() {
    std::filesystem::copy(seed_corpus(), corpus, std::filesystem::copy_options::recursive);
    write_file(dir / "corpus" / "hostile" / "script.html",
               "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; \x1b[31mred\x1b[0m</title></head>"
               "<body><p>The hostile article about quinces &lt;img src=x onerror=alert(2)&gt; ends here.</p></body></html>");
    std::string wire;
    for (int i = 1; i <= 12; ++i)
      wire += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"Grain harvest report " + std::to_string(i) +
              "\",\"date\":\"201" + std::to_string(i % 3) + "-0" + std::to_string(1 + i % 9) +
              "-10\",\"source\":\"Wire\",\"text\":\"The grain harvest rose in the east, report " + std::to_string(i) + ".\"}\n";
    write_file(dir / "corpus" / "wire" / "stories.jsonl", wire);
    BOOST_REQUIRE_EQUAL(index({"--db", db, corpus}).status, 0);
  }
};

json get_json(httplib::Client& client, const std::string& path, int expected_status) {
  const httplib::Result res = client.Get(path.c_str());
  BOOST_REQUIRE_MESSAGE(res, "no answer to " + path);
  BOOST_TEST(res->status == expected_status, path << ": " << res->body);
  BOOST_TEST(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  return json::parse(res->body);
}

std::string encoded(const std::string& text) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_e2e)

BOOST_AUTO_TEST_CASE(the_api_answers_search_article_similar_and_health) {
  ServedCorpus served;
  ServerProcess server(served.db);
  httplib::Client client(server.host(), server.port());
  const json found = get_json(client, "/api/search?q=" + encoded("Wadi Barada") + "&facets=1&timeline=1", 200);
  BOOST_REQUIRE_EQUAL(found["hits"].size(), 1u);
  const json& hit = found["hits"][0];
  BOOST_TEST(hit["title"].get<std::string>().find("Lavrov") != std::string::npos);
  BOOST_TEST(hit["snippet"].get<std::string>().find("[Wadi Barada]") != std::string::npos);
  BOOST_TEST(found["summary"]["matches"] == 1);
  BOOST_TEST(found["summary"]["exact"] == true);
  BOOST_TEST(found["summary"]["facets"].contains("source"));
  BOOST_TEST(found["summary"]["timeline"].contains("unit"));

  const json article = get_json(client, "/api/article/" + encoded(hit["key"]) + "?q=barada", 200);
  BOOST_TEST(article["title"] == hit["title"]);
  BOOST_TEST(article["body"].get<std::string>().size() > 1000u);  // the whole text, as stored
  BOOST_TEST(article["marked_body"].get<std::string>().find("[Barada]") != std::string::npos);

  const json similar = get_json(client, "/api/similar/" + encoded(hit["key"]) + "?limit=3", 200);
  BOOST_REQUIRE(!similar["hits"].empty());
  for (const json& like : similar["hits"]) BOOST_TEST(like["key"] != hit["key"]);

  const json health = get_json(client, "/api/health", 200);
  BOOST_TEST(health["status"] == "ok");
  BOOST_TEST(health["articles"] == 15);
  BOOST_TEST(health["revision"].get<long long>() > 0);

  const json page2 = get_json(client, "/api/search?q=grain&limit=5&offset=10&sort=-date", 200);
  BOOST_TEST(page2["hits"].size() == 2u);
  BOOST_TEST(page2["hits"][0]["rank"] == 11);
}

BOOST_AUTO_TEST_CASE(bad_requests_get_400_with_the_message_and_column) {
  ServedCorpus served;
  ServerProcess server(served.db);
  httplib::Client client(server.host(), server.port());
  const json query_error = get_json(client, "/api/search?q=" + encoded("blair NEAR/x brown"), 400);
  BOOST_TEST(query_error["column"] == 7);
  BOOST_TEST(query_error["error"].get<std::string>().find("query error at column 7") == 0u);
  for (const char* bad : {"/api/search?q=grain&limit=101", "/api/search?q=grain&limit=-1", "/api/search?q=grain&limit=x",
                                 "/api/search?q=grain&offset=10001", "/api/search?q=grain&sort=size",
                                 "/api/search?q=grain&timeline=week", "/api/search?q=grain&color=red", "/api/search?q=",
                                 "/api/search"}) {
    const json error = get_json(client, bad, 400);
    BOOST_TEST(!error["error"].get<std::string>().empty(), bad);
  }
  const json too_long = get_json(client, "/api/search?q=" + std::string(5000, 'a'), 400);
  BOOST_TEST(too_long["error"].get<std::string>().find("4096") != std::string::npos);
  const httplib::Result bad_page = client.Get("/search?q=grain&page=0");
  BOOST_REQUIRE(bad_page);
  BOOST_TEST(bad_page->status == 400);
  BOOST_TEST(bad_page->body.find("page takes a whole number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_articles_and_paths_get_404_and_no_path_reaches_the_files) {
  ServedCorpus served;
  ServerProcess server(served.db);
  httplib::Client client(server.host(), server.port());
  get_json(client, "/api/article/no-such-key", 404);
  get_json(client, "/api/similar/no-such-key", 404);
  get_json(client, "/api/nothing", 404);
  // A file's path names no article over HTTP (the CLI's --show takes paths).
  const std::string seed = (std::filesystem::path(served.corpus) / "hurriyet-daily-news").string();
  get_json(client, "/api/article/" + encoded("/etc/passwd"), 404);
  get_json(client, "/api/article/" + encoded("../../../../etc/passwd"), 404);
  for (const char* path : {"/../../etc/passwd", "/article/..%2F..%2Fetc%2Fpasswd", "/style.css/../../etc/passwd"}) {
    const httplib::Result res = client.Get(path);
    BOOST_REQUIRE(res);
    BOOST_TEST(res->body.find("root:") == std::string::npos, path);
    BOOST_TEST(res->status != 200, path);
  }
}

BOOST_AUTO_TEST_CASE(article_fields_are_escaped_in_json_and_html) {
  ServedCorpus served;
  ServerProcess server(served.db);
  httplib::Client client(server.host(), server.port());
  const httplib::Result raw = client.Get("/api/search?q=quinces");
  BOOST_REQUIRE(raw);
  BOOST_TEST(raw->body.find('\x1b') == std::string::npos);
  const json found = json::parse(raw->body);
  BOOST_REQUIRE_EQUAL(found["hits"].size(), 1u);
  BOOST_TEST(found["hits"][0]["title"].get<std::string>().find("<script>alert(1)</script>") == 0u);
  const httplib::Result page = client.Get("/search?q=quinces");
  BOOST_REQUIRE(page);
  BOOST_TEST(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(page->body.find("<script>alert") == std::string::npos);
  BOOST_TEST(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(page->body.find("<img src=x") == std::string::npos);
  BOOST_TEST(page->body.find('\x1b') == std::string::npos);
  BOOST_TEST(page->get_header_value("X-Content-Type-Options") == "nosniff");
  BOOST_TEST(!page->get_header_value("Content-Security-Policy").empty());
  const std::string key = found["hits"][0]["key"];
  const httplib::Result article = client.Get(("/article/" + encoded(key) + "?q=quinces").c_str());
  BOOST_REQUIRE(article);
  BOOST_TEST(article->status == 200);
  BOOST_TEST(article->body.find("<img src=x") == std::string::npos);
  BOOST_TEST(article->body.find("<mark>quinces</mark>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_search_the_time_limit_cuts_is_a_503_that_says_so) {
  ServedCorpus served;
  ServerProcess server(served.db, {"--timeout", "0.000001"});
  httplib::Client client(server.host(), server.port());
  const json cut = get_json(client, "/api/search?q=grain&limit=12", 503);
  BOOST_TEST(cut["error"].get<std::string>().find("the search did not end within the time limit") == 0u, cut.dump());
  const httplib::Result page = client.Get("/search?q=grain");
  BOOST_REQUIRE(page);
  BOOST_TEST(page->status == 503);
  BOOST_TEST(page->body.find("time limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_slow_client_does_not_stop_the_others) {
  ServedCorpus served;
  ServerProcess server(served.db);
  // A client that sends one byte and then nothing holds one connection.
  std::vector<int> slow;
  for (int i = 0; i < 3; ++i) {
    const int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server.port()));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    BOOST_REQUIRE(connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_REQUIRE(send(sock, "G", 1, 0) == 1);
    slow.push_back(sock);
  }
  httplib::Client client(server.host(), server.port());
  const auto start = std::chrono::steady_clock::now();
  get_json(client, "/api/search?q=grain", 200);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(waited < 1.0 * WADI_TIME_SCALE);
  for (int sock : slow) close(sock);
}

BOOST_AUTO_TEST_CASE(answers_while_index_runs_and_sees_its_articles_a_second_later) {
  ServedCorpus served;
  ServerProcess server(served.db);
  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, failed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] {
      httplib::Client client(server.host(), server.port());
      const char* paths[] = {"/api/search?q=grain+harvest", "/search?q=harvest", "/api/health", "/api/search?q=zebrafish"};
      while (!done) {
        const httplib::Result res = client.Get(paths[c]);
        if (res && res->status == 200) ++answered;
        else ++failed;
      }
    });
  for (int batch = 0; batch < 4; ++batch) {
    std::string stories;
    for (int i = 0; i < 50; ++i)
      stories += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"Zebrafish study " + std::to_string(i) +
                 "\",\"text\":\"A zebrafish study of grain, batch " + std::to_string(batch) + ".\"}\n";
    write_file(served.dir / "corpus" / "new" / ("batch" + std::to_string(batch) + ".jsonl"), stories);
    BOOST_REQUIRE_EQUAL(index({"--db", served.db, served.corpus}).status, 0);
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  done = true;
  for (std::thread& t : clients) t.join();
  BOOST_TEST(failed == 0);
  BOOST_TEST(answered > 20);
  httplib::Client client(server.host(), server.port());
  BOOST_TEST(get_json(client, "/api/search?q=zebrafish&limit=0", 200)["summary"]["matches"] == 200);
  BOOST_TEST(get_json(client, "/api/health", 200)["articles"] == 215);
}

BOOST_AUTO_TEST_CASE(it_stops_cleanly_on_sigterm_and_refuses_what_it_cannot_do) {
  ServedCorpus served;
  ServerProcess server(served.db);
  const Run stopped = server.stop();
  BOOST_TEST(stopped.status == 0, stopped.err);
  BOOST_TEST(stopped.out.find("search: serving") == 0u);
  BOOST_TEST(stopped.out.find("search: stopped") != std::string::npos);
  BOOST_TEST(stopped.err.empty(), stopped.err);

  const Run with_query = search({"--db", served.db, "--serve", "127.0.0.1:0", "wadi"});
  BOOST_TEST(with_query.status == 2);
  BOOST_TEST(with_query.err.find("--serve") != std::string::npos);
  const Run bad_port = search({"--db", served.db, "--serve", "127.0.0.1:99999"});
  BOOST_TEST(bad_port.status == 2);
  BOOST_TEST(bad_port.err.find("port") != std::string::npos, bad_port.err);
  const Run no_db = search({"--db", (served.dir / "none").string(), "--serve", "127.0.0.1:0"});
  BOOST_TEST(no_db.status == 3);
  ServerProcess first(served.db);
  const Run taken = search({"--db", served.db, "--serve", "127.0.0.1:" + std::to_string(first.port())});
  BOOST_TEST(taken.status == 3);
  BOOST_TEST(taken.err.find("cannot listen on http://127.0.0.1:" + std::to_string(first.port())) != std::string::npos,
             taken.err);
}

BOOST_AUTO_TEST_SUITE_END()
