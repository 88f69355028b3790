#include "readers/article_reader.h"

#include <algorithm>

#include "analysis/ascii_text.h"
#include "analysis/terminal_text.h"
#include "analysis/text_decoder.h"
#include "readers/feed_reader.h"
#include "readers/html_reader.h"
#include "readers/jsonl_reader.h"
#include "readers/text_reader.h"
#include "readers/warc_reader.h"

namespace wadi {

ArticleFormat format_of(const std::filesystem::path& path) {
  const std::string extension = ascii_lower(path.extension().string());
  if (extension == ".txt" || extension == ".text" || extension == ".md" || extension == ".markdown")
    return ArticleFormat::kText;
  if (extension == ".html" || extension == ".htm" || extension == ".xhtml") return ArticleFormat::kHtml;
  if (extension == ".jsonl" || extension == ".ndjson") return ArticleFormat::kJsonLines;
  if (extension == ".rss" || extension == ".atom") return ArticleFormat::kFeed;
  if (extension == ".xml") return ArticleFormat::kXml;
  if (extension == ".warc") return ArticleFormat::kWarc;
  if (extension == ".gz" && ascii_lower(path.stem().extension().string()) == ".warc") return ArticleFormat::kWarc;
  return ArticleFormat::kUnsupported;
}

namespace {

ReadResult read_by_format(const FileContext& context, std::string_view bytes) {
  switch (format_of(context.path)) {
    case ArticleFormat::kText: return read_text_article(context, bytes);
    case ArticleFormat::kHtml: return read_html_article(context, bytes);
    case ArticleFormat::kJsonLines: return read_jsonl_articles(context, bytes);
    case ArticleFormat::kFeed: return read_feed_articles(context, bytes);
    case ArticleFormat::kXml: return read_feed_articles(context, bytes, true);
    case ArticleFormat::kWarc: return read_warc_articles(context, bytes);
    case ArticleFormat::kUnsupported: break;
  }
  ReadResult result;
  result.skip_reason = "unsupported file type";
  return result;
}

}  // namespace

void finish_article(Article& article, std::vector<std::string>& problems) {
  // Every reader decodes to UTF-8, but a parser can still let a stray byte
  // through (gumbo wrote a lone 0x92 for an overflowing `&#x…;` reference,
  // found by tests/fuzz): whatever reaches the index is valid UTF-8.
  for (std::string* text : {&article.key, &article.path, &article.title, &article.body, &article.date,
                            &article.source, &article.url, &article.author, &article.language})
    if (!is_valid_utf8(*text)) *text = to_valid_utf8(*text);
  for (std::string& category : article.categories) category = without_controls(to_valid_utf8(category));
  // Nor does a control character an article or its markup holds (an ESC
  // from `&#27;`, a bidi override), whatever later shows the text: the body
  // keeps its tabs and line breaks, the one-line fields not even those.
  article.body = without_controls(article.body, true);
  for (std::string* field : {&article.title, &article.date, &article.source, &article.url, &article.author, &article.language})
    *field = without_controls(*field);
  if (article.body.size() > kMaxArticleTextBytes) {
    std::size_t cut = kMaxArticleTextBytes;
    while (cut > 0 && (static_cast<unsigned char>(article.body[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    article.body.resize(cut);
    problems.push_back("text over " + std::to_string(kMaxArticleTextBytes >> 20) + " MB: only its first " +
                       std::to_string(kMaxArticleTextBytes >> 20) + " MB indexed");
  }
}

void read_unread(ReadResult& part) {
  std::vector<std::function<ReadResult()>> unread = std::move(part.unread);
  part.unread.clear();
  for (const auto& read : unread) {
    ReadResult one = read();
    for (Article& article : one.articles) part.articles.push_back(std::move(article));
    for (std::string& problem : one.problems) part.problems.push_back(std::move(problem));
    for (const auto& [kind, count] : one.passed_over) part.passed_over[kind] += count;
  }
}

ReadResult read_articles(const FileContext& context, std::string_view bytes) {
  ReadResult result = read_by_format(context, bytes);
  read_unread(result);
  for (Article& article : result.articles) finish_article(article, result.problems);
  return result;
}

}  // namespace wadi
