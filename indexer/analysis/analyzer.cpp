#include "analysis/analyzer.h"

#include <stdexcept>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

namespace wadi {
namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Marks that change the spelling but not the word for a reader of news:
// Latin/Greek/Cyrillic accents (script Inherited) and Arabic harakat. Marks of
// Indic and Thai scripts are vowels, not accents, and are kept.
bool is_foldable_mark(UChar32 c) {
  if (u_charType(c) != U_NON_SPACING_MARK) return false;
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_INHERITED || script == USCRIPT_COMMON ||
         script == USCRIPT_ARABIC || script == USCRIPT_HEBREW;
}

// Arabic letters written interchangeably in news text (and Persian keyboard
// variants), folded to one form so that spelling habits do not hide a word.
UChar32 fold_arabic_letter(UChar32 c) {
  switch (c) {
    case 0x0629: return 0x0647;  // taa marbuta -> haa
    case 0x0649: return 0x064A;  // alef maqsura -> yaa
    case 0x06CC: return 0x064A;  // Persian yeh -> yaa
    case 0x06A9: return 0x0643;  // keheh -> kaf
    case 0x0671: return 0x0627;  // alef wasla -> alef
    default: return c;
  }
}

// Applies the word-shape rules that are the same for every script, on the
// folded UTF-8 word: possessives and elisions ("lavrov's" -> "lavrov",
// "l'homme" -> "homme") and dotted acronyms ("u.s" -> "us").
std::string shape_word(std::string w) {
  if (auto apostrophe = w.find('\''); apostrophe != std::string::npos) {
    std::string left = w.substr(0, apostrophe);
    std::string right = w.substr(apostrophe + 1);
    if (auto next = right.find('\''); next != std::string::npos) right.resize(next);
    w = (left.size() <= 2 && !right.empty()) ? right : left;
    if (w.empty()) w = right;
  }
  if (w.find('.') != std::string::npos) {
    bool acronym = true;
    std::size_t run = 0;
    for (char c : w) {
      if (c >= '0' && c <= '9') acronym = false;  // 3.5 is a number, not an acronym
      if (c == '.') {
        acronym = acronym && run <= 1;
        run = 0;
      } else {
        ++run;
      }
    }
    acronym = acronym && run <= 1;
    if (acronym) std::erase(w, '.');
  }
  return w;
}

}  // namespace

struct Analyzer::Transliterator {
  std::unique_ptr<icu::Transliterator> to_latin;
};

Analyzer::Analyzer() : transliterator_(std::make_unique<Transliterator>()) {
  UErrorCode status = U_ZERO_ERROR;
  words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  nfd_ = icu::Normalizer2::getNFDInstance(status);
  nfc_ = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || !words_)
    throw std::runtime_error(std::string("ICU could not be initialised: ") + u_errorName(status));
}

Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::tokenize(std::string_view utf8) {
  std::vector<Token> tokens;
  UErrorCode status = U_ZERO_ERROR;
  // A UText over the UTF-8 bytes makes the break iterator report byte
  // offsets, which the snippet code needs, without a UTF-16 copy.
  UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return tokens;
  words_->setText(text, status);
  std::uint32_t position = 0;
  int32_t begin = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE; begin = end, end = words_->next()) {
    int32_t rule = words_->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    std::string_view word = utf8.substr(begin, end - begin);
    std::string folded = shape_word(fold_word(word, is_ascii(word)));
    if (folded.empty() || folded.size() > kMaxTermBytes) continue;
    bool number = rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT;
    tokens.push_back(Token{std::move(folded), position++, static_cast<std::uint32_t>(begin),
                           static_cast<std::uint32_t>(end), number});
  }
  words_->setText(icu::UnicodeString());  // drop the pointer into `utf8`
  utext_close(text);
  return tokens;
}

std::string Analyzer::fold(std::string_view word) {
  return shape_word(fold_word(word, is_ascii(word)));
}

std::string Analyzer::fold_word(std::string_view word, bool ascii) {
  if (ascii) {
    std::string out(word);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  UErrorCode status = U_ZERO_ERROR;
  u = nfkc_casefold_->normalize(u, status);
  u = nfd_->normalize(u, status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC) c = '\'';
    if (c == 0x0640 || is_foldable_mark(c)) continue;  // tatweel, accents, harakat
    kept.append(fold_arabic_letter(c));
  }
  kept = nfc_->normalize(kept, status);
  std::string out;
  if (U_SUCCESS(status)) kept.toUTF8String(out);
  return out;
}

std::string Analyzer::stem(const std::string& folded, std::string_view language) {
  auto it = stemmers_.find(language);
  if (it == stemmers_.end()) {
    Xapian::Stem stemmer;  // the identity stemmer, for languages Xapian lacks
    if (has_stemmer(language)) stemmer = Xapian::Stem(std::string(language));
    it = stemmers_.emplace(std::string(language), stemmer).first;
  }
  return it->second(folded);
}

std::string Analyzer::transliterate(const std::string& folded) {
  if (is_ascii(folded)) return {};
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded);
  // Only alphabets whose romanization is regular enough to match how news
  // in Latin script spells names: Cyrillic and Greek. Arabic and Hebrew
  // romanizations drop vowels and rarely match the common spelling.
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(u.char32At(0), &status);
  if (script != USCRIPT_CYRILLIC && script != USCRIPT_GREEK) return {};
  if (!transliterator_->to_latin) {
    transliterator_->to_latin.reset(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) return {};
  }
  transliterator_->to_latin->transliterate(u);
  std::string latin;
  u.toUTF8String(latin);
  latin = fold(latin);
  for (char c : latin)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {};
  return latin;
}

bool has_stemmer(std::string_view language) {
  if (language.empty()) return false;
  try {
    Xapian::Stem probe{std::string(language)};
    return !probe.is_none();
  } catch (const Xapian::InvalidArgumentError&) {
    return false;
  }
}

}  // namespace wadi
