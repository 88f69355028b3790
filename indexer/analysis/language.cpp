#include "analysis/language.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <stdexcept>
#include <cstdio>  // cld2's public header uses FILE without including it
#include <utility>
#include <vector>

#include <cld2/public/compact_lang_det.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <cld2/public/encodings.h>

#include "analysis/ascii_text.h"

namespace wadi {
namespace {

// cld2, loaded on first use. Most searches never detect a language (an
// archive of one language needs no detection of the query's), and loading
// the library with the program costs every run about 0.1 ms, as much as
// opening a database (4,400 relocations).
struct Cld2 {
  CLD2::Language (*detect)(const char* buffer, int buffer_length, bool is_plain_text, bool* is_reliable,
                           int* valid_prefix_bytes);
  const char* (*code)(CLD2::Language language);
  CLD2::Language (*from_name)(const char* name);
  CLD2::Language (*summary)(const char* buffer, int buffer_length, bool is_plain_text, CLD2::Language* language3,
                            int* percent3, int* text_bytes, bool* is_reliable);
};

template <typename Function>
void bind(void* library, const char* symbol, Function& function) {
  function = reinterpret_cast<Function>(dlsym(library, symbol));
  if (function == nullptr)
    throw std::runtime_error(std::string("the language detector " WADI_CLD2_SONAME " lacks ") + symbol + ": reinstall libcld2");
}

const Cld2& cld2() {
  static const Cld2 loaded = [] {
    void* library = dlopen(WADI_CLD2_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr)
      throw std::runtime_error(std::string("cannot load the language detector: ") + dlerror() + " (install libcld2-0)");
    Cld2 functions{};
    bind(library, "_ZN4CLD223DetectLanguageCheckUTF8EPKcibPbPi", functions.detect);
    bind(library, "_ZN4CLD212LanguageCodeENS_8LanguageE", functions.code);
    bind(library, "_ZN4CLD219GetLanguageFromNameEPKc", functions.from_name);
    bind(library, "_ZN4CLD221DetectLanguageSummaryEPKcibPNS_8LanguageEPiS4_Pb", functions.summary);
    return functions;
  }();
  return loaded;
}

// cld2 still uses a few withdrawn ISO codes.
std::string modern_code(std::string code) {
  if (auto dash = code.find('-'); dash != std::string::npos) code.resize(dash);
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "nb" || code == "nn") return "no";
  return code;
}

}  // namespace

namespace {
// Enough to tell a language apart when the text is in one; what a whole
// article adds when it is not (a short text full of foreign names), up to
// a bound on the cost of a book-length file.
constexpr std::size_t kFirstSample = 1024, kWholeText = 256 * 1024;

// The longest prefix of `utf8` of at most `bytes` that ends between characters.
std::string_view prefix(std::string_view utf8, std::size_t bytes) {
  std::size_t length = std::min(utf8.size(), bytes);
  while (length < utf8.size() && length > 0 && (static_cast<unsigned char>(utf8[length]) & 0xC0) == 0x80) --length;
  return utf8.substr(0, length);
}

LanguageGuess guess(std::string_view utf8) {
  // The first kilobyte decides the language of most articles, and cld2
  // costs in proportion to what it reads (a tenth of the CPU time of
  // indexing news); only when it is unsure does it read the whole text.
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  bool reliable = false;
  for (std::size_t size : {kFirstSample, kWholeText}) {
    std::string_view sample = prefix(utf8, size);  // a character is never cut in half
    int valid_bytes = 0;
    language = cld2().detect(sample.data(), static_cast<int>(sample.size()), true, &reliable, &valid_bytes);
    if (reliable || sample.size() == utf8.size()) break;
  }
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {};
  return {modern_code(cld2().code(language)), reliable};
}
}  // namespace

std::string detect_language(std::string_view utf8) { return guess(utf8).code; }

LanguageGuess guess_language(std::string_view title, std::string_view body) {
  std::string sample(title);
  sample += '\n';
  sample += prefix(body, kWholeText);
  return guess(sample);
}

std::string detect_language(std::string_view title, std::string_view body) { return guess_language(title, body).code; }

