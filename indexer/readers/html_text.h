// The visible text of an HTML page: what a reader of the article sees, not
// the scripts, menus and widgets around it. Used by the HTML reader.
#pragma once

#include <string>
#include <string_view>

struct GumboInternalNode;

namespace wadi {

// The article text of a parsed page, `page` being gumbo's document node.
// Looks for the article itself ([itemprop=articleBody], the <article> that
// holds the most paragraph text, <main>), then drops what is never visible
// (script, style, template, svg...) and boilerplate (nav, header, footer,
// aside, form, elements whose class or id says menu, share, cookie,
// comments, related, advert... and blocks made mostly of links), unless the
// element holds the article's main paragraphs. Block elements become line
// breaks, paragraphs blank lines.
std::string article_text(const GumboInternalNode* page);

}  // namespace wadi
