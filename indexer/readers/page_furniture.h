// What a news page shows beside its story, told by its text and shape:
// headings that announce comments or other stories, teasers, repeated
// credit lines. Used by the HTML reader's article_text().
#pragma once

#include <string>
#include <string_view>

#include <gumbo.h>

namespace wadi {

// Whether `node` opens with a heading that names what follows as furniture:
// "12 Comments", "Top rated comments", "Most read", "More stories",
// "Related", "You may also like" (a single word only when alone, so that
// "Popular anger grows" stays a subheading).
bool opens_with_furniture_heading(const GumboNode* node);

// Whether `item` links its headline elsewhere, as a teaser does: a link in
// a heading, a heading in a link, or a picture and a text linking to the
// same page (a feature card's "Learn more" or video link does not count).
bool links_its_headline(const GumboNode* item);

// Whether a short block's `text` interrupts the story rather than telling
// it: "Advertisement", "Story continues below advertisement", or, when the
// block is mostly a link (`linked`), "Read more: …", "Related: …", "See
// also …", "Watch: …".
bool is_interjection(std::string_view text, bool linked);

// `text` (lines of an article) with the later copies of a short byline or
// credit line ("By Jane Doe", "Photo: …", "©…") removed; other repeated
// lines stay (code, tables and documents repeat lines).
std::string drop_repeated_lines(const std::string& text);

}  // namespace wadi
