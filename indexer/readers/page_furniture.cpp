#include "readers/page_furniture.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <vector>

#include "analysis/ascii_text.h"
#include "readers/gumbo_tree.h"

namespace wadi {
namespace {

// A heading that names what follows as furniture: "12 Comments", "Top
// rated comments", "Most read", "More stories", "Related", "You may also
// like". One word counts only alone, so that "Popular uprising in Sudan"
// stays a subheading of the story.
bool names_furniture(std::string_view heading) {
  if (heading.size() > 60) return false;
  std::string words;  // lower-cased letters, one space between words
  for (char c : heading) {
    if (std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80)) words += ascii_lower(c);
    else if (!words.empty() && words.back() != ' ') words += ' ';
  }
  while (!words.empty() && words.back() == ' ') words.pop_back();
  for (std::string_view alone : {"comments", "comment", "related", "popular", "trending", "recommended",
                                 "commentaires", "kommentare", "comentarios", "reacties"})
    if (words == alone) return true;
  for (std::string_view phrase : {"most read", "most popular", "most viewed", "most shared", "more stories",
                                  "more news", "more from", "read more", "read next", "also like", "top stories",
                                  "latest news", "you may have missed", "related stories", "related articles",
                                  "related posts", "related content", "related coverage", "recommended for you",
                                  "rated comments", "reader comments", "join the conversation", "lire aussi",
                                  "mehr zum thema", "lees ook", "te puede interesar"})
    if (words.find(phrase) != std::string::npos) return true;
  return false;
}

// A byline or credit line the page repeats (over every gallery picture,
// after every section) is furniture after its first time: later copies go.
// Other repeated lines stay: code, tables and documents repeat lines.
bool reads_as_credit(std::string_view line) {
  std::string lower = ascii_lower(line.substr(0, 16));
  for (std::string_view lead : {"by ", "photo", "image", "credit", "copyright", "\xc2\xa9", "advertisement", "source:"})
    if (lower.compare(0, lead.size(), lead) == 0) return true;
  return false;
}

}  // namespace

std::string drop_repeated_lines(const std::string& text) {
  constexpr std::size_t kMaxRepeated = 150;
  std::unordered_set<std::string_view> seen;
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line(text.data() + start, end - start);
    bool repeated = line.size() <= kMaxRepeated && reads_as_credit(line) && !seen.insert(line).second;
    if (!repeated) out.append(text, start, end - start + (end < text.size()));
    start = end + 1;
  }
  std::string collapsed;  // a dropped line may leave two blank lines in a row
  for (char c : out)
    if (!(c == '\n' && collapsed.size() >= 2 && collapsed.compare(collapsed.size() - 2, 2, "\n\n") == 0)) collapsed += c;
  while (!collapsed.empty() && collapsed.back() == '\n') collapsed.pop_back();
  return collapsed;
}

bool is_interjection(std::string_view text, bool linked) {
  std::string lower = ascii_lower(text);
  for (std::string_view whole : {"advertisement", "advert", "ad", "anzeige", "publicité", "publicidad", "pubblicità",
                                 "story continues below advertisement", "continue reading the main story",
                                 "skip advertisement", "article continues below", "scroll to continue with content"})
    if (lower == whole) return true;
  if (!linked) return false;
  for (std::string_view lead : {"read more", "related:", "see also", "read also", "also read", "more:", "watch:",
                                "listen:", "lire aussi", "à lire aussi", "mehr zum thema", "lesen sie auch", "lea también",
                                "leia também", "lees ook"})
    if (lower.compare(0, lead.size(), lead) == 0) return true;
  return false;
}

bool opens_with_furniture_heading(const GumboNode* node) {
  const GumboVector* children = children_of(node);
  for (unsigned i = 0; children && i < children->length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children->data[i]);
    if (child->type == GUMBO_NODE_WHITESPACE || child->type == GUMBO_NODE_COMMENT) continue;
    if (child->type != GUMBO_NODE_ELEMENT) return false;
    GumboTag tag = tag_of(child);
    if (!is_heading(tag)) return false;
    return names_furniture(text_of(child));
  }
  return false;
}

// Whether `item` links its headline elsewhere, as a teaser does: a link in
// a heading, a heading in a link, or a picture and a text linking to the
// same page (a feature card's "Learn more" or video link does not count).
bool links_its_headline(const GumboNode* item) {
  struct Step {
    const GumboNode* node;
    const GumboNode* link;
    bool in_heading;
  };
  std::unordered_set<std::string_view> picture_links, text_links;
  std::vector<Step> stack{{item, nullptr, false}};
  while (!stack.empty()) {
    auto [node, link, in_heading] = stack.back();
    stack.pop_back();
    GumboTag tag = tag_of(node);
    if ((tag == GUMBO_TAG_A && in_heading) || (link && is_heading(tag))) return true;
    if (link && tag == GUMBO_TAG_IMG) picture_links.insert(attribute(link, "href"));
    if (link && node->type == GUMBO_NODE_TEXT) text_links.insert(attribute(link, "href"));
    if (const GumboVector* children = children_of(node))
      for (unsigned i = 0; i < children->length; ++i)
        stack.push_back({static_cast<const GumboNode*>(children->data[i]), tag == GUMBO_TAG_A ? node : link,
                         in_heading || is_heading(tag)});
  }
  for (std::string_view href : picture_links)
    if (!href.empty() && text_links.count(href)) return true;
  return false;
}

}  // namespace wadi
