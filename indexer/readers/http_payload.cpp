#include "readers/http_payload.h"

#include <optional>

#include <zlib.h>

#include "analysis/ascii_text.h"

namespace wadi {
namespace {

constexpr std::size_t kMaxHeaderLines = 1000;

// The next line of `text` from `pos` (without "\r\n" or "\n"); false at the end.
bool next_line(std::string_view text, std::size_t& pos, std::string_view& line) {
  if (pos >= text.size()) return false;
  std::size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  line = text.substr(pos, end - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos = end + 1;
  return true;
}

// The chunked body `body` decoded; none when it is not in chunks.
std::optional<std::string> dechunk(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  std::string_view line;
  for (;;) {
    if (!next_line(body, pos, line)) return std::nullopt;  // no last chunk: cut short, or not chunked
    line = trim(line.substr(0, line.find(';')));
    if (line.empty() || line.size() > 8 || line.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
      return std::nullopt;
    std::size_t size = std::stoul(std::string(line), nullptr, 16);
    if (size == 0) return out;
    if (size > body.size() - std::min(pos, body.size()) || out.size() + size > kMaxDecodedBytes) return std::nullopt;
    out.append(body.substr(pos, size));
    pos += size;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    else if (body.substr(pos, 1) == "\n") pos += 1;
    else return std::nullopt;
  }
}

enum class Inflated { kOk, kCorrupt, kTooLarge };

// Inflates `in` with zlib's window bits `bits` (gzip, zlib or raw deflate).
Inflated inflate_all(std::string_view in, int bits, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, bits) != Z_OK) return Inflated::kCorrupt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int status = Z_OK;
  char buffer[64 * 1024];
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > kMaxDecodedBytes) {
      inflateEnd(&z);
      return Inflated::kTooLarge;
    }
    if (status == Z_BUF_ERROR && z.avail_in == 0) break;  // cut short: keep what came
  }
  inflateEnd(&z);
  return status == Z_STREAM_END || (status == Z_BUF_ERROR && !out.empty()) ? Inflated::kOk : Inflated::kCorrupt;
}

bool starts_like_html(std::string_view body) {
  std::size_t at = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (at == std::string_view::npos) return false;
  std::string head = ascii_lower(body.substr(at, 14));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0 ||
         head.rfind("<!--", 0) == 0;
}

// Undoes the content coding `coding` of `body`; a problem when it cannot.
std::string decode_content(std::string coding, std::string& body) {
  coding = ascii_lower(trim(coding));
  if (coding.empty() || coding == "identity" || coding == "none") return {};
  bool gzip = coding == "gzip" || coding == "x-gzip";
  if (!gzip && coding != "deflate") {
    if (starts_like_html(body)) return {};  // stored decoded
    return "Content-Encoding " + coding.substr(0, 20) + " not supported";
  }
  if (gzip && (body.size() < 2 || body[0] != '\x1f' || body[1] != '\x8b')) return {};  // stored decoded
  if (!gzip && starts_like_html(body)) return {};
  std::string out;
  Inflated result = inflate_all(body, gzip ? 16 + MAX_WBITS : MAX_WBITS, out);
  if (result == Inflated::kCorrupt && !gzip) {  // deflate as servers send it: often raw, without zlib's header
    out.clear();
    result = inflate_all(body, -MAX_WBITS, out);
  }
  if (result == Inflated::kTooLarge) return "payload over " + std::to_string(kMaxDecodedBytes >> 20) + " MB once decoded";
  if (result == Inflated::kCorrupt) return "corrupt " + coding + " payload";
  body = std::move(out);
  return {};
}

}  // namespace

std::string charset_of(std::string_view content_type) {
  std::string lower = ascii_lower(content_type);
  std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return {};
  std::string_view value = std::string_view(lower).substr(at + 8);
  value = value.substr(0, value.find(';'));
  value = trim(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) value = value.substr(1, value.size() - 2);
  return value.size() > 40 ? std::string() : std::string(trim(value));
}

HttpPayload read_http_response(std::string_view message, bool whole) {
  HttpPayload payload;
  std::size_t pos = 0;
  std::string_view line;
  if (message.rfind("HTTP/", 0) != 0 || !next_line(message, pos, line)) {
    payload.problem = "not an HTTP response";
    return payload;
  }
  std::size_t space = line.find(' ');
  std::string_view code = space == std::string_view::npos ? std::string_view() : line.substr(space + 1, 3);
  if (code.size() != 3 || code.find_first_not_of("0123456789") != std::string_view::npos) {
    payload.problem = "no HTTP status";
    return payload;
  }
  if (code[0] != '2') {
    payload.passed_over = code[0] == '3' ? "redirects" : "error responses";
    return payload;
  }
  std::string type, transfer, coding;
  for (std::size_t n = 0;; ++n) {
    if (!next_line(message, pos, line) || n == kMaxHeaderLines) {
      if (whole) payload.problem = "HTTP headers cut short";
      else payload.passed_over = "non-HTML responses";  // headers that long are no page's
      return payload;
    }
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = ascii_lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-type") type = std::string(value);
    else if (name == "transfer-encoding") transfer = ascii_lower(value);
    else if (name == "content-encoding") coding = std::string(value);
  }
  std::string mime = ascii_lower(trim(std::string_view(type).substr(0, type.find(';'))));
  bool html = mime == "text/html" || mime == "application/xhtml+xml";
  if (!html && !mime.empty()) {
    payload.passed_over = "non-HTML responses";
    return payload;
  }
  payload.charset = charset_of(type);
  if (!whole) return payload;
  payload.body = std::string(message.substr(std::min(pos, message.size())));
  if (transfer.find("chunked") != std::string::npos)
    if (std::optional<std::string> joined = dechunk(payload.body)) payload.body = std::move(*joined);
  payload.problem = decode_content(coding, payload.body);
  if (!payload.problem.empty()) payload.body.clear();
  else if (!html && !starts_like_html(payload.body)) payload.passed_over = "non-HTML responses";
  return payload;
}

}  // namespace wadi
