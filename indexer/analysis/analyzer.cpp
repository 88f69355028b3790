#include "analysis/analyzer.h"

#include "analysis/ascii_text.h"
#include "analysis/ascii_words.h"
#include "analysis/transliteration.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

namespace wadi {
namespace {

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

// A word of three letters or more ending in haa (U+0647).
bool ends_with_haa(std::string_view w) {
  return w.size() >= 6 && w.substr(w.size() - 2) == "\u0647";
}


}  // namespace

// ICU's break iterator and normalizers are made on first use: ASCII text
// needs neither, and making them costs a short search 0.1-0.25 ms.
Analyzer::Analyzer() : transliteration_(std::make_unique<Transliteration>(*this)) {}

icu::BreakIterator& Analyzer::words() {
  if (!words_) {
    UErrorCode status = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !words_)
      throw std::runtime_error(std::string("ICU could not be initialised: ") + u_errorName(status));
  }
  return *words_;
}

void Analyzer::load_normalizers() {
  UErrorCode status = U_ZERO_ERROR;
  nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  nfd_ = icu::Normalizer2::getNFDInstance(status);
  nfc_ = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU could not be initialised: ") + u_errorName(status));
}

Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::tokenize(std::string_view utf8, const std::bitset<256>* wanted) {
  std::vector<Token> tokens;
  tokens.reserve(utf8.size() / 6 + 1);  // news runs about six bytes a word
  std::uint32_t position = 0;
  // An ASCII word folds to itself in lower case, less its dots if it is an
  // acronym, so its first byte tells whether its form is wanted; unless an
  // apostrophe cuts it ("l'homme" -> "homme"). A word right after a hyphen
  // (or a non-ASCII byte: U+2010, U+2011) may be the later part of a
  // compound, whose form starts with the first part's.
  auto unwanted = [&](std::string_view word, std::size_t begin) {
    char first = word[0] >= 'A' && word[0] <= 'Z' ? static_cast<char>(word[0] - 'A' + 'a') : word[0];
    const auto before = static_cast<unsigned char>(begin == 0 ? ' ' : utf8[begin - 1]);
    return !wanted->test(static_cast<unsigned char>(first)) && before != '-' && before < 0x80 &&
           word.size() <= kMaxTermBytes && word.find('\'') == std::string_view::npos;
  };
  auto add = [&](std::size_t begin, std::size_t end, bool number, bool ascii) {
    std::string_view word = utf8.substr(begin, end - begin);
    if (wanted != nullptr && ascii && !word.empty() && unwanted(word, begin)) {
      tokens.push_back(Token{{}, position++, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), number});
      return;
    }
    std::string folded = shape_word(fold_word(word, ascii));
    if (folded.empty() || folded.size() > kMaxTermBytes) return;
    tokens.push_back(Token{std::move(folded), position++, static_cast<std::uint32_t>(begin),
                           static_cast<std::uint32_t>(end), number});
  };
  // Stretches of ASCII are split without ICU, which gives the same words
  // (ascii_words.h); ICU splits the rest, cut at white space on both sides.
  // A stretch shorter than kMinAsciiRun between two non-ASCII words is
  // left to ICU: one ICU pass per word of a Russian text would cost more.
  constexpr std::size_t kMinAsciiRun = 64;
  std::vector<WordSpan> spans;
  for (std::size_t at = 0; at < utf8.size();) {
    std::size_t foreign = at;
    while (foreign < utf8.size() && static_cast<unsigned char>(utf8[foreign]) < 0x80) ++foreign;
    std::size_t start = foreign;  // where ICU takes over: white space before the non-ASCII byte
    if (foreign < utf8.size())
      while (start > at && !is_word_gap(utf8[start])) --start;
    spans.clear();
    split_ascii_words(utf8.substr(at, start - at), spans);
    for (const WordSpan& w : spans) add(at + w.begin, at + w.end, w.number, true);
    if (foreign == utf8.size()) break;
    std::size_t end = foreign;
    for (;;) {
      while (end < utf8.size() && !is_word_gap(utf8[end])) ++end;
      std::size_t ascii_end = end;
      while (ascii_end < utf8.size() && static_cast<unsigned char>(utf8[ascii_end]) < 0x80 && ascii_end - end < kMinAsciiRun)
        ++ascii_end;
      if (ascii_end == utf8.size() || ascii_end - end == kMinAsciiRun) break;
      end = ascii_end;
    }
    split_with_icu(utf8, start, end, add);
    at = end;
  }
  return tokens;
}

template <class Add>
void Analyzer::split_with_icu(std::string_view utf8, std::size_t from, std::size_t to, Add& add) {
  UErrorCode status = U_ZERO_ERROR;
  // A UText over the UTF-8 bytes makes the break iterator report byte
  // offsets, which the snippet code needs, without a UTF-16 copy.
  UText* text = utext_openUTF8(nullptr, utf8.data() + from, static_cast<int64_t>(to - from), &status);
  if (U_FAILURE(status)) return;
  icu::BreakIterator& words = this->words();
  words.setText(text, status);
  int32_t begin = words.first();
  for (int32_t end = words.next(); end != icu::BreakIterator::DONE; begin = end, end = words.next()) {
    int32_t rule = words.getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    std::string_view word = utf8.substr(from + begin, end - begin);
    add(from + begin, from + end, rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT, is_ascii(word));
  }
  words.setText(icu::UnicodeString());  // drop the pointer into `utf8`
  utext_close(text);
}

