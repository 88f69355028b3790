// The visible text of an HTML page: what a reader of the article sees, not
// the scripts, menus and widgets around it. Used by the HTML reader.
#pragma once

#include <string>
#include <string_view>

struct GumboInternalNode;

namespace wadi {

// The article text of a parsed page, `page` being gumbo's document node.
// The main prose is the element with the most paragraph text outside reader
// comments; the article is the element holding it that the page marks
// ([itemprop=articleBody], <article>, <main>), else the page. Dropped: what
// is never visible (script, style, template, svg...), boilerplate (nav,
// header, footer, aside, form, elements whose class or id says menu, share,
// cookie, comments, related, advert, gallery, ticker... and blocks made
// mostly of links) and, beside the main prose, other <article>s, lists of
// teasers and blocks opening with a "Comments"/"Most read" heading — never
// the elements holding the main prose. A repeated byline or credit line is
// kept once. Block elements become line breaks, paragraphs blank lines.
std::string article_text(const GumboInternalNode* page);

}  // namespace wadi
