// readers: what the HTML, JSON Lines and text readers make of a file's bytes.
// Pages are shaped like real news pages (scripts, menus, og: tags, share and
// comment widgets); JSON Lines files have broken and odd lines; text comes
// in the encodings old archives use.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "analysis/text_decoder.h"
#include "readers/article_reader.h"
#include "readers/html_reader.h"

using namespace wadi;

namespace {

ReadResult read(const std::string& name, std::string_view bytes) {
  return read_articles(FileContext{"/corpus/outlet/" + name, "2020-02-02", "outlet"}, bytes);
}

Article only(const ReadResult& r) {
  BOOST_REQUIRE_MESSAGE(r.skip_reason.empty(), "skipped: " + r.skip_reason);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  return r.articles[0];
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A page as news sites serve them: the article among scripts, menus,
// cookie banners, share buttons, related links, comments and footers.
const std::string kNewsPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lavrov says US invited to Syria talks | World | Hurriyet Daily News</title>
<meta property="og:title" content="Lavrov says US invited to Syria talks in Astana">
<meta property="og:site_name" content="Hurriyet Daily News">
<meta property="og:url" content="https://www.hurriyetdailynews.com/lavrov-says-us-invited-110812">
<meta property="article:published_time" content="2017-01-17T14:05:00+03:00">
<meta name="author" content="Anadolu Agency">
<meta name="description" content="Russia has invited the US to the Syria talks.">
<script>var slot = "<p>SCRIPT-TEXT</p>"; window.dataLayer = [];</script>
<style>.headline { font-weight: bold } /* STYLE-TEXT */</style>
</head>
<body class="article-page has-sidebar">
<header class="site-header"><a href="/">Home</a> <a href="/world">World</a> HEADER-TEXT</header>
<nav class="main-menu"><ul><li><a href="/economy">Economy</a></li><li><a href="/sports">NAV-TEXT</a></li></ul></nav>
<div class="cookie-consent">We use cookies. COOKIE-TEXT <button>Accept</button></div>
<main>
<article>
<h1>Lavrov says US invited to Syria talks in Astana</h1>
<div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a> SHARE-TEXT</div>
<div class="article-body">
<p>Russian Foreign Minister Sergei Lavrov said on Jan. 17 that the new U.S. administration has been invited to the Syria peace talks in Astana.</p>
<p>"We think it would be right to invite representatives of the U.S. to this meeting," Lavrov told a news conference in Moscow.</p>
<p>The talks between the Syrian government and rebel groups are due to start on Jan. 23.</p>
</div>
<aside class="related-news"><h3>Related</h3><ul><li><a href="/1">RELATED-TEXT Erdogan and Putin discuss Syria</a></li></ul></aside>
</article>
</main>
<div id="comments">COMMENT-TEXT</div>
<noscript>NOSCRIPT-TEXT</noscript>
<svg><text>SVG-TEXT</text></svg>
<template><p>TEMPLATE-TEXT</p></template>
<div style="display: none">HIDDEN-TEXT</div>
<footer class="site-footer">FOOTER-TEXT Copyright Hurriyet</footer>
</body>
</html>)";

}  // namespace

BOOST_AUTO_TEST_SUITE(readers)

BOOST_AUTO_TEST_CASE(format_follows_the_extension_in_any_case) {
  BOOST_TEST((format_of("a/b.html") == ArticleFormat::kHtml));
  BOOST_TEST((format_of("a/b.HTM") == ArticleFormat::kHtml));
  BOOST_TEST((format_of("a/b.xhtml") == ArticleFormat::kHtml));
  BOOST_TEST((format_of("a/b.jsonl") == ArticleFormat::kJsonLines));
  BOOST_TEST((format_of("a/b.NDJSON") == ArticleFormat::kJsonLines));
  BOOST_TEST((format_of("a/b.json") == ArticleFormat::kUnsupported));
}

