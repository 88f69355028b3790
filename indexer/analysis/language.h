// Language of an article, as an ISO 639-1 code, for stemming, `lang:` and facets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <unicode/uscript.h>

namespace wadi {

// The language most of `utf8` is written in ("en", "ru", "zh", ...), or ""
// when the text is too short or mixed to tell. Thread-safe.
// REQUIRES: `utf8` is valid UTF-8.
std::string detect_language(std::string_view utf8);

struct LanguageGuess {
  std::string code;       // as detect_language() gives it
  bool reliable = false;  // the detector is sure: enough text, mostly in one language
};

// The language of an article: its title, then its body; when the first
// kilobyte leaves the detector unsure, the whole text (up to 256 KB).
LanguageGuess guess_language(std::string_view title, std::string_view body);
std::string detect_language(std::string_view title, std::string_view body);

// Normalizes a language name given by an article or a user ("EN", "en-GB",
// "eng", "english") to the code detect_language() returns; "" if unknown.
std::string normalize_language(std::string_view name);

// True when `language` is written in the script of `folded_word` (its first
// letter): a Latin word is stemmed with Latin-script languages only, a
// Cyrillic word with Cyrillic ones. True for unknown languages.
bool written_in_script_of(std::string_view language, std::string_view folded_word);

// The scripts `language` is written in, the main one first, as ICU's
// uscript_getCode gives them; none when ICU does not know the language.
std::vector<UScriptCode> scripts_of(std::string_view language);

// True when both languages are written in the same (main) script.
bool same_script(std::string_view a, std::string_view b);

}  // namespace wadi
