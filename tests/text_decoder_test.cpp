// text_decoder: bytes in any encoding become valid UTF-8, or a reason to skip.
#include <boost/test/unit_test.hpp>

#include "analysis/text_decoder.h"

BOOST_AUTO_TEST_SUITE(text_decoder)

BOOST_AUTO_TEST_CASE(utf8_with_and_without_bom) {
  BOOST_TEST(wadi::decode_text("Astana talks").text == "Astana talks");
  auto bom = wadi::decode_text("\xEF\xBB\xBFNégociation");
  BOOST_TEST(bom.text == "Négociation");
  BOOST_TEST(bom.encoding == "UTF-8");
}

BOOST_AUTO_TEST_CASE(utf16_with_bom) {
  std::string le("\xFF\xFE" "A\0s\0t\0a\0n\0a\0", 14);
  BOOST_TEST(wadi::decode_text(le).text == "Astana");
  std::string be("\xFE\xFF" "\0L\0a\0v", 8);
  BOOST_TEST(wadi::decode_text(be).text == "Lav");
}

BOOST_AUTO_TEST_CASE(latin1_and_windows1251_are_detected) {
  std::string latin1 = "La n\xE9gociation de la tr\xEAve \xE0 Astana a commenc\xE9 avec les d\xE9l\xE9gations du r\xE9gime.";
  auto fr = wadi::decode_text(latin1);
  BOOST_TEST(fr.error.empty());
  BOOST_TEST(fr.text.find("négociation") != std::string::npos);
  // "Переговоры в Астане начались" in windows-1251, long enough to detect.
  std::string cp1251 =
      "\xCF\xE5\xF0\xE5\xE3\xEE\xE2\xEE\xF0\xFB \xE2 \xC0\xF1\xF2\xE0\xED\xE5 \xED\xE0\xF7\xE0\xEB\xE8\xF1\xFC. "
      "\xCF\xE5\xF0\xE5\xE3\xEE\xE2\xEE\xF0\xFB \xEF\xF0\xEE\xE4\xEE\xEB\xE6\xE0\xF2\xF1\xFF \xE4\xE2\xE0 \xE4\xED\xFF.";
  auto ru = wadi::decode_text(cp1251);
  BOOST_TEST(ru.error.empty());
  BOOST_TEST(ru.text.find("Переговоры") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(binary_and_empty_input_give_a_reason) {
  BOOST_TEST(wadi::decode_text("").error == "empty file");
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  BOOST_TEST(!wadi::decode_text(png).error.empty());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_becomes_replacement_characters) {
  std::string bad = "wadi \xC3\x28 barada \xED\xA0\x80 end";
  BOOST_TEST(!wadi::is_valid_utf8(bad));
  std::string fixed = wadi::to_valid_utf8(bad);
  BOOST_TEST(wadi::is_valid_utf8(fixed));
  BOOST_TEST(fixed.find("barada") != std::string::npos);
}


// Regression (issue 7): a UTF-8 file with a stray byte was read as
// windows-1252, turning every non-ASCII letter into mojibake.
BOOST_AUTO_TEST_CASE(mostly_utf8_with_bad_bytes_stays_utf8_with_a_warning) {
  auto decoded = wadi::decode_text("Москва и Астана: \xFF переговоры, été \xC3");
  BOOST_TEST(decoded.error.empty());
  BOOST_TEST(decoded.encoding == "UTF-8");
  BOOST_TEST(decoded.text == "Москва и Астана: \uFFFD переговоры, été \uFFFD");
  BOOST_TEST(decoded.warning == "invalid UTF-8: 2 bytes replaced with U+FFFD");
  BOOST_TEST(wadi::decode_text("plain ASCII and valid UTF-8: été").warning.empty());
}

BOOST_AUTO_TEST_CASE(legacy_multibyte_text_is_not_taken_for_broken_utf8) {
  // "中华人民共和国国务院新闻办公室" in GBK: some of its byte pairs are valid UTF-8 by chance.
  std::string gbk = "\xD6\xD0\xBB\xAA\xC8\xCB\xC3\xF1\xB9\xB2\xBA\xCD\xB9\xFA\xB9\xFA\xCE\xF1\xD4\xBA"
                    "\xD0\xC2\xCE\xC5\xB0\xEC\xB9\xAB\xCA\xD2";
  auto decoded = wadi::decode_text(gbk + gbk + gbk);
  BOOST_TEST(decoded.encoding != "UTF-8");
  BOOST_TEST(decoded.warning.empty());
}

BOOST_AUTO_TEST_SUITE_END()
