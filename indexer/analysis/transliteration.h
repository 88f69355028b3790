// Latin spellings of Cyrillic and Greek words, indexed beside them so that
// a name written in Latin letters finds the articles that write it in its
// own alphabet ("лавров" -> "lavrov"). Part of the Analyzer (see
// Analyzer::transliterate() and Analyzer::transliterations()).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
class UnicodeString;
U_NAMESPACE_END

namespace wadi {

class Analyzer;

// ICU's transliterators are made on first use. Not thread-safe: one per
// Analyzer.
class Transliteration {
 public:
  // The Latin spellings are folded by `analyzer`, which must outlive this.
  explicit Transliteration(Analyzer& analyzer);
  ~Transliteration();
  Transliteration(const Transliteration&) = delete;
  Transliteration& operator=(const Transliteration&) = delete;

  // As Analyzer::transliterate().
  std::string transliterate(const std::string& folded);
  // As Analyzer::transliterations().
  std::vector<std::string> transliterations(const std::string& folded);

 private:
  std::string to_latin(icu::UnicodeString word, std::unique_ptr<icu::Transliterator>& transliterator, const char* id);

  Analyzer& analyzer_;
  std::unique_ptr<icu::Transliterator> to_latin_;
  std::unique_ptr<icu::Transliterator> greek_to_latin_;
  // ICU's transliterators are slow and news repeats its names: remember.
  std::unordered_map<std::string, std::vector<std::string>> known_;
};

}  // namespace wadi
