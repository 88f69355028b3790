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
    wadi::complete_metadata(a, wadi::FileContext{"/corpus/outlet/article.txt", "2017-01-20", "outlet"});
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
  wadi::complete_metadata(a, wadi::FileContext{"/corpus/2019/05/06/a.txt", "2020-01-01", ""});
  BOOST_TEST(a.date == "2017-01-19");
  BOOST_TEST(std::string(wadi::to_string(a.date_origin)) == "given");
}

BOOST_AUTO_TEST_CASE(a_headline_ending_in_an_ellipsis_keeps_its_three_dots) {
  wadi::Headline h = wadi::split_headline("Talks stall again...\nThe envoys left Astana on Monday.");
  BOOST_TEST(h.title == "Talks stall again...");
  BOOST_TEST(wadi::first_sentence("Talks stall again...") == "Talks stall again...");
}

BOOST_AUTO_TEST_CASE(reads_the_date_from_paths_as_archives_name_them) {
  BOOST_TEST(wadi::date_from_path("/archive/2017/01/19/slug.txt") == "2017-01-19");
  BOOST_TEST(wadi::date_from_path("/archive/2017-01-19-slug.txt") == "2017-01-19");
  BOOST_TEST(wadi::date_from_path("/archive/20170119_slug.txt") == "2017-01-19");
  BOOST_TEST(wadi::date_from_path("/archive/outlet/2017_01_19/slug.md") == "2017-01-19");
  BOOST_TEST(wadi::date_from_path("/archive/2017/01/slug.txt") == "2017-01-01");  // month precision: its first day
  BOOST_TEST(wadi::date_from_path("/archive/2017-01-slug.txt") == "2017-01-01");
}

BOOST_AUTO_TEST_CASE(the_nearest_plausible_date_of_a_path_wins) {
  BOOST_TEST(wadi::date_from_path("/backup-2020-03-01/news/2016/12/31/x.txt") == "2016-12-31");
  BOOST_TEST(wadi::date_from_path("/a/b/c/2015/02/29/x.txt") == "2015-02-01");  // no 29 February in 2015
  BOOST_TEST(wadi::date_from_path("/a/2016/02/29/x.txt") == "2016-02-29");
  BOOST_TEST(wadi::date_from_path("/news/12345678.txt") == "");  // an id, not a date
  BOOST_TEST(wadi::date_from_path("/news/18991231-x.txt") == "");
  BOOST_TEST(wadi::date_from_path("/news/29990101-x.txt") == "");
  BOOST_TEST(wadi::date_from_path("/news/2017/13/x.txt") == "");
  BOOST_TEST(wadi::date_from_path("/news/2017/x.txt") == "");  // a year alone is no date
  BOOST_TEST(wadi::date_from_path("/news/syria-talks.txt") == "");
}

BOOST_AUTO_TEST_CASE(a_first_line_with_a_date_label_dates_the_article_and_is_not_its_title) {
  for (std::string line : {"Published: 19 January 2017", "Date: 2017-01-19", "Updated 19 Jan 2017 10:30 GMT",
                           "Posted on Thursday, January 19, 2017", "19.01.2017", "Last updated: 2017-01-19T08:00:00Z"}) {
    wadi::Headline h = wadi::split_headline(line + "\nTalks in Astana\nThe envoys met on Monday.");
    BOOST_TEST(h.date == "2017-01-19", line);
    BOOST_TEST(h.title == "Talks in Astana", line);
    BOOST_TEST(h.body == "The envoys met on Monday.", line);
  }
  wadi::Headline below = wadi::split_headline("Talks in Astana\nPublished: 19 January 2017\nThe envoys met.");
  BOOST_TEST(below.date == "2017-01-19");
  BOOST_TEST(below.body == "The envoys met.");
  // A headline or sentence that mentions a date is not a date line.
  BOOST_TEST(wadi::date_line("Talks set for 19 January 2017") == "");
  BOOST_TEST(wadi::date_line("MOSCOW, 19 Jan 2017 (Reuters) - Russia said") == "");
  BOOST_TEST(wadi::date_line("Published: 19 January 2017") == "2017-01-19");
}

BOOST_AUTO_TEST_CASE(dates_a_dateless_article_in_the_order_asked) {
  wadi::FileContext context{"/corpus/2016/05/04/x.txt", "2026-12-04", "outlet"};
  auto dated = [&](const wadi::DateOrder& order, const std::string& body) {
    wadi::Article a;
    a.body = body;
    context.date_order = order;
    wadi::complete_metadata(a, context);
    return a.date + " " + wadi::to_string(a.date_origin);
  };
  using S = wadi::DateSource;
  BOOST_TEST(dated({S::kText, S::kPath, S::kFileTime}, "Title\n2017-01-19\nbody") == "2017-01-19 text");
  BOOST_TEST(dated({S::kText, S::kPath, S::kFileTime}, "no date here") == "2016-05-04 path");
  BOOST_TEST(dated({S::kPath, S::kText}, "Title\n2017-01-19\nbody") == "2016-05-04 path");
  BOOST_TEST(dated({S::kFileTime, S::kText}, "Title\n2017-01-19\nbody") == "2026-12-04 mtime");
  BOOST_TEST(dated({S::kText}, "no date here") == " none");
  context.path = "/corpus/outlet/x.txt";
  BOOST_TEST(dated({S::kText, S::kPath, S::kFileTime}, "no date here") == "2026-12-04 mtime");
}

BOOST_AUTO_TEST_CASE(a_date_order_is_read_from_a_list_of_sources) {
  using S = wadi::DateSource;
  BOOST_TEST((wadi::parse_date_order("text,path,mtime") == wadi::DateOrder{S::kText, S::kPath, S::kFileTime}));
  BOOST_TEST((wadi::parse_date_order("path, mtime") == wadi::DateOrder{S::kPath, S::kFileTime}));
  BOOST_TEST(wadi::to_string(wadi::parse_date_order("mtime,text")) == "mtime,text");
  BOOST_CHECK_THROW(wadi::parse_date_order("text,when"), std::invalid_argument);
  BOOST_CHECK_THROW(wadi::parse_date_order("text,text"), std::invalid_argument);
  BOOST_CHECK_THROW(wadi::parse_date_order(""), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
