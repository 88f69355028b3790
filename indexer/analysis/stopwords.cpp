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
  for (std::size_t i = 0; i < kStopwordListCount; ++i) lists_[kStopwordListTexts[i].language].text = kStopwordListTexts[i].text;
}

const Stopwords::List* Stopwords::find(std::string_view language) const {
  auto it = lists_.find(language);
  if (it == lists_.end()) return nullptr;
  const List& list = it->second;
  std::call_once(list.folded_once, [&list] {
    Analyzer analyzer;
    std::string_view text = list.text;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      // Fold as a query word is folded, so "été" in fr.txt meets "ete".
      for (const Token& token : analyzer.tokenize(line)) list.words.insert(token.term);
    }
  });
  return &list;
}

const Stopwords& Stopwords::builtin() {
  static const Stopwords stopwords;
  return stopwords;
}

bool Stopwords::contains(std::string_view language, std::string_view folded) const {
  const List* list = find(language);
  return list && list->words.contains(folded);
}

bool Stopwords::has_list(std::string_view language) const { return lists_.find(language) != lists_.end(); }

std::vector<std::string> Stopwords::languages() const {
  std::vector<std::string> codes;
  for (const auto& [code, list] : lists_) codes.push_back(code);
  return codes;
}

}  // namespace wadi
