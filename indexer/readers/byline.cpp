#include "readers/byline.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "analysis/ascii_text.h"
#include "metadata.h"
#include "readers/gumbo_tree.h"

namespace wadi {
namespace {

bool has_word(std::string_view value, std::string_view word) { return names_one_of(value, {word}); }

// Reader comments, related stories and the like carry names too.
bool outside_the_story(const GumboNode* node) {
  for (const GumboNode* n = node; n && n->type == GUMBO_NODE_ELEMENT; n = n->parent) {
    switch (tag_of(n)) {
      case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEAD: return true;
      case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: return false;  // "has-sidebar" says nothing of a byline
      default: break;
    }
    for (const char* name : {"class", "id"})
      if (names_one_of(attribute(n, name), {"comment", "comments", "reply", "replies", "respond", "discussion",
                                            "related", "recommended", "sidebar", "widget", "footer", "popular"}))
        return true;
  }
  return false;
}

// The text of a byline up to its first line break, date or block: "By
// <b>Nathan Willis</b><br>March 25, 2015" -> "By Nathan Willis".
std::string first_line(const GumboNode* node) {
  std::string text;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    GumboTag tag = tag_of(n);
    bool breaks = tag == GUMBO_TAG_BR || tag == GUMBO_TAG_TIME || tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV;
    if (n != node && breaks && !squeeze(text).empty()) break;
    if (is_text(n)) text += std::string(n->v.text.text) + " ";
    if (const GumboVector* children = children_of(n))
      for (unsigned i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
  }
  return squeeze(text);
}

bool links_to_author(const GumboNode* a) {
  if (has_word(attribute(a, "rel"), "author")) return true;
  std::string href = ascii_lower(attribute(a, "href"));
  for (const char* part : {"author", "writer", "people", "staff", "contributor", "journalist", "autor", "auteur", "/by/"})
    if (href.find(part) != std::string::npos) return true;
  return false;
}

// The name a byline element gives: the names it links to as author pages
// or marks with itemprop=name, else its first line up to a comma, a bar or a dot.
// "" for an element too large to be a byline.
std::string name_in(const GumboNode* node) {
  std::string text = text_of(node);
  if (text.size() > 200) return {};
  std::vector<std::string> names;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    bool names_one = tag_of(n) == GUMBO_TAG_A ? links_to_author(n) : attribute(n, "itemprop") == "name";
    if (n != node && names_one) {
      if (std::string name = as_author_name(text_of(n)); !name.empty()) names.push_back(name);
      continue;
    }
    if (const GumboVector* children = children_of(n))
      for (unsigned i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
  }
  std::string joined;
  for (const std::string& name : names)
    if (joined.find(name) == std::string::npos) joined += (joined.empty() ? "" : ", ") + name;
  if (!joined.empty()) return as_author_name(joined);
  // "By Jane Doe | Reuters", "By Jane Doe · 5 min read", "By Jane Doe, Senior Writer".
  text = first_line(node);
  for (std::string_view cut : {"|", ",", " · ", " • ", " - ", " – ", " — "})
    text = text.substr(0, text.find(cut));
  return as_author_name(text);
}

// Class or id words such as "byline", "FeatureByline", "author", "authorName"
// (but not "authorization").
bool names_byline(std::string_view names) {
  if (ascii_lower(names).find("byline") != std::string::npos) return true;
  return names_one_of(names, {"author", "authors", "authorname", "authorinfo", "authorbox", "authorlink", "byl",
                              "writer", "autor", "auteur"});
}

bool is_byline(const GumboNode* node) {
  if (has_word(attribute(node, "itemprop"), "author") || has_word(attribute(node, "itemprop"), "creator")) return true;
  if (tag_of(node) == GUMBO_TAG_A && has_word(attribute(node, "rel"), "author")) return true;
  if (tag_of(node) == GUMBO_TAG_BODY || tag_of(node) == GUMBO_TAG_HTML) return false;  // WordPress: class="author-jane"
  return names_byline(attribute(node, "class")) || names_byline(attribute(node, "id"));
}

}  // namespace

std::string byline_name(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT && is_byline(node) && !outside_the_story(node) ? name_in(node) : std::string();
}

std::string as_author_name(std::string_view name) {
  std::string s = squeeze(name);
  for (const char* lead : {"written by ", "by: ", "by ", "par ", "von ", "por "}) {
    std::string_view l(lead);
    if (s.size() > l.size() && ascii_lower(std::string_view(s).substr(0, l.size())) == l) {
      s.erase(0, l.size());
      break;
    }
  }
  s = std::string(trim(s));
  if (s.empty() || s.size() > 120 || ascii_lower(s) == "by") return {};
  // A list of names, each of a few words: "Stella Kim and Jennifer Jett", never a headline.
  int words_in_name = 0;
  for (std::size_t start = 0; start < s.size();) {
    std::size_t end = std::min(s.find(' ', start), s.size());
    std::string_view word(s.data() + start, end - start);
    bool joint = word == "and" || word == "&" || word == "et" || word == "und" || word == "y";
    words_in_name = joint ? 0 : words_in_name + 1;
    if (words_in_name > 5) return {};
    if (!word.empty() && word.back() == ',') words_in_name = 0;
    start = end + 1;
  }
  if (std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '@' || c == '/'; }))
    return {};
  if (s.find("www.") != std::string::npos || !parse_date(s).empty()) return {};
  return s;
}

}  // namespace wadi
