// Reading one stored article whole (`search --show KEY|PATH`): every field,
// then the text, with a query's words marked when one is given.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/stored_article.h"
#include "query_parser.h"
#include "snippet.h"

namespace wadi {

// The articles `key_or_path` names: the one with that key, else the one
// whose key is that path made absolute (as `index` keys a file's article),
// else every article indexed from the file at that path (a JSON Lines file
// holds many), in key order. None when nothing indexed has that name.
std::vector<schema::StoredArticle> find_articles(const Xapian::Database& db, const std::string& key_or_path);

// The article with that key, or none: no file system is looked at (the
// server's lookups, whose names come from a URL).
std::vector<schema::StoredArticle> find_article_by_key(const Xapian::Database& db, const std::string& key);

// `body` paragraph by paragraph with its line breaks kept, the matches of
// `terms` (when given) between `open` and `close`, the text through
// `escape` (see TextEscape); adds the distinct words matched to `matched`.
std::string marked_text(const std::string& body, const std::string& language, const HighlightTerms* terms,
                        std::string_view open, std::string_view close, std::vector<std::string>* matched = nullptr,
                        TextEscape escape = nullptr);

// Where an article's date came from (its "date_from" field), as shown after
// the date: " (from a date in the text)"; "" for an origin it does not know.
const char* date_origin_text(const std::string& origin);

struct ArticleViewOptions {
  bool colour = false;                 // ANSI marks and a bold title (stdout is a terminal)
  std::filesystem::path working_dir;   // paths below it are shown relative to it
  const HighlightTerms* marks = nullptr;  // the query's words to mark in the text, or none
};

// Title, then one line each for date (and where it came from), source,
// author, URL, language, path and key (when it is not the path), then the
// text, paragraph by paragraph, with matches in [ ] or colour.
void print_article_text(std::ostream& out, const schema::StoredArticle& article, const ArticleViewOptions& options);

// One JSON object on one line: every stored field, "body" (the text as
// stored) and, with marks, "marked_body" (the text with matches in [ ]) and
// "matched" (the distinct matched words as written).
nlohmann::json article_json(const schema::StoredArticle& article, const HighlightTerms* marks);
void print_article_json(std::ostream& out, const schema::StoredArticle& article, const ArticleViewOptions& options);

}  // namespace wadi
