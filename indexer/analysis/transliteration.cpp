#include "analysis/transliteration.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "analysis/analyzer.h"
#include "analysis/ascii_text.h"

namespace wadi {
namespace {

bool is_cyrillic_vowel(UChar32 c) {
  switch (c) {
    case 0x0430: case 0x0435: case 0x0451: case 0x0438: case 0x043E: case 0x0443: case 0x044B:
    case 0x044D: case 0x044E: case 0x044F: case 0x0456: case 0x0457: case 0x0454:
      return true;
    default: return false;
  }
}

// The spelling English-language news gives Russian names: BGN/PCGN
// romanization (ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ю yu, я ya, е ye
// after a vowel or at the start) with the Associated Press's endings (-ий
// and -ый -y, -ей -ei, -ай -ai, -ой -oy, -ия -ia): "сергей" -> "sergei",
// "дмитрий" -> "dmitry", "ельцин" -> "yeltsin", "хрущев" -> "khrushchev".
// "" when the word has a letter outside the Russian and Ukrainian alphabets.
std::string news_romanization(const icu::UnicodeString& word) {
  static const char* const kLetters[32] = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k",
                                           "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh",
                                           "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
  std::string out;
  const int32_t n = word.length();
  for (int32_t i = 0; i < n; ++i) {
    UChar32 c = word.charAt(i);
    UChar32 previous = i > 0 ? word.charAt(i - 1) : 0;
    UChar32 next = i + 1 < n ? word.charAt(i + 1) : 0;
    bool last = i + 1 == n;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
      out += static_cast<char>(c);
    } else if (c == 0x0435 || c == 0x0451 || c == 0x0454) {  // е ё є
      out += (i == 0 || is_cyrillic_vowel(previous) || previous == 0x044C || previous == 0x044A) ? "ye" : "e";
    } else if ((c == 0x0438 || c == 0x044B) && next == 0x0439 && i + 2 == n) {  // final -ий, -ый
      out += 'y';
      ++i;
    } else if (c == 0x0439) {  // й
      if (last) out += previous == 0x043E ? "y" : "i";
      else out += (i == 0 || is_cyrillic_vowel(next)) ? "y" : "i";
    } else if (c == 0x044C) {  // ь: silent, but a y-glide before и and о
      if (next == 0x0438 || next == 0x043E) out += 'y';
    } else if (c == 0x044F) {  // я
      out += (last && previous == 0x0438) ? "a" : "ya";
    } else if (c >= 0x0430 && c <= 0x044F) {
      out += kLetters[c - 0x0430];
    } else if (c == 0x0456) {  // і
      out += 'i';
    } else if (c == 0x0457) {  // ї
      out += "yi";
    } else if (c == 0x0491) {  // ґ
      out += 'g';
    } else {
      return {};
    }
  }
  return out;
}

}  // namespace

Transliteration::Transliteration(Analyzer& analyzer) : analyzer_(analyzer) {}

Transliteration::~Transliteration() = default;

std::string Transliteration::transliterate(const std::string& folded) {
  if (is_ascii(folded)) return {};
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded);
  // Only alphabets whose romanization is regular enough to match how news
  // in Latin script spells names: Cyrillic and Greek. Arabic and Hebrew
  // romanizations drop vowels and rarely match the common spelling.
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(u.char32At(0), &status);
  if (script != USCRIPT_CYRILLIC && script != USCRIPT_GREEK) return {};
  return to_latin(u, to_latin_, "Any-Latin; Latin-ASCII");
}

std::string Transliteration::to_latin(icu::UnicodeString word, std::unique_ptr<icu::Transliterator>& transliterator,
                                      const char* id) {
  if (!transliterator) {
    UErrorCode status = U_ZERO_ERROR;
    transliterator.reset(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    if (U_FAILURE(status)) return {};
  }
  transliterator->transliterate(word);
  std::string latin;
  word.toUTF8String(latin);
  // The soft and hard signs come out as primes (ельцин -> el'cin), which
  // would split the word at the apostrophe.
  std::erase_if(latin, [](char c) { return c == '\'' || c == '"'; });
  latin = analyzer_.fold(latin);
  for (char c : latin)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {};
  return latin;
}

std::vector<std::string> Transliteration::transliterations(const std::string& folded) {
  constexpr std::size_t kMaxRemembered = 200'000;
  if (is_ascii(folded)) return {};
  if (auto it = known_.find(folded); it != known_.end()) return it->second;
  std::vector<std::string> forms;
  if (std::string latin = transliterate(folded); !latin.empty()) forms.push_back(std::move(latin));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded);
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(u.char32At(0), &status);
  std::string news;
  if (script == USCRIPT_CYRILLIC) news = news_romanization(u);
  // Greek news names follow the modern (UNGEGN) romanization: Μητσοτάκης
  // Mitsotakis, Αθήνα Athina, where Any-Latin gives Metsotakes, Athena.
  if (script == USCRIPT_GREEK) news = to_latin(u, greek_to_latin_, "Greek-Latin/UNGEGN; Latin-ASCII");
  if (!news.empty() && (forms.empty() || forms[0] != news)) forms.push_back(std::move(news));
  if (known_.size() >= kMaxRemembered) known_.clear();
  known_.emplace(folded, forms);
  return forms;
}

}  // namespace wadi
