#include "archive_language.h"

#include <algorithm>
#include <sstream>

#include "analysis/language.h"
#include "analysis/stopwords.h"

namespace wadi {

LanguageDoubt doubt_language(Analyzer& analyzer, const Article& article) {
  LanguageDoubt doubt;
  if (article.language_origin == Article::LanguageOrigin::kGiven || article.language.empty()) return doubt;
  doubt.unsure = article.language_origin == Article::LanguageOrigin::kUnsure;
  if (article.title.size() + article.body.size() >= kShortArticleBytes) return doubt;
  const Stopwords& stopwords = Stopwords::builtin();
  std::map<std::string, std::size_t> hits;
  for (const Token& token : analyzer.tokenize(article.title + "\n" + article.body))
    for (const std::string& language : stopwords.languages())
      if (stopwords.contains(language, token.term)) ++hits[language];
  const std::size_t own = hits[article.language];
  for (const auto& [language, count] : hits)
    if (language != article.language && count > 0 && count >= own && same_script(language, article.language))
      doubt.rivals.push_back(language);
  return doubt;
}

std::string settle_language(const Article& article, const LanguageDoubt& doubt, const std::string& main) {
  if (main.empty() || main == article.language || !same_script(main, article.language)) return article.language;
  if (doubt.unsure || std::find(doubt.rivals.begin(), doubt.rivals.end(), main) != doubt.rivals.end()) return main;
  return article.language;
}

void LanguageTally::add(const std::string& language, std::size_t articles) {
  if (!language.empty() && articles > 0) counts_[language] += articles;
}

void LanguageTally::add(const LanguageTally& other) {
  for (const auto& [language, count] : other.counts_) add(language, count);
}

std::string LanguageTally::main() const {
  std::string best;
  std::size_t most = 0;
  for (const auto& [language, count] : counts_)  // in code order: the first of equals wins
    if (count > most) best = language, most = count;
  return best;
}

std::string LanguageTally::serialize() const {
  std::string out;
  for (const auto& [language, count] : counts_) out += (out.empty() ? "" : " ") + language + ":" + std::to_string(count);
  return out;
}

LanguageTally LanguageTally::parse(const std::string& text) {
  LanguageTally tally;
  std::istringstream in(text);
  for (std::string entry; in >> entry;) {
    std::size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    try {
      tally.add(entry.substr(0, colon), std::stoul(entry.substr(colon + 1)));
    } catch (const std::exception&) {
    }
  }
  return tally;
}

}  // namespace wadi
