// Who wrote an article, as a page shows it: bylines and author names.
// Used by the HTML reader's metadata.
#pragma once

#include <string>
#include <string_view>

#include <gumbo.h>

namespace wadi {

// The name `node` gives when it is a visible byline: an itemprop=author
// element (its itemprop=name), a rel=author link, or an element whose class
// or id says byline or author ("FeatureByline", "article__author", not
// "authorization"), outside navigation, footers, comments, related stories
// and sidebars. The names it links to as author pages, else its first line
// up to a comma, a bar or a dot ("By <b>Nathan Willis</b><br>March 25" ->
// "Nathan Willis"); "" when the node is no byline or gives no name.
std::string byline_name(const GumboNode* node);

// `name` without a leading "By", "Written by", "Par", "Von", "Por" and
// surrounding space, or "" when it does not read as a person's or
// organisation's name: empty, a list whose names have more than five words
// (a headline), holding a digit, a URL or an e-mail address, or a date.
std::string as_author_name(std::string_view name);

}  // namespace wadi
