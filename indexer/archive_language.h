// The language of a short or unsure article, decided by the archive: a short
// English report full of Italian names reads as Italian to the detector, and
// the language most of the archive is in is the better guess among those its
// function words allow.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "article.h"

namespace wadi {

// What else a detected language might be.
struct LanguageDoubt {
  bool unsure = false;              // the detector was unsure: any language of its script may do
  std::vector<std::string> rivals;  // languages of its script with at least as many function words in it
  bool doubtful() const { return unsure || !rivals.empty(); }
};

// The doubt about `article`'s language: none when it was given or its text
// has at least kShortArticleBytes; else as above, counting the words of the
// shipped stopword lists.
LanguageDoubt doubt_language(Analyzer& analyzer, const Article& article);
inline constexpr std::size_t kShortArticleBytes = 2000;

// The language to index a doubtful article in: `main` (the archive's main
// language) when it is in the same script and the doubt allows it, else the
// detected one.
std::string settle_language(const Article& article, const LanguageDoubt& doubt, const std::string& main);

// Counts the languages of the articles whose language is not in doubt. The
// same counts give the same main language whatever order they come in.
class LanguageTally {
 public:
  void add(const std::string& language, std::size_t articles = 1);
  void add(const LanguageTally& other);
  // The language most articles are in (ties: the smallest code); "" for none.
  std::string main() const;
  // "en:120 it:3", and back (ignoring what does not read).
  std::string serialize() const;
  static LanguageTally parse(const std::string& text);

 private:
  std::map<std::string, std::size_t> counts_;
};

}  // namespace wadi