std::string normalize_language(std::string_view name) {
  std::string code = ascii_lower(name);
  if (auto cut = code.find_first_of("-_"); cut != std::string::npos) code.resize(cut);
  static const std::array<std::pair<const char*, const char*>, 24> kNames{{
      {"eng", "en"}, {"english", "en"}, {"fra", "fr"}, {"fre", "fr"}, {"french", "fr"},
      {"deu", "de"}, {"ger", "de"}, {"german", "de"}, {"rus", "ru"}, {"russian", "ru"},
      {"ara", "ar"}, {"arabic", "ar"}, {"tur", "tr"}, {"turkish", "tr"}, {"zho", "zh"},
      {"chi", "zh"}, {"chinese", "zh"}, {"jpn", "ja"}, {"japanese", "ja"}, {"spa", "es"},
      {"spanish", "es"}, {"ita", "it"}, {"italian", "it"}, {"iw", "he"},
  }};
  for (const auto& [long_name, code2] : kNames)
    if (code == long_name) return code2;
  if (code.size() == 2 && cld2().from_name(code.c_str()) != CLD2::UNKNOWN_LANGUAGE) return modern_code(code);
  if (code == "he" || code == "id" || code == "no") return code;  // modern codes cld2 knows by older names
  return {};
}

namespace {

struct LanguageScripts {
  std::string_view code;
  std::array<UScriptCode, 3> scripts;  // as uscript_getCode gives them; USCRIPT_COMMON (0) pads
};

// What ICU's uscript_getCode gives for each language cld2 can detect, by code.
// Asking ICU loads its locale data, about 0.1 ms of a search's start; the
// test `languages/scripts_are_icus` holds this table to ICU's answers.
constexpr LanguageScripts kScripts[] = {
    {"aa", {USCRIPT_LATIN}}, {"ab", {USCRIPT_CYRILLIC}}, {"af", {USCRIPT_LATIN}},
    {"ak", {USCRIPT_LATIN}}, {"am", {USCRIPT_ETHIOPIC}}, {"ar", {USCRIPT_ARABIC}}, {"as", {USCRIPT_BENGALI}},
    {"ay", {USCRIPT_LATIN}}, {"az", {USCRIPT_LATIN}}, {"ba", {USCRIPT_CYRILLIC}}, {"be", {USCRIPT_CYRILLIC}},
    {"bg", {USCRIPT_CYRILLIC}}, {"bi", {USCRIPT_LATIN}}, {"bn", {USCRIPT_BENGALI}}, {"bo", {USCRIPT_TIBETAN}},
    {"br", {USCRIPT_LATIN}}, {"bs", {USCRIPT_LATIN}}, {"ca", {USCRIPT_LATIN}}, {"ceb", {USCRIPT_LATIN}},
    {"chr", {USCRIPT_CHEROKEE}}, {"co", {USCRIPT_LATIN}}, {"crs", {USCRIPT_LATIN}}, {"cs", {USCRIPT_LATIN}},
    {"cy", {USCRIPT_LATIN}}, {"da", {USCRIPT_LATIN}}, {"de", {USCRIPT_LATIN}}, {"dv", {USCRIPT_THAANA}},
    {"dz", {USCRIPT_TIBETAN}}, {"ee", {USCRIPT_LATIN}}, {"el", {USCRIPT_GREEK}}, {"en", {USCRIPT_LATIN}},
    {"eo", {USCRIPT_LATIN}}, {"es", {USCRIPT_LATIN}}, {"et", {USCRIPT_LATIN}}, {"eu", {USCRIPT_LATIN}},
    {"fa", {USCRIPT_ARABIC}}, {"fi", {USCRIPT_LATIN}}, {"fj", {USCRIPT_LATIN}}, {"fo", {USCRIPT_LATIN}},
    {"fr", {USCRIPT_LATIN}}, {"fy", {USCRIPT_LATIN}}, {"ga", {USCRIPT_LATIN}}, {"gaa", {USCRIPT_LATIN}},
    {"gd", {USCRIPT_LATIN}}, {"gl", {USCRIPT_LATIN}}, {"gn", {USCRIPT_LATIN}}, {"gu", {USCRIPT_GUJARATI}},
    {"gv", {USCRIPT_LATIN}}, {"ha", {USCRIPT_LATIN}}, {"haw", {USCRIPT_LATIN}}, {"he", {USCRIPT_HEBREW}},
    {"hi", {USCRIPT_DEVANAGARI}}, {"hr", {USCRIPT_LATIN}}, {"ht", {USCRIPT_LATIN}}, {"hu", {USCRIPT_LATIN}},
    {"hy", {USCRIPT_ARMENIAN}}, {"ia", {USCRIPT_LATIN}}, {"id", {USCRIPT_LATIN}}, {"ig", {USCRIPT_LATIN}},
    {"ik", {USCRIPT_LATIN}}, {"is", {USCRIPT_LATIN}}, {"it", {USCRIPT_LATIN}}, {"iu", {USCRIPT_CANADIAN_ABORIGINAL}},
    {"ja", {USCRIPT_KATAKANA, USCRIPT_HIRAGANA, USCRIPT_HAN}}, {"jw", {USCRIPT_LATIN}}, {"ka", {USCRIPT_GEORGIAN}},
    {"kha", {USCRIPT_LATIN}}, {"kk", {USCRIPT_CYRILLIC}}, {"kl", {USCRIPT_LATIN}}, {"km", {USCRIPT_KHMER}},
    {"kn", {USCRIPT_KANNADA}}, {"ko", {USCRIPT_HANGUL, USCRIPT_HAN}}, {"kri", {USCRIPT_LATIN}},
    {"ks", {USCRIPT_ARABIC}}, {"ku", {USCRIPT_LATIN}}, {"ky", {USCRIPT_CYRILLIC}}, {"la", {USCRIPT_LATIN}},
    {"lb", {USCRIPT_LATIN}}, {"lg", {USCRIPT_LATIN}}, {"lif", {USCRIPT_DEVANAGARI}}, {"ln", {USCRIPT_LATIN}},
    {"lo", {USCRIPT_LAO}}, {"loz", {USCRIPT_LATIN}}, {"lt", {USCRIPT_LATIN}}, {"lua", {USCRIPT_LATIN}},
    {"luo", {USCRIPT_LATIN}}, {"lv", {USCRIPT_LATIN}}, {"mfe", {USCRIPT_LATIN}}, {"mg", {USCRIPT_LATIN}},
    {"mi", {USCRIPT_LATIN}}, {"mk", {USCRIPT_CYRILLIC}}, {"ml", {USCRIPT_MALAYALAM}}, {"mn", {USCRIPT_CYRILLIC}},
    {"mr", {USCRIPT_DEVANAGARI}}, {"ms", {USCRIPT_LATIN}}, {"mt", {USCRIPT_LATIN}}, {"my", {USCRIPT_MYANMAR}},
    {"na", {USCRIPT_LATIN}}, {"ne", {USCRIPT_DEVANAGARI}}, {"new", {USCRIPT_DEVANAGARI}}, {"nl", {USCRIPT_LATIN}},
    {"no", {USCRIPT_LATIN}}, {"nr", {USCRIPT_LATIN}}, {"nso", {USCRIPT_LATIN}}, {"ny", {USCRIPT_LATIN}},
    {"oc", {USCRIPT_LATIN}}, {"om", {USCRIPT_LATIN}}, {"or", {USCRIPT_ORIYA}}, {"os", {USCRIPT_CYRILLIC}},
    {"pa", {USCRIPT_GURMUKHI}}, {"pam", {USCRIPT_LATIN}}, {"pl", {USCRIPT_LATIN}}, {"ps", {USCRIPT_ARABIC}},
    {"pt", {USCRIPT_LATIN}}, {"qu", {USCRIPT_LATIN}}, {"raj", {USCRIPT_DEVANAGARI}}, {"rm", {USCRIPT_LATIN}},
    {"rn", {USCRIPT_LATIN}}, {"ro", {USCRIPT_LATIN}}, {"ru", {USCRIPT_CYRILLIC}}, {"rw", {USCRIPT_LATIN}},
    {"sa", {USCRIPT_DEVANAGARI}}, {"sco", {USCRIPT_LATIN}}, {"sd", {USCRIPT_ARABIC}}, {"sg", {USCRIPT_LATIN}},
    {"si", {USCRIPT_SINHALA}}, {"sk", {USCRIPT_LATIN}}, {"sl", {USCRIPT_LATIN}}, {"sm", {USCRIPT_LATIN}},
    {"sn", {USCRIPT_LATIN}}, {"so", {USCRIPT_LATIN}}, {"sq", {USCRIPT_LATIN}}, {"sr", {USCRIPT_CYRILLIC}},
    {"ss", {USCRIPT_LATIN}}, {"st", {USCRIPT_LATIN}}, {"su", {USCRIPT_LATIN}}, {"sv", {USCRIPT_LATIN}},
    {"sw", {USCRIPT_LATIN}}, {"syr", {USCRIPT_SYRIAC}}, {"ta", {USCRIPT_TAMIL}}, {"te", {USCRIPT_TELUGU}},
    {"tg", {USCRIPT_CYRILLIC}}, {"th", {USCRIPT_THAI}}, {"ti", {USCRIPT_ETHIOPIC}}, {"tk", {USCRIPT_LATIN}},
    {"tl", {USCRIPT_LATIN}}, {"tn", {USCRIPT_LATIN}}, {"to", {USCRIPT_LATIN}}, {"tr", {USCRIPT_LATIN}},
    {"ts", {USCRIPT_LATIN}}, {"tt", {USCRIPT_CYRILLIC}}, {"tum", {USCRIPT_LATIN}}, {"ug", {USCRIPT_ARABIC}},
    {"uk", {USCRIPT_CYRILLIC}}, {"ur", {USCRIPT_ARABIC}}, {"uz", {USCRIPT_LATIN}}, {"ve", {USCRIPT_LATIN}},
    {"vi", {USCRIPT_LATIN}}, {"vo", {USCRIPT_LATIN}}, {"war", {USCRIPT_LATIN}}, {"wo", {USCRIPT_LATIN}},
    {"xh", {USCRIPT_LATIN}}, {"yi", {USCRIPT_YI}}, {"yo", {USCRIPT_LATIN}}, {"za", {USCRIPT_LATIN}},
    {"zh", {USCRIPT_HAN}}, {"zu", {USCRIPT_LATIN}},
};
static_assert(std::is_sorted(std::begin(kScripts), std::end(kScripts),
                             [](const LanguageScripts& a, const LanguageScripts& b) { return a.code < b.code; }),
              "scripts_of() looks codes up by binary search");

}  // namespace

