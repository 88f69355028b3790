// Fuzzes text analysis: any bytes (invalid UTF-8 included) split into folded
// words with sane offsets and positions, the words ICU's break iterator finds
// in the whole text (the Analyzer splits ASCII stretches without it), and
// folding only some of them (for snippets) changes no other word;
// folding, stemming and transliterating those words never fail.
#include <bitset>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "analysis/analyzer.h"
#include "analysis/text_decoder.h"

namespace {

// The words tokenize() keeps, as ICU alone splits `text`: those whose
// folded form is neither empty nor too long.
std::vector<std::pair<std::uint32_t, std::uint32_t>> icu_words(wadi::Analyzer& analyzer, std::string_view text) {
  static std::unique_ptr<icu::BreakIterator> words = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::BreakIterator>(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  }();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  UErrorCode status = U_ZERO_ERROR;
  UText* u = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  words->setText(u, status);
  int32_t begin = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; begin = end, end = words->next()) {
    if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    std::string folded = analyzer.fold(text.substr(begin, end - begin));
    if (!folded.empty() && folded.size() <= wadi::Analyzer::kMaxTermBytes) out.emplace_back(begin, end);
  }
  words->setText(icu::UnicodeString());
  utext_close(u);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wadi::Analyzer analyzer;
  static const char* const kLanguages[] = {"en", "ru", "ar", "fr", "tr", "zh", "xx"};
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<wadi::Token> tokens = analyzer.tokenize(text);
  std::uint32_t last_position = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const wadi::Token& t = tokens[i];
    if (t.term.empty() || t.term.size() > wadi::Analyzer::kMaxTermBytes) std::abort();
    if (!wadi::is_valid_utf8(t.term)) std::abort();
    if (t.begin > t.end || t.end > size) std::abort();
    if (i > 0 && t.position <= last_position) std::abort();
    last_position = t.position;
    if (i < 64) {
      const char* language = kLanguages[i % std::size(kLanguages)];
      if (!wadi::is_valid_utf8(analyzer.stem(t.term, language))) std::abort();
      for (const std::string& latin : analyzer.transliterations(t.term))
        if (!wadi::is_valid_utf8(latin)) std::abort();
    }
  }
  if (size < 4096 && !wadi::is_valid_utf8(analyzer.fold(text))) std::abort();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  for (const wadi::Token& t : tokens) spans.emplace_back(t.begin, t.end);
  if (spans != icu_words(analyzer, text)) std::abort();
  // Folding only the words that may start with a wanted byte (snippets)
  // keeps every word's place, and every term it gives is tokenize()'s.
  std::bitset<256> wanted;
  for (std::size_t i = 0; i < size && i < 8; ++i) wanted.set(static_cast<unsigned char>('a' + data[i] % 26));
  std::vector<wadi::Token> some = analyzer.tokenize(text, &wanted);
  if (some.size() != tokens.size()) std::abort();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const wadi::Token &all = tokens[i], &part = some[i];
    if (part.position != all.position || part.begin != all.begin || part.end != all.end || part.is_number != all.is_number)
      std::abort();
    if (part.term != all.term && (!part.term.empty() || wanted.test(static_cast<unsigned char>(all.term[0])))) std::abort();
  }
  return 0;
}
