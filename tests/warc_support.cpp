#include "warc_support.h"

#include <cstdio>

#include <zlib.h>

namespace wadi::test {
namespace {

std::string compress_with(const std::string& bytes, int window_bits) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string uuid(int n) { return "00000000-0000-0000-0000-00000000000" + std::to_string(n); }

std::string chunked(const std::string& body, std::size_t size) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); i += size) {
    std::string piece = body.substr(i, size);
    char line[16];
    std::snprintf(line, sizeof line, "%zx\r\n", piece.size());
    out += line + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

}  // namespace

std::string warc_record(const std::string& type, const std::string& id, const std::string& uri, const std::string& date,
                        const std::string& content_type, const std::string& block) {
  std::string header = "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + id + ">\r\nWARC-Date: " + date + "\r\n";
  if (!uri.empty()) header += "WARC-Target-URI: " + uri + "\r\n";
  header += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  return header + block + "\r\n\r\n";
}

std::string gzip(const std::string& bytes) { return compress_with(bytes, 16 + MAX_WBITS); }
std::string deflate_raw(const std::string& bytes) { return compress_with(bytes, -MAX_WBITS); }

std::vector<std::string> sample_records() {
  const std::string http = "application/http; msgtype=response";
  const std::string ceasefire =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ceasefire holds in Wadi Barada - Example News</title>"
      "<meta property=\"og:site_name\" content=\"Example News\">"
      "<meta property=\"article:published_time\" content=\"2017-01-19T10:15:00Z\"></head>"
      "<body><nav><a href=\"/\">Home</a></nav><article><h1>Ceasefire holds in Wadi Barada</h1>"
      "<p>The ceasefire in Wadi Barada held on Thursday, residents said, as engineers reached the spring that "
      "supplies Damascus with water.</p><p>Repairs could take weeks, a local official said.</p></article></body></html>";
  const std::string astana =  // ISO-8859-1, said only in the HTTP header
      "<html><head><title>N\xE9gociations \xE0 Astana</title></head><body><h1>N\xE9gociations \xE0 Astana</h1>"
      "<p>Les d\xE9l\xE9gations sont arriv\xE9\x65s \xE0 Astana lundi pour des n\xE9gociations sur la Syrie.</p></body></html>";
  return {
      warc_record("warcinfo", uuid(1), "", "2017-01-21T09:00:00Z", "application/warc-fields",
                  "software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n"),
      warc_record("request", uuid(2), "https://news.example.com/2017/01/ceasefire", "2017-01-21T09:00:01Z",
                  "application/http; msgtype=request", "GET /2017/01/ceasefire HTTP/1.1\r\nHost: news.example.com\r\n\r\n"),
      warc_record("response", uuid(3), "https://news.example.com/2017/01/ceasefire", "2017-01-21T09:00:01Z", http,
                  "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n\r\n" + gzip(ceasefire)),
      warc_record("metadata", uuid(4), "https://news.example.com/2017/01/ceasefire", "2017-01-21T09:00:01Z",
                  "application/warc-fields", "outlink: https://news.example.com/\r\n"),
      warc_record("request", uuid(5), "https://www.example.fr/astana", "2017-01-21T09:00:02Z",
                  "application/http; msgtype=request", "GET /astana HTTP/1.1\r\nHost: www.example.fr\r\n\r\n"),
      warc_record("response", uuid(6), "https://www.example.fr/astana", "2017-01-21T09:00:02Z", http,
                  "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: chunked\r\n\r\n" +
                      chunked(astana, 40)),
      warc_record("response", uuid(7), "https://news.example.com/logo.png", "2017-01-21T09:00:03Z", http,
                  "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
      warc_record("response", uuid(8), "http://news.example.com/", "2017-01-21T09:00:04Z", http,
                  "HTTP/1.1 301 Moved Permanently\r\nLocation: https://news.example.com/\r\n\r\n"),
  };
}

std::string sample_crawl() {
  std::string crawl;
  for (const std::string& record : sample_records()) crawl += record;
  return crawl;
}

}  // namespace wadi::test
