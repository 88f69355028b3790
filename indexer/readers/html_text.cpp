#include "readers/html_text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <gumbo.h>

#include "analysis/ascii_text.h"
#include "readers/gumbo_tree.h"
#include "readers/page_furniture.h"
#include "readers/text_sink.h"

namespace wadi {
namespace {

// Less paragraph text than this in one element is not an article's prose.
constexpr std::size_t kMinProse = 100;

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Never visible to a reader, whatever the page says.
bool is_hidden(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE || node->type == GUMBO_NODE_COMMENT) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;  // svg, math
  switch (node->v.element.tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
      return true;
    default: break;
  }
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden")) return true;
  std::string style = ascii_lower(attribute(node, "style"));
  std::erase(style, ' ');
  return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

// Words in a class or id that name page furniture rather than the article.
bool names_boilerplate(std::string_view names) {
  static const std::unordered_set<std::string> kWords{
      "nav", "navbar", "navigation", "menu", "menubar", "footer", "masthead", "breadcrumb", "breadcrumbs",
      "sidebar", "cookie", "cookies", "consent", "gdpr", "share", "sharing", "sharebar", "social", "related",
      "recommended", "recommendations", "comment", "comments", "disqus", "advert", "advertisement", "ad", "ads",
      "adslot", "sponsor", "sponsored", "promo", "newsletter", "subscribe", "subscription", "popup", "modal",
      "banner", "outbrain", "taboola", "widget", "skip", "skiplink", "trending", "mostread", "mostpopular", "popular", "tags",
      "gallery", "slideshow", "carousel", "slider", "lightbox", "ticker", "marquee", "teaser", "teasers"};
  // Two words may name one thing: "most-read", "more_stories", "top-stories".
  static const std::unordered_set<std::string> kPairs{"mostread", "mostpopular", "mostviewed", "morestories",
                                                       "morenews", "topstories", "readnext", "readmore", "latestnews"};
  std::string word, previous;
  auto matches = [&] { return !word.empty() && (kWords.count(word) || kPairs.count(previous + word)); };
  for (char c : names) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += ascii_lower(c);
    } else {
      if (matches()) return true;
      if (!word.empty()) previous = std::move(word);
      word.clear();
    }
  }
  return matches();
}

bool inside_article(const GumboNode* node) {
  for (const GumboNode* p = node->parent; p; p = p->parent)
    if (tag_of(p) == GUMBO_TAG_ARTICLE) return true;
  return false;
}

