// The page inside an HTTP response as a crawler recorded it (a WARC
// response record's block): status, headers, transfer and content codings.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

struct HttpPayload {
  std::string body;         // the payload, decoded: the page's bytes
  std::string charset;      // from Content-Type, or ""
  std::string passed_over;  // when it holds no page, what it is: "redirects", "error responses", "non-HTML responses"
  std::string problem;      // when the payload cannot be read, why
};

// Reads the HTTP response `message`: all of it when `whole`, else only its
// first bytes (then only whether it holds a page is said, body empty). A
// page is a 2xx response of type text/html or application/xhtml+xml, or of
// no type with a payload that starts like HTML. Chunked transfer coding and
// gzip, x-gzip or deflate content coding are undone; a payload that is not
// in the coding its headers say (crawlers often store it decoded and keep
// the headers) is read as it is. The decoded payload is bounded by
// kMaxDecodedBytes (a problem beyond).
HttpPayload read_http_response(std::string_view message, bool whole);

// The charset parameter of a Content-Type value, lower-cased, unquoted; "".
std::string charset_of(std::string_view content_type);

constexpr std::size_t kMaxDecodedBytes = 64u << 20;

}  // namespace wadi
