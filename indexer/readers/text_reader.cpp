#include "readers/text_reader.h"

#include "analysis/article_key.h"
#include "analysis/text_decoder.h"
#include "metadata.h"

namespace wadi {

ReadResult read_text_article(const FileContext& context, std::string_view bytes) {
  ReadResult result;
  DecodedText decoded = decode_text(bytes);
  if (!decoded.error.empty()) {
    result.skip_reason = decoded.error;
    return result;
  }
  if (!decoded.warning.empty()) result.problems.push_back(decoded.warning);
  Headline headline = split_headline(decoded.text);
  if (headline.title.empty() && headline.body.empty()) {
    result.skip_reason = "no text (only white space)";
    return result;
  }
  Article article;
  article.key = article_key(context.path);
  article.path = context.path;
  article.title = std::move(headline.title);
  article.body = std::move(headline.body);
  complete_metadata(article, context, headline.date);
  result.articles.push_back(std::move(article));
  return result;
}

}  // namespace wadi
