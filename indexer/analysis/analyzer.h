// Text analysis shared by the indexer and the searcher: a query is analysed
// exactly as the articles were, so both sides call this and nothing else.
//
// Pipeline: ICU word breaking (dictionary-based for Chinese, Japanese, Thai),
// then per word NFKC case folding, accent and Arabic-mark folding, then
// Snowball stemming through Xapian::Stem in the article's language.
#pragma once

#include <bitset>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>
#include <xapian.h>

U_NAMESPACE_BEGIN
class BreakIterator;
class Normalizer2;
U_NAMESPACE_END

namespace wadi {

class Transliteration;

// One word of a text.
struct Token {
  std::string term;        // folded form: lower case, no accents, NFKC
  std::uint32_t position;  // 0-based word position in the text
  std::uint32_t begin;     // byte offsets of the word in the original text
  std::uint32_t end;
  bool is_number = false;  // the word is made of digits
};

// Words written joined by hyphens ("cease-fire", "e-mail", "F-16",
// "state-of-the-art"): tokens first..last, with one hyphen and nothing else
// between neighbours, as one word ("ceasefire"). The index holds it beside
// its parts, so "ceasefire" finds "cease-fire" and the other way round.
struct Compound {
  std::size_t first, last;  // indexes into the tokens
  std::string term;         // the parts' folded forms, concatenated
};

// A word written with a symbol that the words it is split into lose:
// an apostrophe ("o'sullivan", "blair's"), an ampersand joining words
// ("at&t") or a percent sign after a number ("3.5%"). Tokens first..last;
// `term` is the word as written, folded ("o'sullivan", "at&t", "3.5%").
// The index holds it beside the tokens' terms, so that a query word or
// phrase written with the symbol matches only what says it.
struct WholeWord {
  std::size_t first, last;  // indexes into the tokens
  std::string term;
};

// Not thread-safe: each thread owns its Analyzer (ICU break iterators and
// Xapian stemmers keep state). Construction is cheap: ICU's parts are made
// when first needed.
class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Splits UTF-8 text into folded words. Invalid UTF-8 is tolerated (read as
  // U+FFFD). Words longer than kMaxTermBytes after folding are dropped.
  //
  // With `wanted`, for a caller that looks for a few words in a long text (a
  // snippet): a word gets its folded form only when that form may start
  // with a byte in `wanted`; the others keep their place (position, offsets,
  // is_number) with an empty term. Words holding a non-ASCII byte or an
  // apostrophe, and words right after a hyphen (the later parts of a
  // compound) or a non-ASCII byte, are always folded; every non-empty term
  // is the one tokenize(utf8) gives.
  std::vector<Token> tokenize(std::string_view utf8, const std::bitset<256>* wanted = nullptr);

  // The hyphen-joined words of `utf8`, whose tokenize() result is `tokens`:
  // runs of two to kMaxCompoundParts parts, not all of them numbers.
  // A run of parts holding a token with an empty term (not folded) makes no compound.
  static std::vector<Compound> compounds(std::string_view utf8, const std::vector<Token>& tokens);
  static constexpr std::size_t kMaxCompoundParts = 4;

  // The symbol-written words of `utf8`, whose tokenize() result is
  // `tokens`: up to kMaxCompoundParts tokens joined by single '&', the last
  // of which may be a number followed by '%', or a single token holding an
  // apostrophe. A run holding a token with an empty term makes none.
  std::vector<WholeWord> whole_words(std::string_view utf8, const std::vector<Token>& tokens);

  // Folds a single word as tokenize() would: for callers that already have
  // a word (field values, prefixes).
  std::string fold(std::string_view word);

  // The Snowball stem of a folded word in `language` (an ISO 639-1 code such
  // as "en"); the word itself for languages without a stemmer.
  std::string stem(const std::string& folded, std::string_view language);

  // Latin transliteration of a folded non-Latin word ("лавров" -> "lavrov"),
  // or "" when the word is already Latin or cannot be transliterated.
  std::string transliterate(const std::string& folded);

  // Every Latin spelling indexed for a folded non-Latin word, distinct, ICU's
  // first: for Cyrillic also the spelling English-language news uses
  // ("сергей" -> "sergej", "sergei"), for Greek the modern romanization
  // ("μητσοτακησ" -> "metsotakes", "mitsotakis"); empty for other scripts and
  // for Latin words.
  std::vector<std::string> transliterations(const std::string& folded);

  static constexpr std::size_t kMaxTermBytes = 120;

 private:
  std::string fold_word(std::string_view word, bool ascii);
  // Calls add(begin, end, is_number) for each word ICU finds in utf8[from, to).
  template <class Add>
  void split_with_icu(std::string_view utf8, std::size_t from, std::size_t to, Add& add);
  std::string stem_in(const std::string& folded, std::string_view language);

  icu::BreakIterator& words();
  void load_normalizers();

  std::unique_ptr<icu::BreakIterator> words_;  // made on first use, like the normalizers
  const icu::Normalizer2* nfkc_casefold_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  const icu::Normalizer2* nfc_ = nullptr;
  std::map<std::string, Xapian::Stem, std::less<>> stemmers_;
  std::unique_ptr<Transliteration> transliteration_;
};

// True when Xapian has a Snowball stemmer for this ISO 639-1 code.
bool has_stemmer(std::string_view language);

}  // namespace wadi
