#include "readers/html_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <vector>

#include <gumbo.h>

#include "analysis/article_key.h"
#include "analysis/ascii_text.h"
#include "analysis/language.h"
#include "analysis/text_decoder.h"
#include "metadata.h"
#include "readers/gumbo_tree.h"
#include "readers/html_fallback.h"
#include "readers/html_metadata.h"
#include "readers/html_text.h"

namespace wadi {
namespace {

// Beyond this the page is not an article page, and gumbo's tree would take
// ten times its size in memory (a 12 MB page of small elements: 6 s, 280 MB).
constexpr std::size_t kMaxParsedBytes = 8u << 20;
// Enough text for language detection to overrule the page's lang attribute,
// which templates often get wrong.
constexpr std::size_t kTextToOverruleLang = 400;

// The page's own word on its language yields to detection on enough text.
void check_language(Article& article) {
  if (article.language.empty() || article.body.size() < kTextToOverruleLang) return;
  std::string detected = detect_language(article.title, article.body);
  if (!detected.empty() && detected != article.language) article.language = detected;
}

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

// Reads title, metadata and visible text from the parsed page.
void read_page(const std::string& html, const std::string& folder_source, Article& article) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never report them, so do not collect them
  std::unique_ptr<GumboOutput, GumboDeleter> output(gumbo_parse_with_options(&options, html.data(), html.size()));
  PageSummaries summaries = read_page_metadata(output->document, folder_source, article);
  article.body = article_text(output->document);
  if (article.body.size() < summaries.article_body.size() / 2) article.body = summaries.article_body;
  if (article.body.size() < summaries.description.size()) article.body = summaries.description;
}

// The headline is usually repeated as the article's first line.
void drop_repeated_headline(Article& article) {
  const std::string& title = article.title;
  std::string& body = article.body;
  if (!title.empty() && body.compare(0, title.size(), title) == 0 && (body.size() == title.size() || body[title.size()] == '\n'))
    body.erase(0, std::min(body.size(), title.size() + 1));
  while (!body.empty() && body.front() == '\n') body.erase(0, 1);
}

}  // namespace

std::string browser_charset(std::string name) {
  name = ascii_lower(name);
  if (name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii" || name == "iso8859-1")
    return "windows-1252";  // what every browser reads these labels as
  if (name.rfind("utf-16", 0) == 0) return {};  // a page without a BOM that says UTF-16 is not
  return name;
}

std::string declared_charset(std::string_view bytes) {
  std::string head = ascii_lower(bytes.substr(0, 4096));
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    std::size_t end = head.find('>', meta);
    std::size_t at = head.find("charset", meta);
    if (end == std::string::npos || at == std::string::npos || at > end) continue;
    at = head.find_first_not_of(" \t\r\n", at + 7);
    if (at == std::string::npos || head[at] != '=') continue;
    at = head.find_first_not_of(" \t\r\n\"'", at + 1);
    if (at == std::string::npos) continue;
    std::size_t stop = head.find_first_of(" \t\r\n\"';/>", at);
    std::string name = head.substr(at, stop - at);
    if (name.empty() || name.size() > 40) continue;
    return browser_charset(name);
  }
  return {};
}

namespace {

// The article of a page: `page` says what its container knows of it, or is
// null for a page saved as a file.
ReadResult read_page_bytes(const FileContext& context, std::string_view bytes, const FetchedPage* page) {
  ReadResult result;
  std::string charset = page ? browser_charset(page->charset) : std::string();
  DecodedText decoded = decode_text(bytes, !charset.empty() ? charset : declared_charset(bytes));
  if (!decoded.error.empty()) {
    result.skip_reason = decoded.error;
    return result;
  }
  if (!decoded.warning.empty()) result.problems.push_back(decoded.warning);
  const std::string& html = decoded.text;
  Article article;
  article.key = page ? article_key(context.path, page->id) : article_key(context.path);
  article.path = context.path;
  // A crawled page's source, when it names none, is its host, not a folder.
  const std::string fallback_source = page && !host_of(page->url).empty() ? host_of(page->url) : context.folder_source;
  std::string too_costly = html.size() > kMaxParsedBytes ? "page too large to parse as HTML" : too_costly_to_parse(html);
  if (!too_costly.empty()) {
    result.problems.push_back(too_costly + ": read as text without tags");
    article.body = strip_tags(html, article.title);
    article.title = squeeze(article.title);
  } else {
    read_page(html, fallback_source, article);
  }
  drop_repeated_headline(article);
  if (article.title.empty() && article.body.empty()) {
    result.skip_reason = "no text (an HTML page with nothing visible)";
    return result;
  }
  if (!article.date.empty()) article.date_origin = DateOrigin::kGiven;
  check_language(article);
  if (page) {
    article.url = page->url;
    if (article.source.empty()) article.source = fallback_source;
    // The crawl date is when the page was fetched: after what the page
    // says (its metadata, a date line), before the file's path and mtime.
    FileContext text_only = context;
    text_only.date_order.clear();
    if (std::find(context.date_order.begin(), context.date_order.end(), DateSource::kText) != context.date_order.end())
      text_only.date_order.push_back(DateSource::kText);
    complete_metadata(article, text_only);
    if (article.date.empty() && !page->crawl_date.empty()) {
      article.date = page->crawl_date;
      article.date_origin = DateOrigin::kCrawl;
    }
  }
  complete_metadata(article, context);
  result.articles.push_back(std::move(article));
  return result;
}

}  // namespace

ReadResult read_html_article(const FileContext& context, std::string_view bytes) {
  return read_page_bytes(context, bytes, nullptr);
}

ReadResult read_fetched_page(const FileContext& context, std::string_view bytes, const FetchedPage& page) {
  return read_page_bytes(context, bytes, &page);
}

}  // namespace wadi
