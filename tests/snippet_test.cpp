// snippet: the best passage, cut at word boundaries, with matches marked,
// also for stems and phrases.
#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
