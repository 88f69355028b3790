// "More like this": a query for the articles like an indexed one.
#pragma once

#include <string>

#include <xapian.h>

#include "query_parser.h"

namespace wadi {

// The query for articles like the one indexed under `path_or_key` (a path,
// made absolute when it exists, or an article's key): an OR of its 20 most
// telling words, chosen over the whole database. Sets `self` to its docid,
// adds the words to parsed.highlight and sets parsed.reading to LIKE(...).
// Throws QueryError (exit 1) when no indexed article is `path_or_key`.
Xapian::Query similar_query(const Xapian::Database& db, const std::string& path_or_key, Xapian::docid& self,
                            ParsedQuery& parsed);

}  // namespace wadi