// ---- HTML -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(html_metadata_comes_from_og_and_article_tags) {
  const Article& a = only(read("page.html", kNewsPage));
  BOOST_TEST(a.key == "/corpus/outlet/page.html");
  BOOST_TEST(a.title == "Lavrov says US invited to Syria talks in Astana");
  BOOST_TEST(a.date == "2017-01-17");
  BOOST_TEST((a.date_origin == DateOrigin::kGiven));
  BOOST_TEST(a.source == "Hurriyet Daily News");
  BOOST_TEST(a.author == "Anadolu Agency");
  BOOST_TEST(a.url == "https://www.hurriyetdailynews.com/lavrov-says-us-invited-110812");
  BOOST_TEST(a.language == "en");
}

BOOST_AUTO_TEST_CASE(html_body_is_the_visible_article_text_only) {
  const Article& a = only(read("page.html", kNewsPage));
  BOOST_TEST(has(a.body, "Russian Foreign Minister Sergei Lavrov said on Jan. 17"));
  BOOST_TEST(has(a.body, "due to start on Jan. 23."));
  for (const char* noise : {"SCRIPT-TEXT", "STYLE-TEXT", "HEADER-TEXT", "NAV-TEXT", "COOKIE-TEXT", "SHARE-TEXT",
                            "RELATED-TEXT", "COMMENT-TEXT", "NOSCRIPT-TEXT", "SVG-TEXT", "TEMPLATE-TEXT", "HIDDEN-TEXT",
                            "FOOTER-TEXT", "Accept"})
    BOOST_TEST(!has(a.body, noise), "body holds " << noise);
  BOOST_TEST(!has(a.body, "Lavrov says US invited"), "the headline is the title, not the body's first line");
}

BOOST_AUTO_TEST_CASE(html_paragraphs_become_blank_lines_and_br_a_line_break) {
  const Article& a = only(read("p.html", "<html><body><p>First  paragraph\n here.</p><p>Second<br>line two</p>"
                                         "<ul><li>one</li><li>two</li></ul></body></html>"));
  BOOST_TEST(a.body == "First paragraph here.\n\nSecond\nline two\n\none\ntwo");
}

BOOST_AUTO_TEST_CASE(html_title_without_og_loses_its_site_name_suffix) {
  std::string page = "<html><head><title>Astana talks end without a deal - BBC News</title>"
                     "<link rel=\"canonical\" href=\"https://www.bbc.com/news/world-38717070\"></head>"
                     "<body><p>The talks ended.</p></body></html>";
  BOOST_TEST(only(read("a.html", page)).title == "Astana talks end without a deal");
  page = "<html><head><title>Ceasefire holds in Idlib | Middle East | The Daily Courier</title></head>"
         "<body><p>The ceasefire held.</p></body></html>";
  BOOST_TEST(only(read("b.html", page)).title == "Ceasefire holds in Idlib");
  // A dash inside a headline is not a site suffix.
  page = "<html><head><title>Russia-Turkey deal: what it means for Aleppo</title></head><body><p>Text.</p></body></html>";
  BOOST_TEST(only(read("c.html", page)).title == "Russia-Turkey deal: what it means for Aleppo");
}

BOOST_AUTO_TEST_CASE(html_title_falls_back_to_the_first_h1) {
  const Article& a = only(read("a.html", "<html><body><div><h1>Aid convoy reaches Madaya</h1><p>Trucks arrived.</p></div></body></html>"));
  BOOST_TEST(a.title == "Aid convoy reaches Madaya");
  BOOST_TEST(a.body == "Trucks arrived.");
}

BOOST_AUTO_TEST_CASE(html_source_is_site_name_else_host_else_folder) {
  const Article& canonical = only(read("a.html", "<html><head><link rel=\"canonical\" href=\"https://www.aa.com.tr/en/x\">"
                                                 "</head><body><p>Text.</p></body></html>"));
  BOOST_TEST(canonical.source == "aa.com.tr");
  const Article& og_url = only(read("b.html", "<html><head><meta property=\"og:url\" content=\"http://tass.com/politics/925\">"
                                              "</head><body><p>Text.</p></body></html>"));
  BOOST_TEST(og_url.source == "tass.com");
  BOOST_TEST(only(read("c.html", "<html><body><p>Text.</p></body></html>")).source == "outlet");
}

