// metadata: titles and dates found in the text of the two seed articles and
// in the shapes news files come in.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "e2e_support.h"
#include "metadata.h"

namespace {

std::string seed(const std::string& relative) {
  std::ifstream in(wadi::test::seed_corpus() / relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kHurriyet = "hurriyet-daily-news/lavrov-says-us-invited-to-syria-talks-in-astana.txt";
const char* kFreeWestMedia = "free-west-media/syria-peace-talks-in-astana-without-the-us.txt";

}  // namespace

BOOST_AUTO_TEST_SUITE(metadata)

BOOST_AUTO_TEST_CASE(hurriyet_headline_is_the_title_and_indexed_once) {
  wadi::Headline h = wadi::split_headline(seed(kHurriyet));
  BOOST_TEST(h.title == "Lavrov says US invited to Syria talks in Astana");
  BOOST_TEST(h.body.find("Lavrov says US invited") == std::string::npos);
  BOOST_TEST(h.body.rfind("MOSCOW", 0) == 0);
}

BOOST_AUTO_TEST_CASE(free_west_media_has_no_headline_so_the_first_sentence_is_cut) {
  std::string text = seed(kFreeWestMedia);
  wadi::Headline h = wadi::split_headline(text);
  BOOST_TEST(h.title.empty());
  std::string title = wadi::first_sentence(h.body);
  BOOST_TEST(title.rfind("The Syrian peace talks, set to begin on Monday", 0) == 0);
  BOOST_TEST(title.size() <= 115u);
  BOOST_TEST(title.substr(title.size() - 3) == "…");
  BOOST_TEST(title.find("composed") != std::string::npos);  // cut at a word boundary, not mid-word
}

BOOST_AUTO_TEST_CASE(seeds_have_no_dateline_so_the_file_date_is_used) {
  for (const char* path : {kHurriyet, kFreeWestMedia}) {
    wadi::Article a;
    a.body = wadi::split_headline(seed(path)).body;
    wadi::complete_metadata(a, "2017-01-20", "outlet");
    BOOST_TEST(a.date == "2017-01-20");
    BOOST_TEST(std::string(wadi::to_string(a.date_origin)) == "mtime");
    BOOST_TEST(a.language == "en");
    BOOST_TEST(a.source == "outlet");
  }
}

BOOST_AUTO_TEST_CASE(first_sentence_ends_at_the_period_not_at_abbreviations) {
  BOOST_TEST(wadi::first_sentence("The U.S. envoy met Mr. Lavrov on Jan. 19. Then he left.") ==
             "The U.S. envoy met Mr. Lavrov on Jan. 19");
  BOOST_TEST(wadi::first_sentence("叙利亚和平谈判开始。第二句。") == "叙利亚和平谈判开始。");
  BOOST_TEST(wadi::first_sentence("Short") == "Short");
  // A period after a space still ends the sentence (typed or OCRed text).
  BOOST_TEST(wadi::first_sentence("on the bending of a clamped plate .\non the bending of a clamped plate .") ==
             "on the bending of a clamped plate");
}

BOOST_AUTO_TEST_CASE(finds_a_date_line_among_the_first_lines) {
  BOOST_TEST(wadi::find_dateline("BAHIA COCOA REVIEW\n26-FEB-1987 15:01:01.79\n\nShowers continued") == "1987-02-26");
  BOOST_TEST(wadi::find_dateline("Title\nJanuary 19, 2017\nBody text") == "2017-01-19");
  BOOST_TEST(wadi::find_dateline("Title\nPublished 2017-01-18T10:00:00Z\nBody") == "2017-01-18");
  BOOST_TEST(wadi::find_dateline("Title\nMOSCOW, 19 Jan 2017 (Reuters) - Russia said") == "2017-01-19");
  BOOST_TEST(wadi::find_dateline("No date here at all.\nNone here either.") == "");
}

BOOST_AUTO_TEST_CASE(ignores_dates_deep_in_long_paragraphs) {
  std::string paragraph(200, 'x');
  BOOST_TEST(wadi::find_dateline("Title\n" + paragraph + " since Dec. 30, 2016 and more\n") == "");
}

BOOST_AUTO_TEST_CASE(parses_given_dates_in_common_formats) {
  BOOST_TEST(wadi::parse_date("2017-01-19T08:30:00+03:00") == "2017-01-19");
  BOOST_TEST(wadi::parse_date("Thu, 19 Jan 2017 08:30:00 GMT") == "2017-01-19");
  BOOST_TEST(wadi::parse_date("Jan. 19, 2017") == "2017-01-19");
  BOOST_TEST(wadi::parse_date("19/01/2017") == "2017-01-19");
  BOOST_TEST(wadi::parse_date("01/19/2017") == "2017-01-19");
  BOOST_TEST(wadi::parse_date("20170119") == "2017-01-19");
  BOOST_TEST(wadi::parse_date("2017-13-45") == "");
  BOOST_TEST(wadi::parse_date("yesterday") == "");
}

BOOST_AUTO_TEST_CASE(a_given_date_wins_over_the_text) {
  wadi::Article a;
  a.body = "Title\n2001-02-03\nbody";
  a.date = "2017-01-19";
  wadi::complete_metadata(a, "2020-01-01", "");
  BOOST_TEST(a.date == "2017-01-19");
  BOOST_TEST(std::string(wadi::to_string(a.date_origin)) == "given");
}

BOOST_AUTO_TEST_SUITE_END()
