// html_extraction: which block of a web page is the story, and where its
// metadata comes from. Each page is small and hand-written, shaped like the
// news pages that broke a rule: teaser cards and comments marked up as
// <article>, rails of teasers with summaries, a whole page wrapped in one
// <article>, site names on og:title, JSON-LD in CDATA or of an unusual type,
// bylines only in the visible page, an "updated" date before the published one.
#include <boost/test/unit_test.hpp>

#include "e2e_support.h"
#include "readers/article_reader.h"

using namespace wadi;

namespace {

Article read_page(const std::string& html) {
  ReadResult r = read_articles(FileContext{"/corpus/site/page.html", "2020-02-02", "site"}, html);
  BOOST_REQUIRE_MESSAGE(r.skip_reason.empty(), "skipped: " + r.skip_reason);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  return r.articles[0];
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The story: enough paragraph text to be the page's main prose.
const std::string kStory =
    "<p>The ceasefire around the valley held through the night, residents said on Tuesday, as engineers "
    "reached the spring that supplies the capital with most of its water.</p>"
    "<p>Repairs to the pumping station could take weeks, a spokesman for the water authority said, and "
    "tankers will supply the eastern districts until then.</p>";

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" + head + "</head><body>" + body +
         "</body></html>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(html_extraction)

// ---- which block is the story --------------------------------------------

BOOST_AUTO_TEST_CASE(a_teaser_card_article_is_never_the_story) {
  std::string cards;
  for (const char* t : {"Markets rally on trade hopes", "Storm closes northern roads"})
    cards += std::string("<article class=\"card\"><h3><a href=\"/x\">") + t +
             "</a></h3><p>A longer summary of this other story, with a sentence or two of its own text.</p></article>";
  Article a = read_page(page("<title>Valley water</title>", "<div class=\"story\">" + kStory + "</div><div>" + cards + "</div>"));
  BOOST_TEST(has(a.body, "ceasefire around the valley"), a.body);
  BOOST_TEST(!has(a.body, "Markets rally"), a.body);
}

BOOST_AUTO_TEST_CASE(reader_comments_are_not_kept_with_the_story) {
  std::string comments = "<section><h2>Top rated comments</h2>";
  for (const char* who : {"anna", "ben", "carl"})
    comments += std::string("<div class=\"c-item\"><b>") + who +
                "</b><p>I have lived here for years and the water was never this bad, said this reader.</p></div>";
  comments += "</section>";
  Article a = read_page(page("<title>Valley water</title>", "<div class=\"main\"><h1>Valley water</h1><div class=\"text\">" +
                                                               kStory + "</div>" + comments + "</div>"));
  BOOST_TEST(has(a.body, "pumping station"), a.body);
  BOOST_TEST(!has(a.body, "never this bad"), a.body);
  BOOST_TEST(!has(a.body, "Top rated comments"), a.body);
}

BOOST_AUTO_TEST_CASE(comments_marked_up_as_articles_inside_the_story_are_dropped) {
  std::string comments;
  for (int i = 0; i < 3; ++i)
    comments += "<article><p>First! This is the best report on the valley I have read this week.</p></article>";
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><h1>Valley water</h1><div class=\"body\">" + kStory + "</div>" + comments + "</article>"));
  BOOST_TEST(has(a.body, "pumping station"), a.body);
  BOOST_TEST(!has(a.body, "First!"), a.body);
}

BOOST_AUTO_TEST_CASE(a_related_rail_whose_teasers_carry_summaries_is_dropped) {
  std::string rail = "<div class=\"rail\">";
  for (const char* t : {"Aid convoy reaches town", "Talks resume in Geneva", "Bread prices climb again", "Schools reopen"})
    rail += std::string("<div class=\"item\"><h3><a href=\"/s\">") + t +
            "</a></h3><p>Summary of the story in one sentence that is longer than its headline.</p></div>";
  rail += "</div>";
  Article a = read_page(page("<title>Valley water</title>", "<main><div class=\"text\">" + kStory + "</div>" + rail + "</main>"));
  BOOST_TEST(has(a.body, "tankers will supply"), a.body);
  BOOST_TEST(!has(a.body, "Geneva"), a.body);
  BOOST_TEST(!has(a.body, "Summary of the story"), a.body);
}