// Page furniture, dropped unless it holds the article's main paragraphs
// (sites that wrap the whole page in a <form> or a "has-sidebar" div).
bool is_boilerplate(const GumboNode* node) {
  switch (tag_of(node)) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: return true;
    case GUMBO_TAG_HEADER: return !inside_article(node);  // an article's own header has its standfirst
    case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: return false;
    default: break;
  }
  std::string_view role = attribute(node, "role");
  if (is_one_of(role, {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"})) return true;
  if (attribute(node, "aria-hidden") == "true") return true;
  return names_boilerplate(attribute(node, "class")) || names_boilerplate(attribute(node, "id"));
}

// Inside reader comments, whose paragraphs are never the story however long.
bool in_comments(const GumboNode* node) {
  for (const GumboNode* n = node; n && n->type == GUMBO_NODE_ELEMENT; n = n->parent) {
    if (tag_of(n) == GUMBO_TAG_BODY) return false;
    for (const char* name : {"class", "id"})
      if (names_one_of(attribute(n, name), {"comment", "comments", "commentlist", "disqus", "replies", "respond"})) return true;
    if (attribute(n, "itemtype").find("Comment") != std::string_view::npos) return true;
  }
  return false;
}

// Visible text sizes of every element, computed once bottom-up.
struct TextSizes {
  std::unordered_map<const GumboNode*, std::size_t> text;       // all visible text below
  std::unordered_map<const GumboNode*, std::size_t> link_text;  // of which inside <a>
  std::unordered_map<const GumboNode*, std::size_t> own_prose;  // direct text and <p> children
  std::unordered_set<const GumboNode*> headed;                   // holds a heading or a picture
  std::vector<const GumboNode*> order;                           // every element, children first

  std::size_t text_of(const GumboNode* node) const {
    auto it = text.find(node);
    return it == text.end() ? 0 : it->second;
  }
};

TextSizes measure(const GumboNode* page) {
  TextSizes sizes;
  struct Frame {
    const GumboNode* node;
    unsigned next = 0;
  };
  std::vector<Frame> stack{{page}};
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector* children = children_of(frame.node);
    if (children && frame.next < children->length) {
      const auto* child = static_cast<const GumboNode*>(children->data[frame.next++]);
      if (!is_hidden(child) && !is_text(child)) stack.push_back({child});
      continue;
    }
    const GumboNode* node = frame.node;
    stack.pop_back();
    std::size_t text = 0, links = 0, prose = 0;
    for (unsigned i = 0; children && i < children->length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children->data[i]);
      if (is_text(child)) {
        std::size_t n = child->type == GUMBO_NODE_WHITESPACE ? 0 : std::strlen(child->v.text.text);
        text += n;
        prose += n;
      } else if (!is_hidden(child)) {
        text += sizes.text[child];
        links += sizes.link_text[child];
        if (tag_of(child) == GUMBO_TAG_P) prose += sizes.text[child];
      }
    }
    if (tag_of(node) == GUMBO_TAG_A) links = text;
    bool headed = is_heading(tag_of(node)) || tag_of(node) == GUMBO_TAG_IMG || tag_of(node) == GUMBO_TAG_FIGURE;
    for (unsigned i = 0; !headed && children && i < children->length; ++i)
      headed = sizes.headed.count(static_cast<const GumboNode*>(children->data[i])) > 0;
    if (headed) sizes.headed.insert(node);
    sizes.text[node] = text;
    sizes.link_text[node] = links;
    sizes.own_prose[node] = prose;
    sizes.order.push_back(node);
  }
  return sizes;
}

template <class Predicate>
std::vector<const GumboNode*> find_all(const GumboNode* page, Predicate wanted) {
  std::vector<const GumboNode*> found;
  std::vector<const GumboNode*> stack{page};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node != page && wanted(node)) found.push_back(node);
    if (const GumboVector* children = children_of(node))
      for (unsigned i = children->length; i-- > 0;) {
        const auto* child = static_cast<const GumboNode*>(children->data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && !is_hidden(child)) stack.push_back(child);
      }
  }
  return found;  // in document order
}

bool contains(const GumboNode* ancestor, const GumboNode* node) {
  for (; node; node = node->parent)
    if (node == ancestor) return true;
  return false;
}

// Where the article is: its body element when the page marks it, else the
// <article> holding the main paragraphs, else <main>, else the whole page.
// Once the main paragraphs are known, an element that does not hold them is
// never the article (an <article> beside them is a teaser card, a related
// story or a comment), except a marked article body with more text than they.
const GumboNode* article_root(const GumboNode* page, const TextSizes& sizes, const GumboNode* prose) {
  auto is_body = [](const GumboNode* n) { return attribute(n, "itemprop") == "articleBody"; };
  // The outermost holding the prose (it comes first); without prose, the largest.
  auto holding = [&sizes, prose](const std::vector<const GumboNode*>& nodes) -> const GumboNode* {
    const GumboNode* found = nullptr;
    for (const GumboNode* n : nodes)
      if (prose ? !found && contains(n, prose) : !found || sizes.text_of(n) > sizes.text_of(found)) found = n;
    return found;
  };
  auto bodies = find_all(page, is_body);
  if (const GumboNode* found = holding(bodies)) return found;
  // A marked article body written in <div>s, where a short bio's <p>s won the prose count.
  for (const GumboNode* n : bodies)
    if (sizes.text_of(n) > sizes.text_of(prose)) return n;
  for (auto wanted : {+[](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_ARTICLE; },
                      +[](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_MAIN || attribute(n, "role") == "main"; }})
    if (const GumboNode* found = holding(find_all(page, wanted))) return found;
  return page;
}

