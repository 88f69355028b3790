// Reading HTML that is not worth parsing: pages nested deeper than any news
// page, with absurdly many attributes or elements, or too large. Used by the
// HTML reader.
#pragma once

#include <string>
#include <string_view>

namespace wadi {

// Why parsing `html` would cost more than a news page ever needs, or "":
// elements nested deeper than any real page (gumbo's tree building slows
// down with the square of the depth, and a hostile page can nest millions),
// elements with thousands of attributes (gumbo checks each against all the
// others), or more elements than any article page has. A cheap scan of the
// tags, never an underestimate for well-formed markup.
std::string too_costly_to_parse(std::string_view html);

// The text of a page with its tags removed, script and style contents
// dropped and common entities decoded. `title` receives the <title>, if any.
std::string strip_tags(std::string_view html, std::string& title);

}  // namespace wadi