BOOST_AUTO_TEST_CASE(a_rail_of_picture_teasers_whose_picture_and_title_link_the_same_page_is_dropped) {
  std::string rail = "<div><h2>Today on our site</h2>";
  for (const char* t : {"natural-relief", "nasal-relief", "pet-allergies"})
    rail += std::string("<div class=\"entry\"><a href=\"/ss/") + t + "\"><img src=\"t.jpg\"></a><div><a href=\"/ss/" + t +
            "\">Slideshow: " + t + "</a></div><div>Make these tweaks to your diet, home and lifestyle.</div></div>";
  rail += "</div>";
  Article a = read_page(page("<title>Valley water</title>", "<div class=\"col\">" + kStory + "</div>" + rail));
  BOOST_TEST(has(a.body, "pumping station"), a.body);
  BOOST_TEST(!has(a.body, "Make these tweaks"), a.body);
}

BOOST_AUTO_TEST_CASE(a_most_read_box_and_a_news_ticker_are_dropped) {
  std::string most_read = "<div class=\"most-read\"><ol>";
  for (const char* t : {"Bread prices climb", "Schools reopen", "Talks resume"})
    most_read += std::string("<li><a href=\"/m\">") + t + "</a> and a line of summary under the headline</li>";
  most_read += "</ol></div>";
  std::string ticker = "<div class=\"news-ticker\"><span>Breaking: markets close higher after a long and calm day</span></div>";
  Article a = read_page(page("<title>Valley water</title>", ticker + "<div class=\"col\">" + kStory + most_read + "</div>"));
  BOOST_TEST(has(a.body, "pumping station"), a.body);
  BOOST_TEST(!has(a.body, "line of summary"), a.body);
  BOOST_TEST(!has(a.body, "markets close higher"), a.body);
}

BOOST_AUTO_TEST_CASE(a_subheading_that_merely_starts_with_a_furniture_word_stays) {
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><section><h2>Popular anger grows</h2><p>Residents marched to the ministry.</p>"
                             "</section><section>" + kStory + "</section></article>"));
  BOOST_TEST(has(a.body, "Residents marched"), a.body);
}

BOOST_AUTO_TEST_CASE(a_marked_article_body_written_in_divs_beats_a_bio_in_paragraphs) {
  std::string body = "<div itemprop=\"articleBody\">";
  for (int i = 0; i < 4; ++i)
    body += "<div>The ceasefire around the valley held through the night, residents said, as engineers reached the "
            "spring that supplies the capital.</div>";
  body += "</div>";
  Article a = read_page(page("<title>Valley water</title>",
                             body + "<div class=\"bio\"><p>Jane Doe has covered the region for ten years and writes "
                                    "about water, energy and the towns along the river for this paper. Before that she reported from "
                                    "the capital for a news agency and taught journalism at the university.</p></div>"));
  BOOST_TEST(has(a.body, "engineers reached"), a.body);
  BOOST_TEST(!has(a.body, "covered the region"), a.body);
}

BOOST_AUTO_TEST_CASE(advertisement_labels_and_read_more_links_between_paragraphs_go) {
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><h1>Valley water</h1><p>The ceasefire around the valley held through the night.</p>"
                             "<div class=\"x1\">Advertisement</div><p><strong>Read more:</strong> <a href=\"/b\">Bread "
                             "prices climb again in the capital</a></p>" + kStory + "<p>Read more about the pumps in the "
                             "engineers' report, which the authority published on Monday.</p></article>"));
  BOOST_TEST(!has(a.body, "Advertisement"), a.body);
  BOOST_TEST(!has(a.body, "Bread prices"), a.body);
  BOOST_TEST(has(a.body, "Read more about the pumps"), a.body);  // the story's own words, no link
}

