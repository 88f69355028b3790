// The visible text of an HTML page: what a reader of the article sees, not
// the scripts, menus and widgets around it. Used by the HTML reader.
#pragma once

#include <string>
#include <string_view>

struct GumboInternalNode;

namespace wadi {

// True when parsing `html` would cost more than a news page ever needs:
// elements nested deeper than any real page (gumbo's tree building slows
// down with the square of the depth, and a hostile page can nest millions).
// A cheap scan of the tags, never an underestimate for well-formed markup.
bool too_nested_to_parse(std::string_view html);

// The article text of a parsed page, `page` being gumbo's document node.
// Looks for the article itself ([itemprop=articleBody], the <article> that
// holds the most paragraph text, <main>), then drops what is never visible
// (script, style, template, svg...) and boilerplate (nav, header, footer,
// aside, form, elements whose class or id says menu, share, cookie,
// comments, related, advert... and blocks made mostly of links), unless the
// element holds the article's main paragraphs. Block elements become line
// breaks, paragraphs blank lines.
std::string article_text(const GumboInternalNode* page);

// The text of a page with its tags removed, script and style contents
// dropped and common entities decoded, for pages not worth parsing.
// `title` receives the <title>, if any.
std::string strip_tags(std::string_view html, std::string& title);

}  // namespace wadi
