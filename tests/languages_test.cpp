// languages: the script-specific parts of analysis that ingestion relies on:
// Arabic normalization, letters that are not accented forms (й, kana voicing
// marks), Arabic-Indic digits, and the Latin spellings indexed for Cyrillic
// and Greek names.
#include <boost/test/unit_test.hpp>

#include <cstdio>  // cld2's public header uses FILE without including it
#include <set>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/uscript.h>

#include "analysis/analyzer.h"
#include "analysis/language.h"
#include "archive_language.h"
#include "document_builder.h"
#include "metadata.h"

using namespace wadi;

namespace {

using Forms = std::vector<std::string>;

// The article's terms, and its vocabulary entries as "Zstem>word".
std::set<std::string> terms_of(const Article& article) {
  Analyzer analyzer;
  DocumentBuilder builder(analyzer);
  BuiltDocument built = builder.build(article);
  std::set<std::string> terms;
  for (auto it = built.document.termlist_begin(); it != built.document.termlist_end(); ++it) terms.insert(*it);
  for (const auto& [stem, word] : built.words) terms.insert(stem + ">" + word);
  return terms;
}

Article russian(const std::string& body) {
  Article a;
  a.key = a.path = "/corpus/ru.txt";
  a.body = body;
  a.language = "ru";
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(languages)

BOOST_AUTO_TEST_CASE(arabic_harakat_tatweel_and_letter_variants_fold_away) {
  // Both sides against a literal, so that a fold that dropped Arabic letters
  // altogether could not pass.
  Analyzer a;
  BOOST_TEST(a.fold("بردى") == "بردي");                                         // alef maqsura: yaa
  BOOST_TEST(a.fold("احمد") == "احمد");
  BOOST_TEST(a.fold("اسرائيل") == "اسراييل");                                   // yaa with hamza: yaa
  BOOST_TEST(a.fold("مدينه") == "مدينه");
  BOOST_TEST(a.fold("بَرَدى") == a.fold("بردى"));
  BOOST_TEST(a.fold("بـــردى") == a.fold("بردى"));                             // tatweel
  BOOST_TEST(a.fold("أحمد") == a.fold("احمد"));                                // alef with hamza above
  BOOST_TEST(a.fold("إسرائيل") == a.fold("اسرائيل"));                          // alef with hamza below
  BOOST_TEST(a.fold("آمن") == a.fold("امن"));                                  // alef madda
  BOOST_TEST(a.fold("مدينة") == a.fold("مدينه"));                              // taa marbuta
  BOOST_TEST(a.fold("مستشفى") == a.fold("مستشفي"));                            // alef maqsura
}

BOOST_AUTO_TEST_CASE(arabic_stems_agree_with_and_without_taa_marbuta) {
  Analyzer a;
  BOOST_TEST(!a.stem(a.fold("الوزير"), "ar").empty());
  BOOST_TEST(a.stem(a.fold("الوزيرة"), "ar") == a.stem(a.fold("الوزير"), "ar"));
  BOOST_TEST(a.stem(a.fold("الحكومة"), "ar") == a.stem(a.fold("حكومة"), "ar"));
}

BOOST_AUTO_TEST_CASE(arabic_indic_digits_are_digits) {
  Analyzer a;
  std::vector<Token> tokens = a.tokenize("عام ٢٠١٧ و۱۳۹۵");
  BOOST_REQUIRE_GE(tokens.size(), 2u);
  BOOST_TEST(tokens[1].term == "2017");
}

BOOST_AUTO_TEST_CASE(short_i_and_kana_voicing_are_letters_not_accents) {
  Analyzer a;
  BOOST_TEST(a.fold("Новый") == "новый");
  BOOST_TEST(a.fold("Ёлка") == "елка");  // ё is written е in most Russian text
  BOOST_TEST(a.stem(a.fold("новый"), "ru") == a.stem(a.fold("новая"), "ru"));
  BOOST_TEST(a.fold("ガス") != a.fold("カス"));
  BOOST_TEST(a.stem(a.fold("переговоры"), "ru") == a.stem(a.fold("переговорах"), "ru"));
}

BOOST_AUTO_TEST_CASE(cyrillic_names_get_icu_and_news_spellings) {
  Analyzer a;
  BOOST_TEST(a.transliterations("лавров") == (Forms{"lavrov"}));
  BOOST_TEST(a.transliterations("сергей") == (Forms{"sergej", "sergei"}));
  BOOST_TEST(a.transliterations("дмитрий") == (Forms{"dmitrij", "dmitry"}));
  BOOST_TEST(a.transliterations("ельцин") == (Forms{"elcin", "yeltsin"}));
  BOOST_TEST(a.transliterations("хрущев") == (Forms{"hrusev", "khrushchev"}));
  BOOST_TEST(a.transliterations("навальный") == (Forms{"navalnyj", "navalny"}));
  BOOST_TEST(a.transliterations("захарова") == (Forms{"zaharova", "zakharova"}));
  BOOST_TEST(a.transliterations("τσιπρασ") == (Forms{"tsipras"}));
  BOOST_TEST(a.transliterations("μητσοτακησ") == (Forms{"metsotakes", "mitsotakis"}));  // ICU, modern Greek
  BOOST_TEST(a.transliterations("lavrov").empty());
  BOOST_TEST(a.transliterations("بردي").empty());
}

BOOST_AUTO_TEST_CASE(names_get_latin_terms_at_their_position_common_words_do_not) {
  std::set<std::string> terms = terms_of(russian("Вчера министр Сергей Лавров сказал: нет. Но мы друг другу поможем."));
  for (const char* name : {"sergei", "sergej", "lavrov", "Zlavrov>lavrov", "Zsergei>sergei"}) BOOST_TEST(terms.count(name), name);
  // нет "net", но "no", мы "my", друг "drug": common words, never transliterated.
  for (const char* word : {"net", "no", "my", "drug", "Znet>net", "Zdrug>drug", "ministr"}) BOOST_TEST(!terms.count(word), word);
}

BOOST_AUTO_TEST_CASE(an_inflected_name_matches_its_latin_base_form) {
  std::set<std::string> terms = terms_of(russian("Заявление Лаврова прозвучало в Москве."));
  BOOST_TEST(terms.count("lavrova"));
  BOOST_TEST(terms.count("Zlavrov>lavrova"));  // under the stem's spelling, so that `Lavrov` finds it
}

// Detection reads the first kilobyte, and reads on when that leaves it unsure:
// a French report that opens with a table of figures is French.
BOOST_AUTO_TEST_CASE(language_is_read_from_the_first_kilobyte_or_further_when_unsure) {
  const std::string french =
      "Les négociations de paix reprendront la semaine prochaine à Astana, a annoncé le ministre des "
      "Affaires étrangères, qui a rappelé que les groupes rebelles avaient accepté le principe d'une trêve. ";
  std::string prose;
  while (prose.size() < 3000) prose += french;
  BOOST_TEST(detect_language(prose) == "fr");
  std::string table;
  while (table.size() < 1500) table += "1,234.5 | 6,789.0 | 2017-01-18 | 12.5% | 0.75 | 98,765\n";
  BOOST_TEST(detect_language(table + prose) == "fr");
}

BOOST_AUTO_TEST_CASE(scripts_are_icus) {
  // scripts_of() answers from a table for the languages cld2 detects; for
  // each of them it must say what ICU says.
  int checked = 0;
  for (int l = 0; l < CLD2::NUM_LANGUAGES; ++l) {
    const char* name = CLD2::LanguageCode(static_cast<CLD2::Language>(l));
    const std::string code = name == nullptr ? "" : wadi::normalize_language(name);
    if (code.empty()) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode icu[4];
    int count = uscript_getCode(code.c_str(), icu, 4, &status);
    std::vector<UScriptCode> expected;
    if (U_SUCCESS(status) && count > 0) expected.assign(icu, icu + count);
    BOOST_TEST_CONTEXT("language " << code) { BOOST_TEST(wadi::scripts_of(code) == expected, boost::test_tools::per_element()); }
    ++checked;
  }
  BOOST_TEST(checked > 80);
  BOOST_TEST(wadi::same_script("ru", "uk"));
  BOOST_TEST(!wadi::same_script("en", "ru"));
  BOOST_TEST(wadi::written_in_script_of("ja", "\xE3\x81\x82"));      // Hiragana: one of Japanese's scripts
  BOOST_TEST(!wadi::written_in_script_of("en", "\xD0\xB4\xD0\xB0"));  // Cyrillic
}

namespace {

// An article as the text reader completes it: language detected.
Article detected(const std::string& title, const std::string& body) {
  Article a;
  a.key = a.path = "/corpus/a.txt";
  a.title = title;
  a.body = body;
  complete_metadata(a, FileContext{a.path, "2017-01-01", ""});
  return a;
}

const char* kItalianNames = "Giuseppe Conte met Matteo Salvini, Luigi Di Maio and Sergio Mattarella at Palazzo Chigi.";

}  // namespace

BOOST_AUTO_TEST_CASE(a_short_english_text_full_of_italian_names_takes_the_archives_main_language) {
  Analyzer analyzer;
  Article a = detected("Conte meets Salvini", kItalianNames);
  LanguageDoubt doubt = doubt_language(analyzer, a);
  BOOST_TEST(doubt.doubtful());
  BOOST_TEST(settle_language(a, doubt, "en") == "en");
  BOOST_TEST(settle_language(a, doubt, "ru") == a.language);  // another script: the detection stands
}

BOOST_AUTO_TEST_CASE(a_short_italian_text_stays_italian_in_an_english_archive) {
  Analyzer analyzer;
  Article a = detected("Conte incontra Salvini", "Il presidente del Consiglio ha incontrato i ministri per discutere della legge di bilancio.");
  BOOST_TEST(a.language == "it");
  LanguageDoubt doubt = doubt_language(analyzer, a);
  BOOST_TEST(settle_language(a, doubt, "en") == "it");
}

BOOST_AUTO_TEST_CASE(a_given_or_long_confident_language_is_never_in_doubt) {
  Analyzer analyzer;
  Article given = detected("Conte meets Salvini", kItalianNames);
  given.language_origin = Article::LanguageOrigin::kGiven;
  BOOST_TEST(!doubt_language(analyzer, given).doubtful());
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "The government said on Monday that the budget would be presented next week. ";
  Article english = detected("Budget", long_text);
  BOOST_TEST(english.language == "en");
  BOOST_TEST(!doubt_language(analyzer, english).doubtful());
}

BOOST_AUTO_TEST_CASE(the_main_language_does_not_depend_on_the_order_of_the_counts) {
  LanguageTally one, other;
  for (const char* l : {"en", "it", "en", "fr", "it"}) one.add(l);
  for (const char* l : {"it", "fr", "it", "en", "en"}) other.add(l);
  BOOST_TEST(one.main() == "en");  // a tie goes to the smaller code
  BOOST_TEST(other.main() == "en");
  BOOST_TEST(LanguageTally::parse(one.serialize()).serialize() == "en:2 fr:1 it:2");
  BOOST_TEST(LanguageTally::parse("en:x :3 it:2").main() == "it");
}

BOOST_AUTO_TEST_SUITE_END()
