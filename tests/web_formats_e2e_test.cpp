// web_formats_e2e: the real `index` and `search` on feeds and crawls. A feed
// file's items are articles that re-indexing adds, updates and removes one
// by one; a crawl's HTML responses are articles with their URL, key and
// date, its other records counted in the summary, a record cut short named
// on one line with the rest indexed; a .xml file that is no feed is skipped
// as before.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "warc_support.h"

using namespace wadi::test;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string rss_item(const std::string& guid, const std::string& title, const std::string& text) {
  return "<item><guid>" + guid + "</guid><title>" + title + "</title><link>https://news.example.com/" + guid +
         "</link><pubDate>Thu, 19 Jan 2017 10:15:00 GMT</pubDate><description><![CDATA[<p>" + text +
         "</p>]]></description></item>\n";
}

std::string rss(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Example News</title>\n" + items +
         "</channel></rss>\n";
}

// The results of `query`, as JSON objects in rank order.
std::vector<nlohmann::json> hits(const std::string& db, const std::string& query) {
  Run r = search({"--db", db, "--json", "--limit", "50", "--", query});
  BOOST_TEST_REQUIRE((r.status == 0 || r.status == 1), query << ": exit " << r.status << ": " << r.err);
  std::vector<nlohmann::json> out;
  for (const std::string& line : lines(r.out)) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j.contains("key")) out.push_back(j);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(web_formats_e2e)

BOOST_AUTO_TEST_CASE(a_feed_that_gained_an_item_adds_only_that_one) {
  TempDir dir;
  const std::string db = (dir / "db").string(), feed = (dir / "corpus/news.rss").string();
  write_file(feed, rss(rss_item("a", "Ceasefire holds", "The ceasefire held.") + rss_item("b", "Talks in Astana", "Delegations met.")));
  Run first = index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST_REQUIRE(first.status == 0, first.err);
  BOOST_TEST(has(first.out, "2 added, 0 updated, 0 removed, 0 unchanged"), first.out);
  // New items come first in a feed.
  write_file(feed, rss(rss_item("c", "Water returns to Damascus", "Engineers repaired the spring.") +
                       rss_item("a", "Ceasefire holds", "The ceasefire held.") + rss_item("b", "Talks in Astana", "Delegations met.")));
  Run second = index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST(has(second.out, "1 added, 0 updated, 0 removed, 2 unchanged"), second.out);
  std::vector<nlohmann::json> found = hits(db, "damascus");
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  BOOST_TEST(found[0]["key"] == feed + "#c");
  BOOST_TEST(found[0]["url"] == "https://news.example.com/c");
  BOOST_TEST(found[0]["date"] == "2017-01-19");
}

BOOST_AUTO_TEST_CASE(an_edited_item_is_updated_and_a_dropped_one_removed) {
  TempDir dir;
  const std::string db = (dir / "db").string(), feed = (dir / "corpus/news.rss").string();
  write_file(feed, rss(rss_item("a", "Ceasefire holds", "The ceasefire held.") + rss_item("b", "Talks in Astana", "Delegations met.") +
                       rss_item("d", "Old story", "Nothing new.")));
  BOOST_TEST_REQUIRE(index({"--db", db, (dir / "corpus").string()}).status == 0);
  write_file(feed, rss(rss_item("a", "Ceasefire holds", "The ceasefire held.") +
                       rss_item("b", "Talks in Astana postponed", "Delegations met, then left.")));
  Run r = index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST(has(r.out, "0 added, 1 updated, 1 removed, 1 unchanged"), r.out);
  std::vector<nlohmann::json> found = hits(db, "astana");
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  BOOST_TEST(found[0]["title"] == "Talks in Astana postponed");
  BOOST_TEST(hits(db, "old story").empty());
}

BOOST_AUTO_TEST_CASE(a_crawl_gives_its_pages_with_urls_and_counts_the_other_records) {
  TempDir dir;
  const std::string db = (dir / "db").string(), crawl = (dir / "corpus/crawl.warc.gz").string();
  std::string members;
  for (const std::string& record : sample_records()) members += gzip(record);
  write_file(crawl, members);
  write_file(dir / "corpus/sitemap.xml", "<?xml version=\"1.0\"?><urlset><url><loc>https://a.example/</loc></url></urlset>");
  Run r = index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(has(r.out, "2 added, 0 updated, 0 removed, 0 unchanged, 0 duplicates, 1 skipped (1 unsupported file type), "
                        "6 crawl records not pages (1 metadata records, 1 non-HTML responses, 1 redirects, "
                        "2 request records, 1 warcinfo records)"),
             r.out);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{"index: warning: " + (dir / "corpus/sitemap.xml").string() +
                                                      ": skipped: unsupported file type"},
             boost::test_tools::per_element());
  std::vector<nlohmann::json> found = hits(db, "astana OR ceasefire");
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  std::map<std::string, nlohmann::json> by_title;
  for (const nlohmann::json& hit : found) by_title[hit["title"].get<std::string>()] = hit;
  const nlohmann::json& astana = by_title["Négociations à Astana"];
  BOOST_TEST(astana["url"] == "https://www.example.fr/astana");
  BOOST_TEST(astana["key"] == crawl + "#urn:uuid:00000000-0000-0000-0000-000000000006");
  BOOST_TEST(astana["date"] == "2017-01-21");
  BOOST_TEST(astana["date_from"] == "crawl");
  BOOST_TEST(astana["source"] == "example.fr");
  const nlohmann::json& ceasefire = by_title["Ceasefire holds in Wadi Barada"];
  BOOST_TEST(ceasefire["date"] == "2017-01-19");
  BOOST_TEST(ceasefire["source"] == "Example News");
  // Unchanged: a stat, nothing read.
  Run again = index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST(has(again.out, "0 added, 0 updated, 0 removed, 2 unchanged"), again.out);
}

BOOST_AUTO_TEST_CASE(a_truncated_record_is_one_line_naming_file_and_record_and_the_rest_is_indexed) {
  TempDir dir;
  const std::string db = (dir / "db").string(), crawl = (dir / "corpus/cut.warc").string();
  std::string last = warc_record("response", "00000000-0000-0000-0000-000000000099", "https://news.example.com/cut",
                                 "2017-01-22T00:00:00Z", "application/http; msgtype=response",
                                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + std::string(500, 'x') + "</p></body></html>");
  write_file(crawl, sample_crawl() + last.substr(0, last.size() - 300));
  Run r = index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(has(r.out, "2 added"), r.out);
  BOOST_TEST(lines(r.err) == std::vector<std::string>{"index: warning: " + crawl +
                                                      ": record 9 <urn:uuid:00000000-0000-0000-0000-000000000099>: "
                                                      "truncated: 281 of 577 bytes: skipped, and the file ends there"},
             boost::test_tools::per_element());
  BOOST_TEST(hits(db, "ceasefire").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
