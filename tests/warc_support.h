// Crawl files for the tests, written as crawlers write them.
#pragma once

#include <string>
#include <vector>

namespace wadi::test {

// One WARC/1.0 record: header block, `block`, and the "\r\n\r\n" after it.
std::string warc_record(const std::string& type, const std::string& uuid, const std::string& uri, const std::string& date,
                        const std::string& content_type, const std::string& block);

// `bytes` as one gzip member; as raw deflate (how servers send "deflate").
std::string gzip(const std::string& bytes);
std::string deflate_raw(const std::string& bytes);

// A crawl as wget --warc-file writes one, in 8 records: 1 warcinfo; 2 the
// request and 3 the response (gzip-encoded, a page with its own date and
// site name, "Ceasefire holds in Wadi Barada") for one page, then 4 its
// metadata; 5 the request and 6 the response (chunked, ISO-8859-1 said in
// the HTTP header, no date, no site name, "Négociations à Astana", crawled
// 2017-01-21) for another; 7 an image; 8 a redirect. Record n has the
// WARC-Record-ID <urn:uuid:00000000-0000-0000-0000-00000000000n>.
std::vector<std::string> sample_records();
std::string sample_crawl();  // the records, one after the other

}  // namespace wadi::test