// Guards the rules above: a section page of teasers, with no story to tell
// them from, keeps its text rather than being skipped as empty.
BOOST_AUTO_TEST_CASE(a_page_of_teasers_only_keeps_its_text) {
  std::string list = "<ul>";
  for (const char* t : {"Aid convoy reaches town", "Talks resume in Geneva", "Bread prices climb again"})
    list += std::string("<li class=\"t\"><h3><a href=\"/s\">") + t + "</a></h3><p>Summary of " + t + ".</p></li>";
  Article a = read_page(page("<title>World news</title>", list + "</ul>"));
  BOOST_TEST(has(a.body, "Summary of Talks resume in Geneva"), a.body);
}

// Guards the rules above: a story's own list of links is no teaser list.
BOOST_AUTO_TEST_CASE(a_list_of_links_in_the_story_is_kept) {
  std::string list = "<ul><li><a href=\"/a\">the authority's statement</a>, issued on Monday</li>"
                     "<li><a href=\"/b\">the engineers' report</a>, in Arabic</li>"
                     "<li><a href=\"/c\">a map of the districts</a>, updated daily</li></ul>";
  Article a = read_page(page("<title>Valley water</title>", "<div>" + kStory + "<p>Sources:</p>" + list + "</div>"));
  BOOST_TEST(has(a.body, "the engineers' report"), a.body);
}

BOOST_AUTO_TEST_CASE(a_whole_page_article_keeps_neither_gallery_captions_nor_repeated_bylines) {
  std::string gallery = "<div class=\"gallery\">";
  for (int i = 1; i <= 3; ++i)
    gallery += "<figure><img src=\"" + std::to_string(i) + ".jpg\"><figcaption>Caption of picture " + std::to_string(i) +
               " in the gallery</figcaption></figure>";
  gallery += "</div>";
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><header><h1>Valley water</h1><p>By Jane Doe</p></header>" + kStory +
                                 "<p>By Jane Doe</p>" + gallery + "<p>By Jane Doe</p></article>"));
  BOOST_TEST(has(a.body, "pumping station"), a.body);
  BOOST_TEST(!has(a.body, "Caption of picture"), a.body);
  auto first = a.body.find("By Jane Doe");
  BOOST_TEST((first != std::string::npos && a.body.find("By Jane Doe", first + 1) == std::string::npos), a.body);
}

// ---- title ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(og_title_loses_its_site_name_suffix) {
  Article bbc = read_page(page("<meta property=\"og:title\" content=\"Talks collapse in Geneva - BBC News\">"
                               "<meta property=\"og:site_name\" content=\"BBC News\">",
                               kStory));
  BOOST_TEST(bbc.title == "Talks collapse in Geneva");
  Article guardian = read_page(page("<meta property=\"og:title\" content=\"Bread prices climb again | The Guardian\">"
                                    "<meta property=\"og:url\" content=\"https://www.theguardian.com/world/bread\">",
                                    kStory));
  BOOST_TEST(guardian.title == "Bread prices climb again");
  BOOST_TEST(guardian.source == "theguardian.com");
}

BOOST_AUTO_TEST_CASE(the_json_ld_headline_beats_an_og_title_written_for_social_media) {
  Article a = read_page(page("<meta property=\"og:title\" content=\"You won't believe what the engineers found\">"
                             R"(<script type="application/ld+json">{"@type": "NewsArticle",
                             "headline": "Engineers reach the valley's spring"}</script>)",
                             kStory));
  BOOST_TEST(a.title == "Engineers reach the valley's spring");
}

