#include "readers/html_fallback.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <map>
#include <unordered_set>

#include "analysis/ascii_text.h"
#include "readers/text_sink.h"

namespace wadi {
namespace {

// Real pages nest a few dozen elements deep, rarely a few hundred. Past this
// depth, or this much scope-checking work (the sum of the depths of all
// opened elements), gumbo would take seconds to minutes.
constexpr std::size_t kMaxNesting = 1000;
constexpr std::size_t kMaxNestingWork = 20'000'000;
// Real elements have a few attributes; gumbo compares each new one with all
// before it (40,000 on one element: 9 s), so the work is the sum of the
// squares of the counts. Real pages have a few thousand elements; gumbo's
// tree costs some hundred bytes each.
constexpr std::size_t kMaxAttributeWork = 10'000'000;
constexpr std::size_t kMaxElements = 200'000;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Elements whose content the HTML parser reads as raw text, not markup.
bool is_raw_text(std::string_view tag) {
  return is_one_of(tag, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"});
}

// Elements that never nest: void elements, and those whose end tag is
// implied by the next sibling (so they cannot pile up).
bool never_nests(std::string_view tag) {
  return is_one_of(tag, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                         "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
                         "thead", "tfoot", "rb", "rt", "rp", "colgroup", "html", "head", "body"});
}

// Counts the attributes of the tag whose name ends at `at` and returns the
// position of the '>' that ends the tag (quoted values may hold one), or npos.
std::size_t end_of_tag(std::string_view html, std::size_t at, std::size_t& attributes) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'; };
  for (;;) {
    while (at < html.size() && space(html[at])) ++at;
    if (at >= html.size() || html[at] == '>') return at < html.size() ? at : std::string_view::npos;
    ++attributes;
    while (at < html.size() && !space(html[at]) && html[at] != '=' && html[at] != '>') ++at;
    while (at < html.size() && space(html[at]) && html[at] != '/') ++at;
    if (at >= html.size() || html[at] != '=') continue;
    at = html.find_first_not_of(" \t\n\r\f", at + 1);
    if (at == std::string_view::npos) return at;
    if (html[at] == '"' || html[at] == '\'') {
      at = html.find(html[at], at + 1);
      if (at == std::string_view::npos) return at;
      ++at;
    } else {
      while (at < html.size() && !space(html[at]) && html[at] != '>') ++at;
    }
  }
}

}  // namespace

std::string too_costly_to_parse(std::string_view html) {
  std::map<std::string, std::size_t, std::less<>> open;
  std::size_t depth = 0, work = 0, elements = 0, attribute_work = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size(); i = html.find('<', i + 1)) {
    if (html.compare(i, 4, "<!--") == 0) {
      i = html.find("-->", i + 4);
      if (i == std::string_view::npos) break;
      continue;
    }
    bool closing = html[i + 1] == '/';
    std::size_t name_start = i + 1 + closing;
    std::size_t name_end = name_start;
    while (name_end < html.size() && (std::isalnum(static_cast<unsigned char>(html[name_end])) || html[name_end] == '-' ||
                                      html[name_end] == ':'))
      ++name_end;
    if (name_end == name_start || !std::isalpha(static_cast<unsigned char>(html[name_start]))) continue;
    std::string name = ascii_lower(html.substr(name_start, name_end - name_start));
    std::size_t attributes = 0;
    i = closing ? html.find('>', name_end) : end_of_tag(html, name_end, attributes);
    if (i == std::string_view::npos) break;
    attribute_work += attributes * attributes;
    if (attribute_work > kMaxAttributeWork) return "HTML with too many attributes to parse";
    if (!closing && ++elements > kMaxElements) return "HTML with too many elements to parse";
    if (closing) {
      auto it = open.find(name);
      if (it != open.end() && it->second > 0) --it->second, --depth;
      continue;
    }
    if (is_raw_text(name)) {  // skip to its end tag; markup inside is text
      std::string end = "</" + name;
      std::size_t j = i;
      while ((j = html.find("</", j + 1)) != std::string_view::npos && !iequals(html.substr(j, end.size()), end)) {
      }
      if (j == std::string_view::npos) break;
      i = j;
      continue;
    }
    if (never_nests(name)) continue;
    ++open[name];
    work += ++depth;
    if (depth > kMaxNesting || work > kMaxNestingWork) return "HTML nested too deeply to parse";
  }
  return {};
}

std::string strip_tags(std::string_view html, std::string& title) {
  static const std::array<std::pair<std::string_view, std::string_view>, 8> kEntities{{
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"mdash", "—"}, {"ndash", "–"}}};
  TextSink sink;
  std::string* capture = nullptr;
  std::string text;
  auto flush = [&] {
    if (capture) capture->append(text);
    else sink.text(text, false);
    text.clear();
  };
  for (std::size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '&') {
      std::size_t semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string_view name = html.substr(i + 1, semi - i - 1);
        unsigned long code = 0;
        if (!name.empty() && name[0] == '#') {
          bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
          code = std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
        }
        if (code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
          if (code < 0x80) text += static_cast<char>(code);
          else if (code < 0x800) text += {static_cast<char>(0xC0 | (code >> 6)), static_cast<char>(0x80 | (code & 0x3F))};
          else if (code < 0x10000)
            text += {static_cast<char>(0xE0 | (code >> 12)), static_cast<char>(0x80 | ((code >> 6) & 0x3F)),
                     static_cast<char>(0x80 | (code & 0x3F))};
          else
            text += {static_cast<char>(0xF0 | (code >> 18)), static_cast<char>(0x80 | ((code >> 12) & 0x3F)),
                     static_cast<char>(0x80 | ((code >> 6) & 0x3F)), static_cast<char>(0x80 | (code & 0x3F))};
          i = semi + 1;
          continue;
        }
        auto known = std::find_if(kEntities.begin(), kEntities.end(), [&](const auto& e) { return e.first == name; });
        if (known != kEntities.end()) {
          text += known->second;
          i = semi + 1;
          continue;
        }
      }
    }
    if (c != '<') {
      text += c;
      ++i;
      continue;
    }
    flush();
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t name_start = i + 1 + closing, name_end = name_start;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    std::string name = ascii_lower(html.substr(name_start, name_end - name_start));
    std::size_t end = html.find('>', name_end);
    i = end == std::string_view::npos ? html.size() : end + 1;
    if (name == "title") capture = !closing && title.empty() ? &title : nullptr;
    if (!closing && is_raw_text(name) && name != "title") {
      std::string end_tag = "</" + name;
      std::size_t j = i;
      while (j < html.size() && !iequals(html.substr(j, end_tag.size()), end_tag)) j = std::min(html.find('<', j + 1), html.size());
      i = j;
      continue;
    }
    static const std::unordered_set<std::string> kBlocks{"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                                                         "blockquote", "section", "article", "table", "ul", "ol", "hr"};
    if (kBlocks.count(name)) sink.line_break(name == "p" || name[0] == 'h' ? 2 : 1);
  }
  flush();
  return sink.finish();
}

}  // namespace wadi
