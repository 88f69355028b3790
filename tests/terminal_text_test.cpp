// terminal_text: what an article or a file name may put on a terminal, and
// what the readers store. Every control character and bidi override is
// shown as an escape (for_terminal) or dropped (without_controls).
#include <boost/test/unit_test.hpp>

#include "analysis/terminal_text.h"

using wadi::for_terminal;
using wadi::without_controls;

BOOST_AUTO_TEST_SUITE(terminal_text)

BOOST_AUTO_TEST_CASE(plain_text_and_other_scripts_are_shown_as_they_are) {
  BOOST_TEST(for_terminal("Lavrov says \xD0\x9B\xD0\xB0\xD0\xB2\xD1\x80\xD0\xBE\xD0\xB2 \xE2\x80\x94 \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \\ ok") ==
             "Lavrov says \xD0\x9B\xD0\xB0\xD0\xB2\xD1\x80\xD0\xBE\xD0\xB2 \xE2\x80\x94 \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \\ ok");
}

BOOST_AUTO_TEST_CASE(escape_sequences_are_made_visible) {
  BOOST_TEST(for_terminal("a\x1b[31mred\x1b[0m") == "a\\x1b[31mred\\x1b[0m");
  // OSC 52: a clipboard write, ended by BEL.
  BOOST_TEST(for_terminal("\x1b]52;c;cm0gLXJmIH4=\x07") == "\\x1b]52;c;cm0gLXJmIH4=\\x07");
  // The same as C1 controls: CSI (U+009B) and OSC (U+009D).
  BOOST_TEST(for_terminal("\xC2\x9B" "31m \xC2\x9D" "0;title") == "\\u009b31m \\u009d0;title");
}

BOOST_AUTO_TEST_CASE(line_breaks_tabs_backspace_and_del_are_made_visible) {
  BOOST_TEST(for_terminal("one\ntwo\rthree\tfour\bfive\x7f") == "one\\x0atwo\\x0dthree\\x09four\\x08five\\x7f");
  BOOST_TEST(for_terminal(std::string("nul\0end", 7)) == "nul\\x00end");
  BOOST_TEST(for_terminal("a\xE2\x80\xA8" "b") == "a\\u2028b");
}

BOOST_AUTO_TEST_CASE(bidi_overrides_and_isolates_are_made_visible) {
  BOOST_TEST(for_terminal("invoice\xE2\x80\xAEgpj.exe") == "invoice\\u202egpj.exe");
  BOOST_TEST(for_terminal("\xE2\x80\xAA\xE2\x81\xA6x\xE2\x81\xA9") == "\\u202a\\u2066x\\u2069");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_bytes_are_made_visible_one_by_one) {
  BOOST_TEST(for_terminal("caf\xE9 \xFF\xC0\xAF end \xE2\x82") == "caf\\xe9 \\xff\\xc0\\xaf end \\xe2\\x82");
  BOOST_TEST(for_terminal("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // a surrogate
}

BOOST_AUTO_TEST_CASE(one_line_fields_lose_controls_and_keep_words_apart) {
  BOOST_TEST(without_controls("Breaking\x1b[2J news\ttoday\r\nand\xC2\x85then\xE2\x80\xAE!") == "Breaking[2J news today and then!");
  BOOST_TEST(without_controls("Ok \xE2\x80\x8F title") == "Ok \xE2\x80\x8F title");  // a right-to-left mark is harmless
}

BOOST_AUTO_TEST_CASE(bodies_keep_tabs_and_line_breaks_only) {
  BOOST_TEST(without_controls("Para one.\r\n\r\nPara\ttwo\x07\x08.\x0b" "end\xC2\x9B", true) == "Para one.\n\nPara\ttwo.\nend");
}

BOOST_AUTO_TEST_SUITE_END()
