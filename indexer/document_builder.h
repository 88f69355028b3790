// Turning an Article into the Xapian document both programs agree on.
#pragma once

#include <string>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "article.h"

namespace wadi {

struct BuiltDocument {
  Xapian::Document document;
  std::string content_hash;  // of everything indexed; equal hashes mean equal documents
};

// Thread-compatible: one per thread, like the Analyzer it uses.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(Analyzer& analyzer) : analyzer_(analyzer) {}

  // Terms: unstemmed words with positions, stems ("Z"), title words ("S",
  // "ZS"), transliterations of Cyrillic and Greek words at the same position,
  // boolean terms for id, file, source and language. Values: date, source,
  // language, year, key, content hash. Data: the stored fields as JSON,
  // including the body text for snippets.
  BuiltDocument build(const Article& article);

 private:
  // Returns the number of words indexed.
  std::size_t index_words(Xapian::Document& doc, const std::string& text, const std::string& language,
                   Xapian::termpos offset, bool title);

  Analyzer& analyzer_;
};

}  // namespace wadi