BOOST_AUTO_TEST_CASE(html_dates_from_meta_time_and_json_ld) {
  auto date_of = [](const std::string& head, const std::string& body) {
    return only(read("d.html", "<html><head>" + head + "</head><body>" + body + "<p>Text.</p></body></html>")).date;
  };
  BOOST_TEST(date_of("<meta name=\"pubdate\" content=\"20170119\">", "") == "2017-01-19");
  BOOST_TEST(date_of("<meta name=\"dc.date\" content=\"2017-01-20\">", "") == "2017-01-20");
  BOOST_TEST(date_of("<meta itemprop=\"datePublished\" content=\"2017-01-21T08:00:00Z\">", "") == "2017-01-21");
  BOOST_TEST(date_of("", "<time datetime=\"2017-01-22T10:00\">Sunday</time>") == "2017-01-22");
  BOOST_TEST(date_of("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
                     "\"datePublished\":\"2017-01-23T09:00:00+03:00\"}</script>", "") == "2017-01-23");
  // The published time wins over a later <time> (an update, a comment).
  BOOST_TEST(date_of("<meta property=\"article:published_time\" content=\"2017-01-24\">",
                     "<time datetime=\"2017-02-01\">updated</time>") == "2017-01-24");
}

BOOST_AUTO_TEST_CASE(html_json_ld_gives_headline_author_and_publisher) {
  const Article& a = only(read("ld.html", R"(<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"},
     {"@type": ["NewsArticle"], "headline": "Water cut to Damascus", "datePublished": "2017-01-02",
      "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Omar Said"}],
      "publisher": {"@type": "Organization", "name": "Levant Post"}}]}
    </script></head><body><p>Springs were damaged.</p></body></html>)"));
  BOOST_TEST(a.title == "Water cut to Damascus");
  BOOST_TEST(a.author == "Ann Lee, Omar Said");
  BOOST_TEST(a.source == "Levant Post");
  BOOST_TEST(a.date == "2017-01-02");
}

