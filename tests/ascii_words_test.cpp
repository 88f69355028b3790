// ascii_words: the word boundaries the Analyzer finds in ASCII text without
// ICU must be ICU's. Checked against ICU's own word break iterator on every
// short string over the characters its rules treat specially, on random
// text, and through Analyzer::tokenize on text mixing ASCII with other
// scripts, where ICU takes over between white space.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <random>
#include <sstream>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "analysis/analyzer.h"
#include "analysis/ascii_words.h"

namespace {

// ICU's words of `text`, each as "begin-end:kind".
class IcuWords {
 public:
  IcuWords() {
    UErrorCode status = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    BOOST_TEST_REQUIRE(U_SUCCESS(status));
  }

  std::vector<std::string> operator()(std::string_view text) {
    std::vector<std::string> out;
    UErrorCode status = U_ZERO_ERROR;
    UText* u = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    words_->setText(u, status);
    int32_t begin = words_->first();
    for (int32_t end = words_->next(); end != icu::BreakIterator::DONE; begin = end, end = words_->next()) {
      int32_t rule = words_->getRuleStatus();
      if (rule < UBRK_WORD_NONE_LIMIT) continue;
      out.push_back(describe(begin, end, rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT));
    }
    words_->setText(icu::UnicodeString());
    utext_close(u);
    return out;
  }

  static std::string describe(std::size_t begin, std::size_t end, bool number) {
    return std::to_string(begin) + "-" + std::to_string(end) + (number ? ":number" : ":word");
  }

 private:
  std::unique_ptr<icu::BreakIterator> words_;
};

std::vector<std::string> fast_words(std::string_view text) {
  std::vector<wadi::WordSpan> spans;
  wadi::split_ascii_words(text, spans);
  std::vector<std::string> out;
  for (const wadi::WordSpan& w : spans) out.push_back(IcuWords::describe(w.begin, w.end, w.number));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ascii_words)

BOOST_AUTO_TEST_CASE(examples_split_as_icu_splits_them) {
  IcuWords icu;
  for (const char* text : {"U.S. and U.N.", "3.5 percent", "1,000,000 dlrs", "can't won't", "e-mail",
                           "x3.5 and 3.5x", "foo@bar.com", "snake_case _ __ 1_ _1", "a:b", "1;2 a;b",
                           "end.Start", "a..b 1..2", "'quoted' \"double\"", "tab\tand\r\nlines"})
    BOOST_TEST(fast_words(text) == icu(text), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_short_string_of_the_characters_icu_treats_specially) {
  IcuWords icu;
  const std::string alphabet = "aZ1.',;_@ :-\"\t\n";
  std::string text;
  std::size_t checked = 0, wrong = 0;
  std::function<void(int)> grow = [&](int more) {
    ++checked;
    if (fast_words(text) != icu(text) && ++wrong <= 5) BOOST_ERROR("differs from ICU on [" << text << "]");
    if (more == 0) return;
    for (char c : alphabet) {
      text.push_back(c);
      grow(more - 1);
      text.pop_back();
    }
  };
  grow(4);
  BOOST_TEST(wrong == 0u);
  BOOST_TEST(checked > 50000u);
}

BOOST_AUTO_TEST_CASE(random_ascii_text) {
  IcuWords icu;
  std::mt19937 random(7);
  const std::string frequent = "aZq1.',;_@ -";
  std::size_t wrong = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = static_cast<int>(random() % 60); n > 0; --n)
      text += random() % 3 ? frequent[random() % frequent.size()] : static_cast<char>(1 + random() % 127);
    if (fast_words(text) != icu(text) && ++wrong <= 5) BOOST_ERROR("differs from ICU on [" << text << "]");
  }
  BOOST_TEST(wrong == 0u);
}

// tokenize() splits ASCII stretches itself and hands the rest to ICU: the
// words and their offsets are those of ICU over the whole text.
BOOST_AUTO_TEST_CASE(tokenize_on_mixed_scripts_finds_icu_s_words) {
  IcuWords icu;
  wadi::Analyzer analyzer;
  const std::vector<std::string> pieces{"oil", "U.S.", "3.5", "it's", "“quoted”", "Négociations", "Лавров",
                                        "переговоры", "谈判", "東京", "بردى", "—", "e-mail", "café", " ",
                                        "  ", "\n", ",", "x_1", "\xE2\x80\x99s", "\xFF", "ชาวไทย"};
  std::mt19937 random(11);
  std::size_t wrong = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = static_cast<int>(random() % 40); n > 0; --n) {
      text += pieces[random() % pieces.size()];
      if (random() % 4) text += ' ';
    }
    std::vector<std::string> from_tokens;
    for (const wadi::Token& t : analyzer.tokenize(text)) from_tokens.push_back(IcuWords::describe(t.begin, t.end, t.is_number));
    if (from_tokens != icu(text) && ++wrong <= 5) BOOST_ERROR("tokenize differs from ICU on [" << text << "]");
  }
  BOOST_TEST(wrong == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
