#include "analysis/language.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <cstdio>  // cld2's public header uses FILE without including it
#include <utility>

#include <cld2/public/compact_lang_det.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <cld2/public/encodings.h>

namespace CLD2 {
const char* LanguageCode(Language lang);
Language GetLanguageFromName(const char* src);
}  // namespace CLD2

namespace wadi {
namespace {

// cld2 still uses a few withdrawn ISO codes.
std::string modern_code(std::string code) {
  if (auto dash = code.find('-'); dash != std::string::npos) code.resize(dash);
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "nb" || code == "nn") return "no";
  return code;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

namespace {
constexpr std::size_t kFirstSample = 1024, kSample = 16 * 1024;

// The longest prefix of `utf8` of at most `bytes` that ends between characters.
std::string_view prefix(std::string_view utf8, std::size_t bytes) {
  std::size_t length = std::min(utf8.size(), bytes);
  while (length < utf8.size() && length > 0 && (static_cast<unsigned char>(utf8[length]) & 0xC0) == 0x80) --length;
  return utf8.substr(0, length);
}
}  // namespace

std::string detect_language(std::string_view utf8) {
  // The first kilobyte decides the language of most articles, and cld2
  // costs in proportion to what it reads (a tenth of the CPU time of
  // indexing news); only when it is unsure does it read on, up to a few
  // kilobytes: scanning a whole book does not help.
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  for (std::size_t size : {kFirstSample, kSample}) {
    std::string_view sample = prefix(utf8, size);  // a character is never cut in half
    bool reliable = false;
    int valid_bytes = 0;
    language = CLD2::DetectLanguageCheckUTF8(sample.data(), static_cast<int>(sample.size()), true, &reliable, &valid_bytes);
    if (reliable || sample.size() == utf8.size()) break;
  }
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {};
  return modern_code(CLD2::LanguageCode(language));
}

std::string detect_language(std::string_view title, std::string_view body) {
  std::string sample(title);
  sample += '\n';
  sample += prefix(body, kSample);
  return detect_language(sample);
}

std::string normalize_language(std::string_view name) {
  std::string code = lower(name);
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
  if (code.size() == 2 && CLD2::GetLanguageFromName(code.c_str()) != CLD2::UNKNOWN_LANGUAGE) return modern_code(code);
  if (code == "he" || code == "id" || code == "no") return code;  // modern codes cld2 knows by older names
  return {};
}

namespace {

UScriptCode main_script(std::string_view language) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode scripts[4];
  int count = uscript_getCode(std::string(language).c_str(), scripts, 4, &status);
  return U_FAILURE(status) || count <= 0 ? USCRIPT_INVALID_CODE : scripts[0];
}

}  // namespace

bool same_script(std::string_view a, std::string_view b) { return main_script(a) == main_script(b); }

bool written_in_script_of(std::string_view language, std::string_view folded_word) {
  if (language.empty() || folded_word.empty()) return true;
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode scripts[4];
  int count = uscript_getCode(std::string(language).c_str(), scripts, 4, &status);
  if (U_FAILURE(status) || count <= 0) return true;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(folded_word.data()), i, static_cast<int32_t>(folded_word.size()), c);
  if (c < 0) return true;
  UScriptCode word_script = uscript_getScript(c, &status);
  if (word_script == USCRIPT_COMMON || word_script == USCRIPT_INHERITED) return true;
  for (int k = 0; k < count; ++k)
    if (scripts[k] == word_script) return true;
  return false;
}

}  // namespace wadi
