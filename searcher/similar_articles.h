// "More like this": a query for the articles like an indexed one.
#pragma once

#include <stdexcept>
#include <string>

#include <xapian.h>

#include "query_parser.h"

namespace wadi {

// No indexed article has the path or key asked for (exit code 1: like no
// results, not a usage error).
class UnknownArticle : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The query for articles like the one indexed under `path_or_key` (a path,
// made absolute when it exists, or an article's key): an OR of its 20 most
// telling words, chosen over the whole database. Sets `self` to its docid,
// adds the words to parsed.highlight and sets parsed.reading to LIKE(...).
// Throws UnknownArticle when no indexed article is `path_or_key`.
// With `by_path` false, `path_or_key` is a key only: no file system is
// looked at (the server's names come from a URL).
Xapian::Query similar_query(const Xapian::Database& db, const std::string& path_or_key, bool by_path,
                            Xapian::docid& self, ParsedQuery& parsed);

}  // namespace wadi
