// ascii_text: the byte-wise helpers every module shares for keywords, codes
// and file formats. They touch ASCII only, so UTF-8 passes through whole,
// whatever the C locale.
#include <boost/test/unit_test.hpp>

#include <clocale>
#include <string>

#include "analysis/ascii_text.h"

BOOST_AUTO_TEST_SUITE(ascii_text)

BOOST_AUTO_TEST_CASE(ascii_lower_folds_a_to_z_only) {
  BOOST_TEST(wadi::ascii_lower("Hello, WORLD 42 [@`{]") == "hello, world 42 [@`{]");
  BOOST_TEST(wadi::ascii_lower('Q') == 'q');
  BOOST_TEST(wadi::ascii_lower('@') == '@');
  BOOST_TEST(wadi::ascii_lower('[') == '[');
}

BOOST_AUTO_TEST_CASE(ascii_lower_leaves_utf8_bytes_alone_in_any_locale) {
  // "ÄÖ" in UTF-8, and a Latin-1 "Ä" byte a Latin-1 locale's tolower would change.
  const std::string text = "\xC3\x84\xC3\x96 \xC4";
  const char* previous = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = previous ? previous : "C";
  std::setlocale(LC_CTYPE, "en_US.ISO-8859-1");  // when installed; the C locale otherwise
  const std::string lowered = wadi::ascii_lower(text);
  std::setlocale(LC_CTYPE, saved.c_str());
  BOOST_TEST(lowered == text);
}

BOOST_AUTO_TEST_CASE(trim_drops_ascii_spaces_at_both_ends) {
  BOOST_TEST(wadi::trim(" \t\r\n\v\fglass a b\f\v\n\r\t ") == "glass a b");
  BOOST_TEST(wadi::trim("   ").empty());
  BOOST_TEST(wadi::trim("").empty());
  BOOST_TEST(wadi::trim("\xC2\xA0x\xC2\xA0") == "\xC2\xA0x\xC2\xA0");  // no-break spaces are not ASCII
}

BOOST_AUTO_TEST_CASE(one_line_trims_and_squeezes_white_space) {
  BOOST_TEST(wadi::one_line("  Grain\t harvest\r\n rises \n") == "Grain harvest rises");
  BOOST_TEST(wadi::one_line("\n\t ") == "");
  BOOST_TEST(wadi::one_line("Ni\xc3\xb1o\xc2\xa0x") == "Ni\xc3\xb1o\xc2\xa0x");  // only ASCII white space
}

BOOST_AUTO_TEST_CASE(is_ascii_space_is_the_c_locale_set) {
  for (char c : std::string(" \t\n\v\f\r")) BOOST_TEST(wadi::is_ascii_space(c));
  for (char c : std::string("a\b\x0E\x1F\x7F\xA0\x85")) BOOST_TEST(!wadi::is_ascii_space(c));
}

BOOST_AUTO_TEST_SUITE_END()
