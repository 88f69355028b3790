// Reading and analysing one corpus file, on any thread: its bytes hashed,
// its articles read and built into documents (those of a file of many - JSON
// Lines, a feed, a crawl - a part at a time), or the reason it is skipped. Nothing here writes to the
// database; DatabaseWriter applies the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "archive_language.h"
#include "article.h"
#include "article_stream.h"
#include "corpus_walker.h"
#include "document_builder.h"
#include "file_catalog.h"
#include "readers/article_reader.h"

namespace wadi {

// What a worker thread makes of one corpus file.
struct FileWork {
  std::string hash;
  bool same_bytes = false;  // the bytes hash as recorded: only the mtime changed
  std::vector<BuiltDocument> documents;
  std::vector<std::string> problems;
  std::string skip_reason;
  bool transient = false;  // could not be read now; do not remember the reason
  // When the language of an article is in doubt, the file's documents are
  // built at the end of the run, once the archive's main language is known
  // from the other files: the same whatever their order or the jobs.
  std::vector<Article> undecided;
  std::vector<LanguageDoubt> doubts;
  LanguageTally languages;  // of the documents built
  std::unique_ptr<ArticleStream> rest;  // the articles of a file of many after `documents`, or null
  std::map<std::string, std::size_t> passed_over;  // parts holding no article, by kind (ReadResult::passed_over)
  std::size_t text_bytes = 0;           // of the articles in `documents`
};

struct WorkerState {
  WorkerState(Xapian::termcount title_weight, bool stories) : builder(analyzer, title_weight, stories) {}
  Analyzer analyzer;
  DocumentBuilder builder;
};

// The articles of a JSON Lines file after the first part are analysed this
// many at a time, a part per thread while the writer waits for them.
inline constexpr std::size_t kPartArticles = 250;


// Adds the documents built from `part`'s articles, and its problems, to `work`.
void build_part(WorkerState& state, ReadResult part, FileWork& work);

// Reads and analyses `file` (recorded as `old`, if it was): its documents,
// or why it is skipped, or same_bytes when its bytes are those recorded.
FileWork analyse_file(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old,
                      const DateOrder& date_order);

// Builds the documents of a file whose languages were in doubt, in `main`
// where the doubt allows it.
void settle_languages(WorkerState& state, FileWork& work, const std::string& main);

}  // namespace wadi
