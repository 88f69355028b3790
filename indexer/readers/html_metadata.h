// What a news page's markup says about its article: title, date, source,
// author, URL and language, from every place pages put them. Used by the
// HTML reader.
#pragma once

#include <string>

#include "article.h"

struct GumboInternalNode;

namespace wadi {

// Text a page offers when its visible text is missing or too short.
struct PageSummaries {
  std::string description;   // <meta name=description>, og:, twitter:, or the JSON-LD description
  std::string article_body;  // the JSON-LD articleBody, markup removed
};

// Fills article.title, date, source, author, url and language from the
// parsed page `page` (gumbo's document node); `folder_source` is the
// source when the page names none and gives no URL.
// - title: the JSON-LD headline (or its name, when <title> holds that),
//   og:title, twitter:title, <title>, else the <h1> marked as the headline
//   or the first <h1>; a site-name part (" | The Guardian", "BBC News - ")
//   removed, or any part beside what an <h1> shows;
// - date: JSON-LD datePublished of an article-like type, article:published_time,
//   datePublished of any other JSON-LD type, itemprop=datePublished,
//   <meta name=date|pubdate|dc.date...>, <time pubdate>, the first <time datetime>;
// - source: og:site_name, the JSON-LD publisher, application-name, the host
//   of og:url or the canonical link, else folder_source;
// - author: author meta tags, the JSON-LD author, else a visible byline
//   (itemprop=author, rel=author, class byline/author outside comments);
//   never a URL or a date, and without a leading "By".
// JSON-LD may be wrapped in <![CDATA[ ]]>, hold a list or an @graph, and
// name its author or publisher by @id.
PageSummaries read_page_metadata(const GumboInternalNode* page, const std::string& folder_source, Article& article);

}  // namespace wadi
