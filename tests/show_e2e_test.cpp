// show_e2e: reading a hit with the real `search --show KEY|PATH`, and the
// URL and author lines of the result page.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

struct Indexed {
  TempDir dir;
  std::filesystem::path corpus = dir / "corpus";
  std::string db = (dir / "db").string();
  std::string text = (corpus / "outlet/2017/01/19/valley.txt").string();
  std::string feed = (corpus / "feeds/items.jsonl").string();

  Indexed() {
    write_file(text, "Wadi Barada talks\nThe Wadi Barada valley was quiet.\n\nA second paragraph, on water for Damascus.\n");
    write_file(feed,
               R"({"id": "a1", "title": "Feed item", "body": "Spring water news.", "url": "https://news.example/a1", "author": "Jane Doe", "date": "2017-02-01"})"
               "\n");
    Run r = index({"--db", db, corpus.string()});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(show_e2e)

BOOST_AUTO_TEST_CASE(show_prints_every_field_and_the_whole_text_with_the_query_marked) {
  Indexed x;
  Run r = search({"--db", x.db, "--show", x.text, "wadi", "barada"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.rfind("Wadi Barada talks\n", 0) == 0, r.out);
  BOOST_TEST(r.out.find("Date: 2017-01-19 (from the file's path)\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Language: en\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Path: " + x.text + "\n") != std::string::npos, r.out);
  // The whole text, paragraphs kept, matches marked.
  BOOST_TEST(r.out.find("The [Wadi Barada] valley was quiet.\n\nA second paragraph, on water for Damascus.\n") !=
                 std::string::npos,
             r.out);
  Run plain = search({"--db", x.db, "--show", x.text});
  BOOST_TEST(plain.out.find("The Wadi Barada valley was quiet.") != std::string::npos, plain.out);
}

BOOST_AUTO_TEST_CASE(show_neutralises_control_characters_from_the_file_name_and_the_stored_text) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  // A file name may hold any byte but '/' and NUL: an escape sequence, a
  // carriage return, a right-to-left override.
  const std::string name = (dir / "corpus" / "x\x1b]0;owned\x07\r\xe2\x80\xae.txt").string();
  write_file(name, "Water talks\nThe water talks went on.\n");
  BOOST_TEST_REQUIRE(index({"--db", db, (dir / "corpus").string()}).status == 0);
  for (const std::vector<std::string>& query : {std::vector<std::string>{}, std::vector<std::string>{"water"}}) {
    std::vector<std::string> args{"--db", db, "--show", name};
    args.insert(args.end(), query.begin(), query.end());
    Run r = search(args);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find('\x1b') == std::string::npos, r.out);
    BOOST_TEST(r.out.find('\x07') == std::string::npos, r.out);
    BOOST_TEST(r.out.find('\r') == std::string::npos, r.out);
    BOOST_TEST(r.out.find("\xe2\x80\xae") == std::string::npos, r.out);
    BOOST_TEST(r.out.find("x\\x1b]0;owned\\x07\\x0d\\u202e.txt") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("went on.") != std::string::npos, r.out);
  }
}

BOOST_AUTO_TEST_CASE(show_json_prints_one_object_with_every_field_and_the_body) {
  Indexed x;
  Run r = search({"--db", x.db, "--json", "--show", x.feed + "#a1", "water"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST_REQUIRE(lines(r.out).size() == 1u, r.out);
  nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["title"] == "Feed item");
  BOOST_TEST(j["url"] == "https://news.example/a1");
  BOOST_TEST(j["author"] == "Jane Doe");
  BOOST_TEST(j["date"] == "2017-02-01");
  BOOST_TEST(j["date_from"] == "given");
  BOOST_TEST(j["path"] == x.feed);
  BOOST_TEST(j["body"] == "Spring water news.");
  BOOST_TEST(j["marked_body"] == "Spring [water] news.");
}

BOOST_AUTO_TEST_CASE(show_of_a_file_of_many_articles_prints_each) {
  Indexed x;
  Run r = search({"--db", x.db, "--json", "--show", x.feed});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(lines(r.out).size() == 1u, r.out);
  BOOST_TEST(r.out.find("Feed item") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(show_of_an_unknown_key_or_path_says_so_in_one_line_and_exits_1) {
  Indexed x;
  Run r = search({"--db", x.db, "--show", (x.corpus / "nowhere.txt").string()});
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(lines(r.err).size() == 1u, r.err);
  BOOST_TEST(r.err.find("nowhere.txt") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(the_result_page_shows_the_url_and_the_author_when_known) {
  Indexed x;
  Run r = search({"--db", x.db, "water"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.find(" · by Jane Doe · ") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\n   https://news.example/a1\n") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()
