// warc_reader: what the crawl reader makes of WARC files written as
// crawlers write them (wget --warc-file, Heritrix, Common Crawl):
// warcinfo, request, response and metadata records, chunked and gzip
// payloads, one gzip member per record, a record cut short, a record that
// is not one; and the HTTP payload reader on its own.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <sys/resource.h>
#include <zlib.h>

#include "readers/http_payload.h"
#include "readers/warc_reader.h"
#include "warc_support.h"

using namespace wadi;
using namespace wadi::test;

namespace {

const FileContext kContext{"/corpus/crawls/news.warc", "2020-02-02", "crawls"};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(warc_reader)

BOOST_AUTO_TEST_CASE(only_html_responses_become_articles_the_other_records_are_counted) {
  ReadResult r = read_warc_articles(kContext, sample_crawl());
  BOOST_TEST(r.problems.empty());
  for (const std::string& p : r.problems) BOOST_TEST_MESSAGE(p);
  for (const auto& [k, n] : r.passed_over) BOOST_TEST_MESSAGE(k << " " << n);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 2u);
  const Article& a = r.articles[0];
  BOOST_TEST(a.title == "Ceasefire holds in Wadi Barada");
  BOOST_TEST(a.url == "https://news.example.com/2017/01/ceasefire");
  BOOST_TEST(a.key == "/corpus/crawls/news.warc#urn:uuid:00000000-0000-0000-0000-000000000003");
  BOOST_TEST(a.date == "2017-01-19");  // the page's own
  BOOST_TEST((a.date_origin == DateOrigin::kGiven));
  BOOST_TEST(a.source == "Example News");
  BOOST_TEST(has(a.body, "engineers reached the spring"));
  const Article& b = r.articles[1];
  BOOST_TEST(b.title == "Négociations à Astana");  // chunked, charset from the HTTP header
  BOOST_TEST(b.url == "https://www.example.fr/astana");
  BOOST_TEST(b.date == "2017-01-21");  // the crawl's: the page gives none
  BOOST_TEST((b.date_origin == DateOrigin::kCrawl));
  BOOST_TEST(b.source == "example.fr");  // the host: the page names no site
  BOOST_TEST(has(b.body, "Les délégations sont arrivées"));
  BOOST_TEST((r.passed_over == std::map<std::string, std::size_t>{{"metadata records", 1},
                                                                  {"non-HTML responses", 1},
                                                                  {"redirects", 1},
                                                                  {"request records", 2},
                                                                  {"warcinfo records", 1}}));
}

BOOST_AUTO_TEST_CASE(one_gzip_member_per_record_reads_as_the_plain_file) {
  std::string members;
  for (const std::string& record : sample_records()) members += gzip(record);
  ReadResult plain = read_warc_articles(kContext, sample_crawl());
  ReadResult zipped = read_warc_articles(kContext, members);
  BOOST_TEST(zipped.problems.empty());
  BOOST_REQUIRE_EQUAL(zipped.articles.size(), plain.articles.size());
  for (std::size_t i = 0; i < plain.articles.size(); ++i) {
    BOOST_TEST(zipped.articles[i].title == plain.articles[i].title);
    BOOST_TEST(zipped.articles[i].body == plain.articles[i].body);
  }
  BOOST_TEST((zipped.passed_over == plain.passed_over));
}

BOOST_AUTO_TEST_CASE(a_truncated_final_record_is_named_and_the_rest_kept) {
  std::string crawl = sample_crawl();
  std::string last = warc_record("response", "00000000-0000-0000-0000-000000000099", "https://news.example.com/cut",
                                 "2017-01-22T00:00:00Z", "application/http; msgtype=response",
                                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + std::string(500, 'x') + "</p></body></html>");
  crawl += last.substr(0, last.size() - 300);
  ReadResult r = read_warc_articles(kContext, crawl);
  BOOST_TEST(r.articles.size() == 2u);
  const std::size_t block = 44 + 15 + 500 + 18;  // HTTP header, page
  BOOST_TEST((r.problems == std::vector<std::string>{
                  "record 9 <urn:uuid:00000000-0000-0000-0000-000000000099>: truncated: " + std::to_string(block - 296) +
                  " of " + std::to_string(block) + " bytes: skipped, and the file ends there"}));
}

BOOST_AUTO_TEST_CASE(a_truncated_gzip_member_is_named_and_the_records_before_kept) {
  std::string members;
  for (const std::string& record : sample_records()) members += gzip(record);
  std::string last = gzip(sample_records()[2]);
  members += last.substr(0, last.size() / 2);
  ReadResult r = read_warc_articles(kContext, members);
  BOOST_TEST(r.articles.size() == 2u);
  for (const std::string& p : r.problems) BOOST_TEST_MESSAGE(p);
  BOOST_REQUIRE_EQUAL(r.problems.size(), 1u);
  BOOST_TEST(has(r.problems[0], "record 9"), r.problems[0]);
  BOOST_TEST(has(r.problems[0], "gzip member is cut short"), r.problems[0]);
}

BOOST_AUTO_TEST_CASE(a_record_that_is_not_one_is_named_and_the_next_ones_read) {
  std::vector<std::string> records = sample_records();
  std::string crawl = records[0] + "GARBAGE LINE\r\nmore garbage\r\n\r\n";
  for (std::size_t i = 1; i < records.size(); ++i) crawl += records[i];
  ReadResult r = read_warc_articles(kContext, crawl);
  BOOST_TEST(r.articles.size() == 2u);
  BOOST_TEST((r.problems == std::vector<std::string>{"record 2: not a WARC record header: skipped to the next record"}));
}