BOOST_AUTO_TEST_CASE(a_json_ld_headline_cut_short_yields_to_the_whole_og_title) {
  Article a = read_page(page("<meta property=\"og:title\" content=\"Engineers reach the valley's spring after weeks of talks\">"
                             R"(<script type="application/ld+json">{"@type": "NewsArticle",
                             "headline": "Engineers reach the valley's spring after…"}</script>)",
                             kStory));
  BOOST_TEST(a.title == "Engineers reach the valley's spring after weeks of talks");
}

BOOST_AUTO_TEST_CASE(a_short_site_name_goes_when_the_rest_is_what_an_h1_shows) {
  Article a = read_page(page("<title>Outside the web: standalone binaries · V8</title>",
                             "<header><h1>V8</h1></header><article><h1>Outside the web: standalone binaries</h1>" + kStory +
                                 "</article>"));
  BOOST_TEST(a.title == "Outside the web: standalone binaries");
}

// ---- date ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(json_ld_date_of_any_creative_work_type_is_read) {
  Article a = read_page(page(R"(<script type="application/ld+json">{"@context": "https://schema.org",
      "@type": "SocialMediaPosting", "headline": "Valley water", "datePublished": "2016-03-01T09:00:00Z"}</script>)",
                             kStory));
  BOOST_TEST(a.date == "2016-03-01");
  BOOST_CHECK(a.date_origin == DateOrigin::kGiven);
}

BOOST_AUTO_TEST_CASE(json_ld_wrapped_in_cdata_gives_author_date_and_publisher) {
  Article a = read_page(page(R"(<script type="application/ld+json">
      <![CDATA[
      {"@context": "http:\/\/schema.org", "@type": "NewsArticle", "headline": "Valley water",
       "datePublished": "2018-04-05T06:00", "author": {"@type": "Person", "name": "Daniel Roe"},
       "publisher": {"@type": "Organization", "name": "Valley Times"}}
      ]]>
      </script>)",
                             kStory));
  BOOST_TEST(a.date == "2018-04-05");
  BOOST_TEST(a.author == "Daniel Roe");
  BOOST_TEST(a.source == "Valley Times");
}

BOOST_AUTO_TEST_CASE(json_ld_graph_names_its_author_by_id) {
  Article a = read_page(page(R"(<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "@id": "https://v.example/#site", "name": "Valley Times"},
      {"@type": "BlogPosting", "@id": "https://v.example/a#post", "datePublished": "2019-05-06",
       "author": {"@id": "https://v.example/#/person/1"}},
      {"@type": "Person", "@id": "https://v.example/#/person/1", "name": "Kim Lee"}]}</script>)",
                             kStory));
  BOOST_TEST(a.author == "Kim Lee");
  BOOST_TEST(a.date == "2019-05-06");
}

BOOST_AUTO_TEST_CASE(the_pages_published_date_beats_a_last_updated_line) {
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><header><h1>Valley water</h1>"
                             "<p>Last updated <time datetime=\"2017-01-20T10:00\">January 20, 2017</time></p>"
                             "<p>Published <time datetime=\"2017-01-10T08:00\">January 10, 2017</time></p></header>" +
                                 kStory + "</article>"));
  BOOST_TEST(a.date == "2017-01-10");
}

BOOST_AUTO_TEST_CASE(a_json_ld_web_page_date_beats_a_last_updated_line_in_the_text) {
  Article a = read_page(page(R"(<script type="application/ld+json">[{"@type": "BreadcrumbList", "itemListElement": []},
      {"@type": "WebPage", "datePublished": "2020-07-10T14:15:42+00:00"}]</script>)",
                             "<div><p>Last Updated: January 7, 2025</p>" + kStory + "</div>"));
  BOOST_TEST(a.date == "2020-07-10");
}

BOOST_AUTO_TEST_CASE(json_ld_nested_a_million_deep_is_read_without_harm) {
  std::string deep = std::string(1'000'000, '[') + "\"x\"" + std::string(1'000'000, ']');
  for (const std::string& script : {R"({"@type": "NewsArticle", "author": {"name": )" + deep + "}}",
                                    R"({"@type": "NewsArticle", "@graph": )" + deep + "}", deep}) {
    Article a = read_page(page("<script type=\"application/ld+json\">" + script + "</script>", kStory));
    BOOST_TEST(has(a.body, "pumping station"));
  }
}

