// Reading the articles a file holds, whatever its format.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace wadi {

enum class ArticleFormat { kText, kHtml, kJsonLines, kFeed, kXml, kWarc, kUnsupported };

// The format a file is read as, from its extension (case-insensitive):
// kFeed for .rss and .atom, kXml for .xml (a feed, or unsupported), kWarc
// for .warc and .warc.gz.
ArticleFormat format_of(const std::filesystem::path& path);

// What the reader knows about a file besides its bytes.
struct FileContext {
  std::string path;           // absolute path, used as the article key
  std::string file_date;      // mtime as YYYY-MM-DD, the date of last resort
  std::string folder_source;  // source from the corpus layout, when the article names none
  // Where to look for a date the article does not give, first to last.
  DateOrder date_order{DateSource::kText, DateSource::kPath, DateSource::kFileTime};
};

struct ReadResult {
  std::vector<Article> articles;      // complete: title, date, source and language filled
  std::vector<std::string> problems;  // parts that could not be read ("line 12: ..."); the rest is kept
  std::string skip_reason;            // why the whole file was skipped, or ""
  // Parts that hold no article by nature (a crawl's request records, its
  // images), by kind: counted, not reported one by one.
  std::map<std::string, std::size_t> passed_over;
  // Articles still to be read, each giving its own result (articles
  // finished): a crawl's pages, parsed by whichever thread analyses them
  // rather than by the one reading the file. See read_unread().
  std::vector<std::function<ReadResult()>> unread;
};

// Runs `part.unread`, adding what each gives to `part`.
void read_unread(ReadResult& part);

// The most text an article is indexed with. Longer is not news, costs
// memory many times its size, and from 128 MB Xapian refuses the document.
constexpr std::size_t kMaxArticleTextBytes = 16u << 20;

// Reads every article in `bytes`, the content of the file `context.path`.
// Each is finished by finish_article().
ReadResult read_articles(const FileContext& context, std::string_view bytes);

// Makes what a reader made of an article fit to index and show: valid UTF-8,
// no control characters (see without_controls()), text cut to
// kMaxArticleTextBytes (a problem in `problems` says so).
void finish_article(Article& article, std::vector<std::string>& problems);

}  // namespace wadi
