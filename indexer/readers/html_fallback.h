// Reading HTML that is not worth parsing: pages nested deeper than any news
// page, or too large. Used by the HTML reader.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

// True when parsing `html` would cost more than a news page ever needs:
// elements nested deeper than any real page (gumbo's tree building slows
// down with the square of the depth, and a hostile page can nest millions).
// A cheap scan of the tags, never an underestimate for well-formed markup.
bool too_nested_to_parse(std::string_view html);

// The text of a page with its tags removed, script and style contents
// dropped and common entities decoded. `title` receives the <title>, if any.
std::string strip_tags(std::string_view html, std::string& title);

}  // namespace wadi