BOOST_AUTO_TEST_CASE(corrupt_gzip_member_skips_that_record_only) {
  std::vector<std::string> records = sample_records();
  std::string members;
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string member = gzip(records[i]);
    if (i == 2)  // the first page's member
      for (std::size_t j = member.size() / 2; j < member.size() / 2 + 8; ++j) member[j] = '\xFF';
    members += member;
  }
  ReadResult r = read_warc_articles(kContext, members);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  BOOST_TEST(r.articles[0].title == "Négociations à Astana");
  BOOST_REQUIRE(!r.problems.empty());
  BOOST_TEST(has(r.problems[0], "record 3 <urn:uuid:00000000-0000-0000-0000-000000000003>"), r.problems[0]);
  BOOST_TEST(has(r.problems[0], "corrupt gzip data"), r.problems[0]);
}

BOOST_AUTO_TEST_CASE(http_payloads_chunked_gzip_deflate_or_stored_decoded) {
  const std::string page = "<html><body><p>Hello</p></body></html>";
  auto response = [](const std::string& headers, const std::string& body) {
    return "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body;
  };
  HttpPayload p = read_http_response(response("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzip(page)), true);
  BOOST_TEST(p.problem.empty());
  BOOST_TEST(p.body == page);
  // Chunked and gzip: the chunks are of the gzip bytes.
  std::string zipped = gzip(page), chunks;
  for (std::size_t i = 0; i < zipped.size(); i += 7) {
    std::string piece = zipped.substr(i, 7);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    chunks += size + piece + "\r\n";
  }
  chunks += "0\r\n\r\n";
  p = read_http_response(response("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunks), true);
  BOOST_TEST(p.body == page);
  // Common Crawl stores payloads decoded and keeps the headers.
  p = read_http_response(response("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", page), true);
  BOOST_TEST(p.problem.empty());
  BOOST_TEST(p.body == page);
  p = read_http_response(response("Content-Type: text/html\r\nContent-Encoding: deflate\r\n", deflate_raw(page)), true);
  BOOST_TEST(p.body == page);
  p = read_http_response(response("Content-Type: text/html\r\nContent-Encoding: br\r\n", "\x1b\x03\x00binary"), true);
  BOOST_TEST(p.problem == "Content-Encoding br not supported");
  p = read_http_response(response("Content-Type: text/html; charset=\"Windows-1251\"\r\n", page), true);
  BOOST_TEST(p.charset == "windows-1251");
  BOOST_TEST(read_http_response("HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n", true).passed_over == "redirects");
  BOOST_TEST(read_http_response("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>", true).passed_over ==
             "error responses");
  BOOST_TEST(read_http_response(response("Content-Type: application/pdf\r\n", "%PDF-1.4"), true).passed_over ==
             "non-HTML responses");
  BOOST_TEST(read_http_response(response("", "<!DOCTYPE html><html><p>x</p></html>"), true).passed_over.empty());
}

// A crawl made up as it is read: `records` image responses of `image_bytes`
// each, one page first and one last, never held whole.
class GeneratedCrawl : public ByteSource {
 public:
  GeneratedCrawl(std::size_t records, std::size_t image_bytes) : left_(records) {
    image_ = warc_record("response", "image", "https://a.example/i.jpg", "2017-01-21T00:00:00Z", "application/http; msgtype=response",
                         "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n" + std::string(image_bytes, 'x'));
    pending_ = sample_records()[2];
  }
  bool read(std::string& out, std::size_t n, std::string&) override {
    while (pending_.size() - used_ < n && left_ > 0) {
      pending_.erase(0, used_);
      used_ = 0;
      pending_ += --left_ == 0 ? sample_records()[5] : image_;
    }
    std::size_t take = std::min(n, pending_.size() - used_);
    out.append(pending_, used_, take);
    used_ += take;
    return true;
  }

 private:
  std::size_t left_;
  std::string image_, pending_;
  std::size_t used_ = 0;
};

BOOST_AUTO_TEST_CASE(memory_does_not_grow_with_the_crawl) {
  // 1.5 GB of images (1,499 of 1 MB) between two pages: read in bounded memory.
  WarcStream stream(kContext, std::make_unique<GeneratedCrawl>(1500, 1u << 20));
  std::size_t pages = 0, images = 0;
  while (!stream.at_end()) {
    ReadResult part = stream.next(250);
    read_unread(part);
    pages += part.articles.size();
    images += part.passed_over["non-HTML responses"];
  }
  BOOST_TEST(pages == 2u);
  BOOST_TEST(images == 1499u);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  if (WADI_PEAK_MEMORY_CHECKED) BOOST_TEST(usage.ru_maxrss < 200 * 1024, "peak " << usage.ru_maxrss / 1024 << " MB");
}

BOOST_AUTO_TEST_CASE(a_gzip_bomb_is_refused_within_bounds) {
  std::string huge(100u << 20, ' ');
  std::string bomb = gzip(huge);
  HttpPayload p = read_http_response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + bomb, true);
  BOOST_TEST(p.problem == "payload over 64 MB once decoded");
  BOOST_TEST(p.body.empty());
}

BOOST_AUTO_TEST_SUITE_END()