// ---- author --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_rel_author_link_is_the_byline) {
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><h1>Valley water</h1><div class=\"meta\"><span>by </span>"
                             "<a rel=\"author\" href=\"/people/jane-doe\">Jane Doe</a></div>" + kStory + "</article>"));
  BOOST_TEST(a.author == "Jane Doe");
}

BOOST_AUTO_TEST_CASE(a_byline_element_gives_its_name_without_by_and_without_its_date) {
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><h1>Valley water</h1><div class=\"FeatureByline\">By <b>Nathan Willis</b><br>"
                             "March 25, 2015</div>" + kStory + "</article>"));
  BOOST_TEST(a.author == "Nathan Willis");
}

BOOST_AUTO_TEST_CASE(a_byline_loses_what_follows_a_bar_a_dot_or_a_comma) {
  for (const char* byline : {"By Jane Doe | Reuters", "By Jane Doe · 5 min read", "By Jane Doe, Senior Writer"}) {
    Article a = read_page(page("<title>Valley water</title>", std::string("<article><h1>Valley water</h1><p class=\"byline\">") +
                                                                  byline + "</p>" + kStory + "</article>"));
    BOOST_TEST(a.author == "Jane Doe", byline);
  }
}

BOOST_AUTO_TEST_CASE(an_itemprop_author_gives_its_name) {
  Article a = read_page(page("<title>Valley water</title>",
                             "<article><h1>Valley water</h1><p><span itemprop=\"author\" itemscope "
                             "itemtype=\"http://schema.org/Person\"><span itemprop=\"name\">Ana Ruiz</span> —</span> "
                             "<time datetime=\"2013-09-29\">2013-09-29</time></p>" + kStory + "</article>"));
  BOOST_TEST(a.author == "Ana Ruiz");
}

BOOST_AUTO_TEST_CASE(author_meta_tags_of_every_kind_are_read) {
  for (const char* key : {"property=\"og:article:author\"", "name=\"article:author_name\"", "name=\"author\""}) {
    Article a = read_page(page(std::string("<meta ") + key + " content=\"By Sam Lee\">", kStory));
    BOOST_TEST(a.author == "Sam Lee", key);
  }
}

BOOST_AUTO_TEST_CASE(an_author_is_never_a_date_a_url_or_a_commenter) {
  Article a = read_page(page("<meta property=\"article:author\" content=\"https://www.facebook.com/valleytimes\">",
                             "<article><h1>Valley water</h1><span class=\"byline\">March 3, 2017</span>" + kStory +
                                 "</article><ol class=\"comment-list\"><li><cite class=\"author\">Troll King</cite>"
                                 "<p>Fake news.</p></li></ol>"));
  BOOST_TEST(a.author == "");
}

// ---- the binaries --------------------------------------------------------

BOOST_AUTO_TEST_CASE(search_shows_a_web_articles_url_and_byline_author) {
  wadi::test::TempDir dir;
  wadi::test::write_file(dir / "corpus/page.html",
                         page("<title>Valley water</title><meta property=\"og:url\" content=\"https://v.example/water\">",
                              "<article><h1>Valley water</h1><a rel=\"author\" href=\"/by/jane\">Jane Doe</a>" + kStory +
                                  "</article>"));
  std::string db = (dir / "db").string();
  wadi::test::Run indexed = wadi::test::index({"--db", db, (dir / "corpus").string()});
  BOOST_TEST_REQUIRE(indexed.status == 0, indexed.err);
  wadi::test::Run r = wadi::test::search({"--db", db, "--color", "never", "ceasefire"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(has(r.out, " · by Jane Doe · "), r.out);
  BOOST_TEST(has(r.out, "\n   https://v.example/water\n"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()
