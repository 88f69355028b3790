// Fuzzes text analysis: any bytes (invalid UTF-8 included) split into folded
// words with sane offsets and positions; folding, stemming and
// transliterating those words never fail.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "analysis/analyzer.h"
#include "analysis/text_decoder.h"

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
  return 0;
}