std::vector<UScriptCode> scripts_of(std::string_view language) {
  auto known = std::lower_bound(std::begin(kScripts), std::end(kScripts), language,
                                [](const LanguageScripts& entry, std::string_view code) { return entry.code < code; });
  std::vector<UScriptCode> scripts;
  if (known != std::end(kScripts) && known->code == language) {
    for (UScriptCode script : known->scripts)
      if (script != USCRIPT_COMMON) scripts.push_back(script);
    return scripts;
  }
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode found[4];
  int count = uscript_getCode(std::string(language).c_str(), found, 4, &status);
  if (U_SUCCESS(status) && count > 0) scripts.assign(found, found + count);
  return scripts;
}

bool same_script(std::string_view a, std::string_view b) {
  std::vector<UScriptCode> of_a = scripts_of(a), of_b = scripts_of(b);
  return (of_a.empty() ? USCRIPT_INVALID_CODE : of_a[0]) == (of_b.empty() ? USCRIPT_INVALID_CODE : of_b[0]);
}

bool written_in_script_of(std::string_view language, std::string_view folded_word) {
  if (language.empty() || folded_word.empty()) return true;
  const std::vector<UScriptCode> scripts = scripts_of(language);
  if (scripts.empty()) return true;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(folded_word.data()), i, static_cast<int32_t>(folded_word.size()), c);
  if (c < 0) return true;
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode word_script = uscript_getScript(c, &status);
  if (word_script == USCRIPT_COMMON || word_script == USCRIPT_INHERITED) return true;
  return std::find(scripts.begin(), scripts.end(), word_script) != scripts.end();
}

}  // namespace wadi
