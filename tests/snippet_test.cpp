// snippet: the best passage, cut at word boundaries, with matches marked,
// also for stems and phrases.
#include <boost/test/unit_test.hpp>

#include <random>

#include "snippet.h"

namespace {

wadi::HighlightTerms stems_of(wadi::Analyzer& a, std::initializer_list<const char*> words) {
  wadi::HighlightTerms terms;
  for (const char* w : words) {
    terms.words.insert(a.fold(w));
    terms.stems.insert(a.stem(a.fold(w), "en"));
  }
  return terms;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(snippet)

BOOST_AUTO_TEST_CASE(marks_stemmed_forms_of_plain_words) {
  wadi::Analyzer a;
  wadi::Snippet s = wadi::make_snippet(a, "The peace talks in Astana begin on Monday.", stems_of(a, {"talk"}), "en");
  BOOST_TEST(wadi::render_marks(s, "[", "]") == "The peace [talks] in Astana begin on Monday.");
  BOOST_TEST(s.matched == std::vector<std::string>{"talks"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_word_written_with_a_symbol_marks_only_where_so_written) {
  wadi::Analyzer a;
  wadi::HighlightTerms terms;
  terms.words = {"XWo'sullivan", "XW3.5%"};
  terms.phrases = {{"XWat&t", "XWat&t", "said"}};
  wadi::Snippet s = wadi::make_snippet(a, "Sullivan and O'Sullivan: at T said 3.5 million; AT&T said it rose 3.5%.", terms, "en");
  BOOST_TEST(wadi::render_marks(s, "[", "]") == "Sullivan and [O'Sullivan]: at T said 3.5 million; [AT&T said] it rose [3.5%].");
}

BOOST_AUTO_TEST_CASE(adjacent_matches_form_one_mark) {
  wadi::Analyzer a;
  wadi::HighlightTerms phrase;
  phrase.words = {"wadi", "barada"};
  wadi::Snippet s = wadi::make_snippet(a, "besieged Wadi Barada, said Rahman.", phrase, "en");
  BOOST_TEST(wadi::render_marks(s, "[", "]") == "besieged [Wadi Barada], said Rahman.");
}

BOOST_AUTO_TEST_CASE(chooses_the_window_with_the_most_distinct_terms) {
  wadi::Analyzer a;
  std::string text;
  for (int i = 0; i < 40; ++i) text += "filler ";
  text += "astana once. ";
  for (int i = 0; i < 40; ++i) text += "filler ";
  text += "Here astana and geneva meet. ";
  for (int i = 0; i < 40; ++i) text += "filler ";
  wadi::Snippet s = wadi::make_snippet(a, text, stems_of(a, {"astana", "geneva"}), "en", 20);
  std::string shown = wadi::render_marks(s, "[", "]");
  BOOST_TEST(shown.find("[astana] and [geneva]") != std::string::npos);
  BOOST_TEST(shown.rfind("…", 0) == 0);
  BOOST_TEST(shown.substr(shown.size() - 3) == "…");
}

BOOST_AUTO_TEST_CASE(collapses_white_space_and_marks_prefixes) {
  wadi::Analyzer a;
  wadi::HighlightTerms terms;
  terms.prefixes = {"negotiat"};
  wadi::Snippet s = wadi::make_snippet(a, "The\n\n   negotiators\tarrived.", terms, "en");
  BOOST_TEST(wadi::render_marks(s, "<", ">") == "The <negotiators> arrived.");
}

BOOST_AUTO_TEST_CASE(no_match_shows_the_beginning) {
  wadi::Analyzer a;
  wadi::Snippet s = wadi::make_snippet(a, "First words of the article.", stems_of(a, {"absent"}), "en");
  BOOST_TEST(s.text == "First words of the article.");
  BOOST_TEST(s.marks.empty());
}

BOOST_AUTO_TEST_CASE(one_maker_serves_a_page_of_articles_in_several_languages) {
  // The maker remembers which words matched, per language: "running" has
  // the English stem "run" but is its own German stem.
  wadi::Analyzer a;
  wadi::HighlightTerms terms;
  terms.stems = {a.stem("run", "en")};
  wadi::SnippetMaker snippet(a, terms);
  BOOST_TEST(wadi::render_marks(snippet("They were running late.", "en"), "[", "]") == "They were [running] late.");
  BOOST_TEST(wadi::render_marks(snippet("Sie waren running.", "de"), "[", "]") == "Sie waren running.");
  BOOST_TEST(wadi::render_marks(snippet("Running, again.", "en"), "[", "]") == "[Running], again.");
  BOOST_TEST(wadi::render_marks(snippet("Running, wieder.", "de"), "[", "]") == "Running, wieder.");
}

BOOST_AUTO_TEST_CASE(marks_the_forms_a_word_searches_as_written_in_any_language) {
  // The archive's vocabulary lists the forms "run" searches; those are what
  // matched, so those are marked, whatever the article's language, and no
  // word is stemmed.
  wadi::Analyzer a;
  wadi::HighlightTerms terms;
  terms.words = {"run"};
  terms.forms = {"run", "running"};
  wadi::SnippetMaker snippet(a, terms);
  BOOST_TEST(wadi::render_marks(snippet("Sie waren running, er rennt.", "de"), "[", "]") == "Sie waren [running], er rennt.");
  BOOST_TEST(wadi::render_marks(snippet("A run; he runs.", "en"), "[", "]") == "A [run]; he runs.");
}

BOOST_AUTO_TEST_CASE(hyphen_joined_words_are_marked_whole_or_by_their_parts) {
  wadi::Analyzer a;
  wadi::HighlightTerms joined, part;
  joined.words = {"ceasefire"};
  part.words = {"fire"};
  const std::string text = "The cease-fire held; a cease-fire-talks plan.";
  BOOST_TEST(wadi::render_marks(wadi::make_snippet(a, text, joined, "en"), "[", "]") ==
             "The [cease-fire] held; a cease-fire-talks plan.");
  BOOST_TEST(wadi::render_marks(wadi::make_snippet(a, text, part, "en"), "[", "]") ==
             "The cease-[fire] held; a cease-[fire]-talks plan.");
}

// Without stems a snippet folds only the words that may match; with a stem
// that matches nothing it folds every word. Both must mark the same words.
BOOST_AUTO_TEST_CASE(folding_only_the_words_that_may_match_changes_no_snippet) {
  wadi::Analyzer a;
  const std::vector<std::string> words{"oil", "Oil", "prices", "cease", "fire", "cease-fire", "ceasefire", "talks",
                                       "U.S.", "us", "it's", "O'Neil", "neil", "Barada", "Wadi", "wadi", "Лавров",
                                       "lavrov", "3.5", "e-mail", "email", "--", "said", "Négociations"};
  std::mt19937 random(3);
  std::size_t wrong = 0, marked = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string text;
    for (int n = static_cast<int>(random() % 80); n > 0; --n) text += words[random() % words.size()] + (random() % 5 ? " " : ", ");
    wadi::HighlightTerms terms;
    for (int n = static_cast<int>(random() % 3); n > 0; --n) terms.words.insert(a.fold(words[random() % words.size()]));
    if (random() % 3 == 0) terms.forms.insert(a.fold(words[random() % words.size()]));
    if (random() % 4 == 0) terms.prefixes.push_back(a.fold(words[random() % words.size()]).substr(0, 2));
    if (random() % 3 == 0) terms.phrases.push_back({a.fold(words[random() % words.size()]), a.fold(words[random() % words.size()])});
    wadi::HighlightTerms stemmed = terms;
    stemmed.stems.insert("\x01");  // no word stems to this
    const wadi::Snippet fast = wadi::make_snippet(a, text, terms, "en"), slow = wadi::make_snippet(a, text, stemmed, "en");
    marked += !fast.marks.empty();
    if ((fast.text != slow.text || fast.marks != slow.marks || fast.matched != slow.matched) && ++wrong <= 5)
      BOOST_ERROR("snippets differ on [" << text << "]: " << wadi::render_marks(fast, "[", "]") << " against "
                                         << wadi::render_marks(slow, "[", "]"));
  }
  BOOST_TEST(wrong == 0u);
  BOOST_TEST(marked > 500u);
}

BOOST_AUTO_TEST_SUITE_END()
