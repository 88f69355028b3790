// Fuzzes one article reader (chosen by WADI_FUZZ_EXTENSION: .txt, .html,
// .jsonl, .rss or .warc) and the document builder after it, as the indexer runs them on
// each file: any bytes give articles with valid UTF-8 text and dates, or a
// reason to skip, and never a crash.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "analysis/analyzer.h"
#include "analysis/text_decoder.h"
#include "document_builder.h"
#include "readers/article_reader.h"

namespace {

bool is_date(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (date[i] < '0' || date[i] > '9') return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wadi::Analyzer analyzer;
  static wadi::DocumentBuilder builder(analyzer);
  static const wadi::FileContext context{"/corpus/agency/article" WADI_FUZZ_EXTENSION, "2017-01-19", "agency"};
  wadi::ReadResult read = wadi::read_articles(context, std::string_view(reinterpret_cast<const char*>(data), size));
  if (!read.skip_reason.empty() && !read.articles.empty()) std::abort();
  for (const wadi::Article& article : read.articles) {
    for (const std::string* text : {&article.title, &article.body, &article.source, &article.key})
      if (!wadi::is_valid_utf8(*text)) std::abort();
    if (!is_date(article.date)) std::abort();  // filled: the file date is the last resort
    builder.build(article);
  }
  return 0;
}