BOOST_AUTO_TEST_CASE(html_prefers_the_article_over_teasers_around_it) {
  const Article& a = only(read("a.html", R"(<html><body>
    <div class="teaser"><p>Teaser one about football and the weather in Ankara today.</p></div>
    <article><p>The main story: delegations from Damascus and the armed opposition met in Astana on Monday
      for talks brokered by Russia, Turkey and Iran.</p><p>A second paragraph of the main story.</p></article>
    <div class="teaser"><p>Teaser two about markets.</p></div></body></html>)"));
  BOOST_TEST(has(a.body, "The main story"));
  BOOST_TEST(!has(a.body, "Teaser"));
}

BOOST_AUTO_TEST_CASE(html_page_wrapped_in_a_form_keeps_its_text) {
  // Some content systems put the whole page in one <form>; it is not a widget.
  const Article& a = only(read("a.html", R"(<html><body><form id="aspnetForm" action="/page.aspx">
    <div id="menu"><a href="/">Home</a></div>
    <div class="content"><p>Turkish and Russian officials said the ceasefire in Syria was largely holding,
      despite reports of clashes near Wadi Barada outside Damascus.</p></div></form></body></html>)"));
  BOOST_TEST(has(a.body, "ceasefire in Syria was largely holding"));
  BOOST_TEST(!has(a.body, "Home"));
}

BOOST_AUTO_TEST_CASE(html_blocks_of_links_are_dropped) {
  const Article& a = only(read("a.html", R"(<html><body><div>
    <p>Syrian rebels said they would attend the Astana talks, but only to discuss the ceasefire and nothing else at all.</p>
    <div><a href="/1">Link one</a> <a href="/2">Link two</a> <a href="/3">Link three</a></div></div></body></html>)"));
  BOOST_TEST(has(a.body, "Syrian rebels said"));
  BOOST_TEST(!has(a.body, "Link two"));
}

BOOST_AUTO_TEST_CASE(html_lang_attribute_sets_the_language) {
  BOOST_TEST(only(read("a.html", "<html lang=\"fr-FR\"><body><p>Texte court.</p></body></html>")).language == "fr");
  // A template's lang="en" does not hold against a long Russian text.
  std::string russian;
  for (int i = 0; i < 6; ++i) russian += "Министр иностранных дел России заявил, что переговоры в Астане продолжатся. ";
  BOOST_TEST(only(read("b.html", "<html lang=\"en\"><body><p>" + russian + "</p></body></html>")).language == "ru");
}

BOOST_AUTO_TEST_CASE(html_declared_charset_reads_legacy_bytes) {
  // "Лавров" in windows-1251, declared with http-equiv.
  std::string page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
                     "</head><body><p>\xCB\xE0\xE2\xF0\xEE\xE2</p></body></html>";
  BOOST_TEST(has(only(read("a.html", page)).body, "Лавров"));
  // "négociation" in Latin-1, declared as iso-8859-1 (read as windows-1252, like browsers do).
  page = "<html><head><meta charset=\"ISO-8859-1\"><title>La n\xE9gociation</title></head><body><p>Texte.</p></body></html>";
  BOOST_TEST(only(read("b.html", page)).title == "La négociation");
}

BOOST_AUTO_TEST_CASE(declared_charset_reads_meta_tags) {
  BOOST_TEST(declared_charset("<meta charset=\"windows-1256\">") == "windows-1256");
  BOOST_TEST(declared_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=KOI8-R\">") == "koi8-r");
  BOOST_TEST(declared_charset("<meta charset=latin1>") == "windows-1252");
  BOOST_TEST(declared_charset("<meta name=\"x\" content=\"y\"><p>charset=utf-8 in text</p>") == "");
}

BOOST_AUTO_TEST_CASE(html_nested_a_million_deep_is_read_as_text_quickly) {
  std::string page = "<html><body>";
  for (int i = 0; i < 1'000'000; ++i) page += "<div>";
  page += "deep text";
  auto start = std::chrono::steady_clock::now();
  ReadResult r = read("deep.html", page);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds < 5.0);
  BOOST_TEST(only(r).body == "deep text");
  BOOST_REQUIRE_EQUAL(r.problems.size(), 1u);
  BOOST_TEST(has(r.problems[0], "nested too deeply"));
}

BOOST_AUTO_TEST_CASE(html_element_with_half_a_million_attributes_is_read_as_text_quickly) {
  // gumbo compares each attribute with all before it: over 5 minutes.
  std::string page = "<html><head><title>Many attributes</title></head><body><div";
  for (int i = 0; i < 500'000; ++i) page += " a" + std::to_string(i) + "=\"v\"";
  page += "><p>the visible text</p></div></body></html>";
  auto start = std::chrono::steady_clock::now();
  ReadResult r = read("attributes.html", page);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds < 2.0);
  const Article& a = only(r);
  BOOST_TEST(a.title == "Many attributes");
  BOOST_TEST(a.body == "the visible text");
  BOOST_REQUIRE_EQUAL(r.problems.size(), 1u);
  BOOST_TEST(r.problems[0] == "HTML with too many attributes to parse: read as text without tags");
}

BOOST_AUTO_TEST_CASE(html_attributes_in_quotes_and_ordinary_pages_are_parsed) {
  // A '>' inside a quoted value does not end the tag, and a page's usual
  // few attributes per element, even thousands of elements, are parsed.
  std::string page = "<html><head><title>Quoted</title><meta property=\"og:title\" content=\"A > B headline\"></head><body>";
  for (int i = 0; i < 5000; ++i) page += "<p class=\"para x\" id=p" + std::to_string(i) + " data-a='1' hidden-not>word" + std::to_string(i) + "</p>";
  page += "</body></html>";
  ReadResult r = read("ordinary.html", page);
  BOOST_TEST(r.problems.empty());
  BOOST_TEST(only(r).title == "A > B headline");
}

BOOST_AUTO_TEST_CASE(html_of_millions_of_small_elements_is_read_as_text) {
  // 7 MB, under the size limit, but gumbo's tree would take seconds and
  // hundreds of megabytes.
  std::string page = "<html><body>";
  for (int i = 0; i < 600'000; ++i) page += "<b>w</b> ";
  auto start = std::chrono::steady_clock::now();
  ReadResult r = read("dense.html", page);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds < 3.0);
  BOOST_REQUIRE_EQUAL(r.problems.size(), 1u);
  BOOST_TEST(r.problems[0] == "HTML with too many elements to parse: read as text without tags");
}

BOOST_AUTO_TEST_CASE(html_with_broken_bytes_and_markup_is_still_read) {
  const Article& a = only(read("a.html", "<html><body><p>Caf\xC3\xA9 \xFF\xFE broken <b><i>unclosed <table><td>cell"
                                         "</p></div></span>&amp; &#1051;&#x430;"));
  BOOST_TEST(has(a.body, "broken"));
  BOOST_TEST(has(a.body, "& Ла"));
}

// Regression (found by tests/fuzz html_reader): gumbo turned an overflowing
// numeric reference into a lone 0x92 byte in the text.
BOOST_AUTO_TEST_CASE(html_overflowing_character_reference_gives_valid_utf8) {
  Article a = only(read("overflow.html", "<html><head><title>Talks &#xDDDDDDDDDDDDD92; resume</title></head>"
                                         "<body><p>Peace talks &&#xDDDDDDDDDDDDD92; resume in Astana &#x92; today.</p></body></html>"));
  for (const std::string* text : {&a.title, &a.body, &a.source, &a.author, &a.url, &a.key})
    BOOST_TEST(is_valid_utf8(*text), *text);
  BOOST_TEST(has(a.body, "resume in Astana"));
}

BOOST_AUTO_TEST_CASE(html_page_with_nothing_to_read_is_skipped) {
  ReadResult r = read("a.html", "<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>");
  BOOST_TEST(r.articles.empty());
  BOOST_TEST(!r.skip_reason.empty());
}

// ---- JSON Lines -------------------------------------------------------

BOOST_AUTO_TEST_CASE(jsonl_fields_are_honoured) {
  const Article& a = only(read("feed.jsonl",
      R"({"id": "r-1", "title": "Cocoa talks", "body": "Cocoa producers met.", "date": "1987-02-26T15:01:01",)"
      R"( "url": "https://x.example/1", "source": "Reuters", "author": ["Ann Lee", "Bo Li"], "lang": "EN",)"
      R"( "topics": ["cocoa"], "places": ["el-salvador"]})"));
  BOOST_TEST(a.key == "/corpus/outlet/feed.jsonl#r-1");
  BOOST_TEST(a.path == "/corpus/outlet/feed.jsonl");
  BOOST_TEST(a.title == "Cocoa talks");
  BOOST_TEST(a.body == "Cocoa producers met.");
  BOOST_TEST(a.date == "1987-02-26");
  BOOST_TEST((a.date_origin == DateOrigin::kGiven));
  BOOST_TEST(a.url == "https://x.example/1");
  BOOST_TEST(a.source == "Reuters");
  BOOST_TEST(a.author == "Ann Lee, Bo Li");
  BOOST_TEST(a.language == "en");
  BOOST_TEST(!has(a.body, "el-salvador"), "topics and places stay out of the body");
}

BOOST_AUTO_TEST_CASE(jsonl_key_is_id_else_url_else_line_number) {
  ReadResult r = read("feed.jsonl", "{\"id\": 42, \"text\": \"one\"}\n"
                                    "{\"url\": \"https://x.example/a\", \"content\": \"two\"}\n"
                                    "\n"
                                    "{\"body\": \"four\"}\n");
  BOOST_REQUIRE_EQUAL(r.articles.size(), 3u);
  BOOST_TEST(r.articles[0].key == "/corpus/outlet/feed.jsonl#42");
  BOOST_TEST(r.articles[1].key == "/corpus/outlet/feed.jsonl#https://x.example/a");
  BOOST_TEST(r.articles[2].key == "/corpus/outlet/feed.jsonl#4");
  BOOST_TEST(r.articles[1].body == "two");
  BOOST_TEST(r.problems.empty());
}

BOOST_AUTO_TEST_CASE(jsonl_broken_line_is_reported_with_its_number_and_the_rest_kept) {
  ReadResult r = read("feed.jsonl", "{\"id\": \"a\", \"title\": \"First\"}\r\n"
                                    "{\"id\": \"b\", \"title\": \"Broken\"\r\n"
                                    "[1, 2]\r\n"
                                    "{\"id\": \"c\", \"date\": \"2017-01-01\"}\r\n"
                                    "{\"id\": \"d\", \"title\": \"Last\"}");
  BOOST_REQUIRE_EQUAL(r.articles.size(), 2u);
  BOOST_TEST(r.articles[0].title == "First");
  BOOST_TEST(r.articles[1].title == "Last");
  BOOST_REQUIRE_EQUAL(r.problems.size(), 3u);
  BOOST_TEST(r.problems[0].rfind("line 2: invalid JSON", 0) == 0, r.problems[0]);
  BOOST_TEST(r.problems[1] == "line 3: not a JSON object but a list");
  BOOST_TEST(r.problems[2].rfind("line 4: no text", 0) == 0, r.problems[2]);
  BOOST_TEST(r.skip_reason.empty());
}

BOOST_AUTO_TEST_CASE(jsonl_dates_in_epoch_seconds_milliseconds_and_words) {
  ReadResult r = read("feed.jsonl", "{\"title\": \"a\", \"date\": 1485129600}\n"
                                    "{\"title\": \"b\", \"date\": 1485129600000}\n"
                                    "{\"title\": \"c\", \"date\": \"1485129600\"}\n"
                                    "{\"title\": \"d\", \"date\": \"January 23, 2017\"}\n"
                                    "{\"title\": \"e\", \"date\": \"Mon, 23 Jan 2017 10:00:00 +0300\"}\n");
  BOOST_REQUIRE_EQUAL(r.articles.size(), 5u);
  for (const Article& a : r.articles) BOOST_TEST(a.date == "2017-01-23", a.title << ": " << a.date);
}

BOOST_AUTO_TEST_CASE(jsonl_fields_of_the_wrong_type_are_reported_and_ignored) {
  ReadResult r = read("feed.jsonl", "{\"title\": 5, \"body\": \"Text.\", \"date\": {\"y\": 2017}, \"source\": [1, 2],"
                                    " \"lang\": true, \"author\": {\"name\": \"Ann\"}}\n");
  const Article& a = only(r);
  BOOST_TEST(a.body == "Text.");
  BOOST_TEST(a.author == "Ann");
  BOOST_TEST(a.source == "outlet");
  BOOST_TEST(r.problems.size() == 4u);
  for (const std::string& p : r.problems) BOOST_TEST(p.rfind("line 1: ", 0) == 0, p);
}

BOOST_AUTO_TEST_CASE(jsonl_body_may_be_a_list_of_paragraphs) {
  BOOST_TEST(only(read("feed.jsonl", R"({"title": "t", "body": ["One.", "Two."]})")).body == "One.\n\nTwo.");
}

BOOST_AUTO_TEST_CASE(jsonl_repeated_id_is_reported_and_skipped) {
  ReadResult r = read("feed.jsonl", "{\"id\": \"x\", \"title\": \"first\"}\n{\"id\": \"x\", \"title\": \"second\"}\n");
  BOOST_TEST(only(r).title == "first");
  BOOST_REQUIRE_EQUAL(r.problems.size(), 1u);
  BOOST_TEST(r.problems[0] == "line 2: same id as line 1: skipped");
}

BOOST_AUTO_TEST_CASE(jsonl_file_without_one_good_line_is_skipped_and_says_why) {
  ReadResult r = read("feed.jsonl", "not json\n{\"a\": 1}\n");
  BOOST_TEST(r.articles.empty());
  BOOST_TEST(r.skip_reason == "no readable JSON line");
  BOOST_TEST(r.problems.size() == 2u);
}

BOOST_AUTO_TEST_CASE(jsonl_many_bad_lines_are_counted_not_all_listed) {
  std::string lines = "{\"title\": \"good\"}\n";
  for (int i = 0; i < 1000; ++i) lines += "garbage\n";
  ReadResult r = read("feed.jsonl", lines);
  BOOST_TEST(only(r).title == "good");
  BOOST_TEST(r.problems.size() <= 21u);
  BOOST_TEST(r.problems.back() == "... and 980 more problems in this file");
}

BOOST_AUTO_TEST_CASE(jsonl_hostile_lines_do_not_crash) {
  std::string open(200'000, '['), close(200'000, ']');
  std::string huge = "{\"title\": \"big\", \"body\": \"" + std::string(8 << 20, 'x') + "\"}";
  std::string bad_escape = R"({"title": "a\ud800b", "body": "\u0000zero"})";
  std::string deep_fields = "{\"title\": \"deep\", \"date\": " + open + close + ", \"tags\": " + open + close + "}";
  ReadResult r = read("feed.jsonl", open + "\n" + huge + "\n" + bad_escape + "\n" + open + close + "\n" + deep_fields +
                                        "\n{\"title\": \"after\"}\n");
  BOOST_REQUIRE_GE(r.articles.size(), 2u);
  BOOST_TEST(r.articles.front().title == "big");
  BOOST_TEST(r.articles.back().title == "after");
  BOOST_TEST(r.problems.front().rfind("line 1: invalid JSON", 0) == 0, r.problems.front());
}

BOOST_AUTO_TEST_CASE(jsonl_in_latin1_is_decoded) {
  const Article& a = only(read("feed.jsonl", "{\"title\": \"Caf\xE9 au Br\xE9sil\", \"body\": \"Le caf\xE9 est cher.\"}\n"));
  BOOST_TEST(a.title == "Café au Brésil");
}

// ---- encodings of text files ------------------------------------------

BOOST_AUTO_TEST_CASE(text_in_latin1_is_decoded) {
  const Article& a = only(read("a.txt", "Gespr\xE4""che in Astana\n\nDer Au\xDF""enminister begr\xFC\xDF""te die Gespr\xE4""che "
                                        "\xFC""ber die Waffenruhe in Syrien am Montag in Berlin."));
  BOOST_TEST(a.title == "Gespräche in Astana");
  BOOST_TEST(has(a.body, "Außenminister begrüßte"));
}

BOOST_AUTO_TEST_CASE(text_in_windows_1251_is_decoded) {
  // "Переговоры в Астане\n\nСергей Лавров заявил о переговорах в Астане..." in windows-1251.
  std::string bytes =
      "\xCF\xE5\xF0\xE5\xE3\xEE\xE2\xEE\xF0\xFB \xE2 \xC0\xF1\xF2\xE0\xED\xE5\n\n"
      "\xD1\xE5\xF0\xE3\xE5\xE9 \xCB\xE0\xE2\xF0\xEE\xE2 \xE7\xE0\xFF\xE2\xE8\xEB \xEE \xEF\xE5\xF0\xE5\xE3\xEE\xE2\xEE"
      "\xF0\xE0\xF5 \xE2 \xC0\xF1\xF2\xE0\xED\xE5 \xE8 \xEE \xEF\xE5\xF0\xE5\xEC\xE8\xF0\xE8\xE8 \xE2 \xD1\xE8\xF0\xE8\xE8.";
  const Article& a = only(read("a.txt", bytes));
  BOOST_TEST(a.title == "Переговоры в Астане");
  BOOST_TEST(has(a.body, "Сергей Лавров заявил о переговорах"));
  BOOST_TEST(a.language == "ru");
}

BOOST_AUTO_TEST_CASE(text_in_utf16_with_bom_is_decoded) {
  auto utf16 = [](const std::u16string& s, bool little) {
    std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
    for (char16_t c : s) {
      char lo = static_cast<char>(c & 0xFF), hi = static_cast<char>(c >> 8);
      out += little ? std::string{lo, hi} : std::string{hi, lo};
    }
    return out;
  };
  std::u16string text = u"和平谈判\n\n叙利亚和平谈判在阿斯塔纳举行。";
  BOOST_TEST(only(read("le.txt", utf16(text, true))).title == "和平谈判");
  BOOST_TEST(has(only(read("be.txt", utf16(text, false))).body, "阿斯塔纳"));
}

BOOST_AUTO_TEST_CASE(text_with_utf8_bom_loses_the_bom) {
  BOOST_TEST(only(read("a.txt", "\xEF\xBB\xBFHeadline here\n\nBody text.")).title == "Headline here");
}

BOOST_AUTO_TEST_CASE(binary_file_is_skipped_with_a_reason) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  for (const char* name : {"image.txt", "image.html", "image.jsonl"}) {
    ReadResult r = read(name, png);
    BOOST_TEST(r.articles.empty(), name);
    BOOST_TEST(has(r.skip_reason, "binary"), name << ": " << r.skip_reason);
  }
}

BOOST_AUTO_TEST_SUITE_END()
