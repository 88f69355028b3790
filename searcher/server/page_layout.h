// What the server's pages share: the frame around them (head, search form,
// footer) and the pieces every page shows an article by.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher.h"

namespace wadi::server {

// The page up to its content: the head (`title`, the built-in style sheet,
// a phone-width viewport), the search form holding `query` (and `sort` when
// not by relevance), and the opening <main>. `title` and `query` are escaped
// here.
std::string page_start(const std::string& title, const std::string& query, SortOrder sort = SortOrder::kRelevance);

// Closes what page_start() opened, after a footer with the query syntax.
std::string page_end();

// A stored field as text ("" when missing or not a string).
std::string stored_field(const nlohmann::json& fields, const char* name);

// ` lang="CODE"` for a language code as stored; "" for none, or for what
// is not a language code.
std::string lang_attribute(const std::string& code);

// True for a language written right to left (Arabic, Hebrew, Persian,
// Urdu, ...), by its code ("ar", "fa-IR").
bool is_right_to_left(const std::string& code);

// "English (en)": the code as ICU names it in English, or the code alone.
// Not escaped.
std::string language_name(const std::string& code);

// "2017-01-20 · Hürriyet Daily News · by Jane Doe", escaped: an article's
// date ("undated", "(file date)" when it is its file's), source and author.
std::string article_byline(const nlohmann::json& fields);

// How a hit is listed: as a result of the search page (an <h2> title and
// the snippet) or as a similar article beside an article (an <h3>, no
// snippet).
enum class HitStyle { kResult, kSimilar };

// One hit as a list item: its title (dir="auto") linking to its article
// page with `query`, its byline and, for a result, its snippet with the
// matches in <mark>.
std::string hit_item(const Hit& hit, const std::string& query, HitStyle style);

}  // namespace wadi::server