std::vector<Compound> Analyzer::compounds(std::string_view utf8, const std::vector<Token>& tokens) {
  // ASCII hyphen-minus, U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN; not dashes,
  // which join ranges ("1990–2000") and clauses, not words.
  auto hyphen = [&](const Token& left, const Token& right) {
    if (right.begin - left.end == 1) return utf8[left.end] == '-';
    std::string_view gap = utf8.substr(left.end, right.begin - left.end);
    return gap == "\u2010" || gap == "\u2011";
  };
  std::vector<Compound> out;
  for (std::size_t first = 0; first < tokens.size();) {
    std::size_t last = first;
    while (last + 1 < tokens.size() && tokens[last + 1].position == tokens[last].position + 1 &&
           hyphen(tokens[last], tokens[last + 1]))
      ++last;
    std::size_t parts = last - first + 1;
    auto begin = tokens.begin() + first, end = tokens.begin() + last + 1;
    if (parts >= 2 && parts <= kMaxCompoundParts && !std::all_of(begin, end, [](const Token& t) { return t.is_number; }) &&
        std::none_of(begin, end, [](const Token& t) { return t.term.empty(); })) {
      std::string term;
      for (std::size_t i = first; i <= last; ++i) term += tokens[i].term;
      if (term.size() <= kMaxTermBytes) out.push_back(Compound{first, last, std::move(term)});
    }
    first = last + 1;
  }
  return out;
}

std::vector<WholeWord> Analyzer::whole_words(std::string_view utf8, const std::vector<Token>& tokens) {
  auto written = [&](const Token& t) { return utf8.substr(t.begin, t.end - t.begin); };
  auto has_apostrophe = [](std::string_view w) {  // ' and, as fold_word reads them, U+2019, U+2018, U+02BC
    return w.find('\'') != std::string_view::npos || w.find("\u2019") != std::string_view::npos ||
           w.find("\u2018") != std::string_view::npos || w.find("\u02BC") != std::string_view::npos;
  };
  auto ampersand = [&](const Token& left, const Token& right) {
    return right.position == left.position + 1 && right.begin == left.end + 1 && utf8[left.end] == '&';
  };
  std::vector<WholeWord> out;
  for (std::size_t first = 0; first < tokens.size();) {
    std::size_t last = first;
    while (last + 1 < tokens.size() && last + 1 - first < kMaxCompoundParts && ampersand(tokens[last], tokens[last + 1])) ++last;
    const Token& end = tokens[last];
    const bool percent = end.is_number && end.end < utf8.size() && utf8[end.end] == '%';
    bool apostrophe = false, folded = true;
    for (std::size_t i = first; i <= last; ++i) {
      apostrophe = apostrophe || has_apostrophe(written(tokens[i]));
      folded = folded && !tokens[i].term.empty();
    }
    if ((last > first || percent || apostrophe) && folded) {
      std::string term;
      for (std::size_t i = first; i <= last; ++i) {
        std::string_view w = written(tokens[i]);
        // The apostrophe is the point: folded, not shaped ("blair's", not "blair").
        term += (i > first ? "&" : "") + (has_apostrophe(w) ? fold_word(w, is_ascii(w)) : tokens[i].term);
      }
      if (percent) term += '%';
      if (term.size() <= kMaxTermBytes) out.push_back(WholeWord{first, last, std::move(term)});
    }
    first = last + 1;
  }
  return out;
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
  if (nfkc_casefold_ == nullptr) load_normalizers();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  UErrorCode status = U_ZERO_ERROR;
  u = nfkc_casefold_->normalize(u, status);
  u = nfd_->normalize(u, status);
  icu::UnicodeString kept;
  UChar32 previous = 0;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC) c = '\'';
    // й and ў are letters of their own, not и and у with an accent: folding
    // them would merge words and break the Russian stemmer's endings (-ый, -ий).
    bool cyrillic_short = c == 0x0306 && (previous == 0x0438 || previous == 0x0443);
    // Likewise the kana voicing marks: が is not か.
    bool kana_voicing = c == 0x3099 || c == 0x309A;
    if (c == 0x0640 || (is_foldable_mark(c) && !cyrillic_short && !kana_voicing)) continue;  // tatweel, accents, harakat
    if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);  // Arabic-Indic digits
    if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);  // Persian digits
    previous = c;
    kept.append(fold_arabic_letter(c));
  }
  kept = nfc_->normalize(kept, status);
  std::string out;
  if (U_SUCCESS(status)) kept.toUTF8String(out);
  return out;
}

std::string Analyzer::stem(const std::string& folded, std::string_view language) {
  if (language == "ar" && ends_with_haa(folded)) {
    // Folding wrote a final taa marbuta as haa; the Arabic stemmer removes
    // taa marbuta as a suffix after the article (الوزيرة -> وزير) but not
    // haa (الوزيره -> وزيره), so it gets the taa marbuta back.
    std::string taa_marbuta = folded.substr(0, folded.size() - 2) + "\u0629";
    return stem_in(taa_marbuta, language);
  }
  return stem_in(folded, language);
}

std::string Analyzer::transliterate(const std::string& folded) { return transliteration_->transliterate(folded); }

std::vector<std::string> Analyzer::transliterations(const std::string& folded) {
  return transliteration_->transliterations(folded);
}

std::string Analyzer::stem_in(const std::string& folded, std::string_view language) {
  auto it = stemmers_.find(language);
  if (it == stemmers_.end()) {
    Xapian::Stem stemmer;  // the identity stemmer, for languages Xapian lacks
    if (has_stemmer(language)) stemmer = Xapian::Stem(std::string(language));
    it = stemmers_.emplace(std::string(language), stemmer).first;
  }
  return it->second(folded);
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
