// News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom files, one article per item.
#pragma once

#include <string_view>

#include "readers/article_reader.h"

namespace wadi {

// Reads each item (RSS) or entry (Atom) of a feed as an article:
// - title: <title> (markup removed);
// - url: <link> (Atom: the rel="alternate" link, or the first without rel);
// - date: <pubDate> (RFC 822), <dc:date>, Atom <published> else <updated>;
// - author: <dc:creator>, Atom <author><name> (several joined with ", "),
//   RSS <author> ("mail@x.org (Name)" gives Name);
// - categories: <category> (Atom: its term), <dc:subject>;
// - source: the item's <source>, else the feed's title, else its link's host;
// - language: the feed's <language>, <dc:language> or xml:lang;
// - body: <content:encoded> or Atom <content> (HTML, type="xhtml" markup or
//   text), else <description> or <summary>; HTML is read as the HTML
//   reader reads an article (html_fragment_text()).
// An article's key is "<path>#<guid or id>", else "<path>#<link>", else
// "<path>#<title>". An item with no text, or whose key an earlier item has,
// is a problem "item N: <reason>" and the others are read; so is an
// unreadable date (the item is kept without it).
// The items come as ReadResult::unread (their HTML read by whoever runs
// them); a problem met there is listed only among a file's first few.
// The XML is parsed by libxml2 with no network, no external entity or DTD
// loading, no entity expansion and its default size limits; the encoding
// declared in the prolog is honoured. Markup errors are reported once and
// what could be read is kept. A file whose root element is not rss, rdf:RDF
// or feed is skipped: as "unsupported file type" when `xml_only` (a .xml
// file, which need not be a feed), else as "not a feed".
ReadResult read_feed_articles(const FileContext& context, std::string_view bytes, bool xml_only = false);

}  // namespace wadi
