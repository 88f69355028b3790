// The text of a piece of HTML that is not a page: a feed item's content.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

// The visible text of `html` (UTF-8), read as the HTML reader reads a page's
// article (see article_text()); markup too costly to parse is read with its
// tags removed. Text without markup (looks_like_html()) comes back trimmed.
std::string html_fragment_text(std::string_view html);

// Whether `text` holds markup (a tag or an entity), so that it must be read
// as HTML: "<p>A</p>", "A &amp; B"; not "5 < 6" nor "AT&T".
bool looks_like_html(std::string_view text);

}  // namespace wadi