// A list of teasers: at least three children of the same tag and class,
// most of the children, each short, its headline a link —
// "more stories" with their summaries, not the story's paragraphs.
bool is_teaser_list(const GumboNode* node, const TextSizes& sizes) {
  constexpr std::size_t kMaxTeaser = 600;
  const GumboVector* children = children_of(node);
  if (!children) return false;
  std::unordered_map<std::string, int> teasers;
  int elements = 0, most = 0;
  for (unsigned i = 0; i < children->length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children->data[i]);
    if (child->type != GUMBO_NODE_ELEMENT || is_hidden(child)) continue;
    ++elements;
    std::size_t text = sizes.text_of(child);
    auto links = sizes.link_text.find(child);
    if (tag_of(child) == GUMBO_TAG_P || text == 0 || text > kMaxTeaser || links == sizes.link_text.end() ||
        links->second == 0 || !sizes.headed.count(child) || !links_its_headline(child))
      continue;
    int n = ++teasers[std::to_string(tag_of(child)) + ' ' + std::string(attribute(child, "class"))];
    most = std::max(most, n);
  }
  return most >= 3 && most * 10 >= elements * 6;
}

// 0: inline, 1: a line of its own, 2: a paragraph of its own.
int block_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_SECTION:
      return 2;
    case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI: case GUMBO_TAG_TR: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_HR: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_CAPTION: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_CENTER: case GUMBO_TAG_BODY:
      return 1;
    default: return 0;
  }
}

}  // namespace

std::string article_text(const GumboInternalNode* page) {
  TextSizes sizes = measure(page);
  // The element with the most paragraph text of its own: the article's
  // prose, which no boilerplate rule may remove.
  const GumboNode* prose = nullptr;
  std::size_t most = 0;
  for (const GumboNode* node : sizes.order)
    if (std::size_t n = sizes.own_prose[node]; n > most && !in_comments(node)) most = n, prose = node;
  if (most < kMinProse) prose = nullptr;  // a caption or a menu item, not an article
  const GumboNode* root = article_root(page, sizes, prose);
  std::unordered_set<const GumboNode*> holding_prose;  // the prose and its ancestors
  for (const GumboNode* n = prose; n; n = n->parent) holding_prose.insert(n);

  TextSink sink;
  struct Step {
    const GumboNode* node;
    bool leaving;
  };
  std::vector<Step> stack{{root, false}};
  int preformatted = 0;
  while (!stack.empty()) {
    auto [node, leaving] = stack.back();
    stack.pop_back();
    if (is_text(node)) {
      sink.text(node->v.text.text, preformatted > 0);
      continue;
    }
    GumboTag tag = tag_of(node);
    if (leaving) {
      sink.line_break(block_level(tag));
      if (tag == GUMBO_TAG_PRE) --preformatted;
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) sink.space();
      continue;
    }
    if (node != root && node->type != GUMBO_NODE_DOCUMENT) {
      if (is_hidden(node)) continue;
      bool holds_prose = holding_prose.count(node) > 0;
      if (!holds_prose && is_boilerplate(node)) continue;
      // Beside the story: teaser cards and comments as <article>s, lists of teasers, "Most read".
      if (!holds_prose && prose && tag == GUMBO_TAG_ARTICLE) continue;
      if (!holds_prose && prose && (is_teaser_list(node, sizes) || opens_with_furniture_heading(node))) continue;
      // Lists and blocks made of links: "related stories", tag clouds.
      std::size_t text = sizes.text[node];
      if (!holds_prose && block_level(tag) > 0 && tag != GUMBO_TAG_P && text > 0 && sizes.link_text[node] * 10 > text * 7)
        continue;
      // "Advertisement", "Read more: <a>another story</a>" between the paragraphs.
      if (!holds_prose && block_level(tag) > 0 && text > 0 && text <= 200 &&
          is_interjection(text_of(node), sizes.link_text[node] * 2 >= text))
        continue;
    }
    sink.line_break(block_level(tag));
    if (tag == GUMBO_TAG_PRE) ++preformatted;
    stack.push_back({node, true});
    if (const GumboVector* children = children_of(node))
      for (unsigned i = children->length; i-- > 0;) stack.push_back({static_cast<const GumboNode*>(children->data[i]), false});
  }
  return drop_repeated_lines(sink.finish());
}

}  // namespace wadi
