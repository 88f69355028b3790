#include "analysis/stopwords.h"

#include "analysis/analyzer.h"

namespace wadi {

// Generated at configure time from analysis/stopwords/*.txt (see
// indexer/CMakeLists.txt): pairs of language code and file text.
struct StopwordListText {
  const char* language;
  const char* text;
};
extern const StopwordListText kStopwordListTexts[];
extern const std::size_t kStopwordListCount;

Stopwords::Stopwords() {
  Analyzer analyzer;
  for (std::size_t i = 0; i < kStopwordListCount; ++i) {
    auto& list = lists_[kStopwordListTexts[i].language];
    std::string_view text = kStopwordListTexts[i].text;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      // Fold as a query word is folded, so "été" in fr.txt meets "ete".
      for (const Token& token : analyzer.tokenize(line)) list.insert(token.term);
    }
  }
}

const Stopwords& Stopwords::builtin() {
  static const Stopwords stopwords;
  return stopwords;
}

bool Stopwords::contains(std::string_view language, std::string_view folded) const {
  auto list = lists_.find(language);
  return list != lists_.end() && list->second.contains(folded);
}

bool Stopwords::has_list(std::string_view language) const { return lists_.find(language) != lists_.end(); }

}  // namespace wadi
