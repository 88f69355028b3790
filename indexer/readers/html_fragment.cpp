#include "readers/html_fragment.h"

#include <cctype>
#include <memory>

#include <gumbo.h>

#include "analysis/ascii_text.h"
#include "readers/html_fallback.h"
#include "readers/html_text.h"

namespace wadi {
namespace {

// As for pages: beyond this gumbo's tree costs more than any article needs.
constexpr std::size_t kMaxParsedBytes = 8u << 20;

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

bool is_tag_start(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return false;
  unsigned char next = static_cast<unsigned char>(text[at + 1]);
  return std::isalpha(next) || next == '/' || next == '!';
}

bool is_entity_at(std::string_view text, std::size_t at) {
  std::size_t end = text.substr(0, at + 11).find(';', at);  // never further: a text of many '&' stays linear
  if (end == std::string_view::npos || end - at < 3) return false;
  for (std::size_t i = at + 1; i < end; ++i)
    if (!std::isalnum(static_cast<unsigned char>(text[i])) && !(i == at + 1 && text[i] == '#')) return false;
  return true;
}

}  // namespace

bool looks_like_html(std::string_view text) {
  for (std::size_t at = text.find_first_of("<&"); at != std::string_view::npos; at = text.find_first_of("<&", at + 1))
    if (text[at] == '<' ? is_tag_start(text, at) : is_entity_at(text, at)) return true;
  return false;
}

std::string html_fragment_text(std::string_view html) {
  if (!looks_like_html(html)) return std::string(trim(html));
  std::string title;
  if (html.size() > kMaxParsedBytes || !too_costly_to_parse(html).empty()) return strip_tags(html, title);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, GumboDeleter> output(gumbo_parse_with_options(&options, html.data(), html.size()));
  return article_text(output->document);
}

}  // namespace wadi
