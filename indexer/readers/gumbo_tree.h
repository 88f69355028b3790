// Reading gumbo's parse tree: the few accessors the HTML reader's parts share.
#pragma once

#include <string>
#include <string_view>

#include <gumbo.h>

namespace wadi {

// The value of attribute `name`, "" when the node has none or is no element.
std::string_view attribute(const GumboNode* node, const char* name);

// GUMBO_TAG_UNKNOWN for anything but an element.
GumboTag tag_of(const GumboNode* node);

// The children of an element, template or document; nullptr for other nodes.
const GumboVector* children_of(const GumboNode* node);

// h1 to h6.
bool is_heading(GumboTag tag);

// Text, white space and CDATA nodes.
bool is_text(const GumboNode* node);

// Trims and turns every run of ASCII white space into one space.
std::string squeeze(std::string_view s);

// All text below `node`, white space squeezed.
std::string text_of(const GumboNode* node);

// Whether a class or id value holds one of `words` as a word of its own
// ("c-byline__name" holds "byline" and "name"), compared lower-cased.
bool names_one_of(std::string_view names, std::initializer_list<std::string_view> words);

}  // namespace wadi
