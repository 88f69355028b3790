// html_escape and url_encode (pages.h): how untrusted text enters a page.
#include "analysis/terminal_text.h"
#include "analysis/text_decoder.h"
#include "pages.h"

namespace wadi::server {

std::string html_escape(std::string_view text) {
  // Line breaks and tabs stay (an article's paragraphs are split on them);
  // other controls and bidi overrides go, so no text can reorder the page
  // around it.
  const std::string clean = without_controls(to_valid_utf8(text), true);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace wadi::server
