// The server's web pages (searcher/server/pages.h) rendered from hand-made
// results and articles: what they show, what they link to, and that nothing
// an article or a query holds can become markup.
#include <boost/test/unit_test.hpp>

#include <regex>

#include "analysis/analyzer.h"
#include "page_links.h"
#include "pages.h"
#include "query_parser.h"
#include "timeline_svg.h"

namespace {

using wadi::server::PageRequest;

// What an attacker would put in any field: markup, a quote to leave an
// attribute, a terminal escape, a bidi override, an invalid UTF-8 byte.
const std::string kHostile = "<script>alert(1)</script>\"'\x1b[31m\u202e&\xff";

wadi::Hit hit(std::size_t rank, const std::string& key, const std::string& title, nlohmann::json more = {}) {
  nlohmann::json fields = {{"key", key}, {"path", key}, {"title", title}, {"date", "2017-01-20"},
                           {"date_from", "text"}, {"source", "Hürriyet Daily News"}, {"lang", "en"}};
  if (more.is_object()) fields.update(more);
  return wadi::Hit{rank, 1.0, 100, static_cast<Xapian::docid>(rank), fields, {}, {}, {}};
}

// A page of `hits` out of `matches` for "wadi barada".
wadi::SearchPage results(std::size_t matches, std::vector<wadi::Hit> hits) {
  wadi::SearchPage page;
  page.matches = page.matches_lower = page.matches_upper = static_cast<Xapian::doccount>(matches);
  page.hits = std::move(hits);
  return page;
}

PageRequest request(const std::string& query, std::size_t number = 1, wadi::SortOrder sort = wadi::SortOrder::kRelevance) {
  return PageRequest{query, number, sort};
}

std::size_t count_of(const std::string& text, const std::string& piece) {
  std::size_t n = 0;
  for (std::size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++n;
  return n;
}

// The page holds none of kHostile's dangers: no markup, no attribute
// quote left open, no control or bidi character, valid UTF-8.
void check_defused(const std::string& page) {
  BOOST_TEST(page.find("<script") == std::string::npos);
  BOOST_TEST(page.find("\x1b") == std::string::npos);
  BOOST_TEST(page.find("\u202e") == std::string::npos);
  BOOST_TEST(page.find('\xff') == std::string::npos);
  BOOST_TEST(page.find("\"'") == std::string::npos);  // the quotes of kHostile, raw
  BOOST_TEST(!std::regex_search(page, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)));  // no event handler
}

// The q parameter of a link (&amp; written as in the page), decoded.
std::string query_of_link(const std::string& href) {
  const std::size_t start = href.find("q=") + 2;
  const std::string encoded = href.substr(start, href.find("&amp;", start) - start);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

// The href of the first link whose text is `text`.
std::string link_to(const std::string& page, const std::string& text) {
  const std::smatch found = [&] {
    std::smatch m;
    std::regex_search(page, m, std::regex("<a href=\"([^\"]*)\"[^>]*>(<span[^>]*>)?" + text + "<"));
    return m;
  }();
  BOOST_REQUIRE_MESSAGE(!found.empty(), "no link reading " << text);
  return found[1].str();
}

std::string reading_of(const std::string& query) {
  wadi::Analyzer analyzer;
  wadi::QueryParser parser(analyzer, {"en"});
  return parser.parse(query).reading;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pages)

BOOST_AUTO_TEST_CASE(every_field_of_a_hit_is_escaped) {
  wadi::Hit h = hit(1, kHostile, kHostile, {{"source", kHostile}, {"author", kHostile}, {"url", kHostile},
                                             {"date", kHostile}, {"lang", kHostile}});
  h.snippet.text = "before " + kHostile + " after";
  h.snippet.marks = {{7, 7 + 8}};  // "<script>" marked
  wadi::SearchPage page = results(1, {h});
  const std::string html = wadi::server::search_page(request("wadi"), &page, "");
  check_defused(html);
  BOOST_TEST(html.find("<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(html.find("lang=\"<") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_query_is_escaped_in_the_box_the_title_and_the_links) {
  wadi::SearchPage page = results(25, {hit(1, "k", "Title")});
  page.suggestion = kHostile;
  page.parsed.notes = {"added the missing closing quote " + kHostile};
  const std::string html = wadi::server::search_page(request(kHostile), &page, "");
  check_defused(html);
  BOOST_TEST(html.find("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;") != std::string::npos);
  BOOST_TEST(html.find("<title>&lt;script&gt;") != std::string::npos);
  BOOST_TEST(html.find("Note: added the missing closing quote &lt;script&gt;") != std::string::npos);
  BOOST_TEST(html.find("/search?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E%22%27%1B") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keys_in_links_are_url_encoded) {
  wadi::SearchPage page = results(1, {hit(1, "/news/a b\"<x>&.txt#3", "T")});
  const std::string html = wadi::server::search_page(request("a&b"), &page, "");
  BOOST_TEST(html.find("href=\"/article/%2Fnews%2Fa%20b%22%3Cx%3E%26.txt%233?q=a%26b\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(facet_values_are_escaped_and_their_links_encoded) {
  wadi::SearchPage page = results(2, {hit(1, "k", "T")});
  page.facets["source"] = {{kHostile, 2}};
  page.facets["lang"] = {{kHostile, 1}};
  page.facets["year"] = {{kHostile, 1}};
  const std::string html = wadi::server::search_page(request("wadi"), &page, "");
  check_defused(html);
  BOOST_TEST(count_of(html, "<span dir=\"auto\">&lt;script&gt;") == 3u);
}

BOOST_AUTO_TEST_CASE(an_error_and_an_error_page_are_escaped) {
  const std::string with_error = wadi::server::search_page(request(kHostile), nullptr, "query error at column 3: " + kHostile);
  check_defused(with_error);
  BOOST_TEST(with_error.find("<p class=\"error\" role=\"alert\">query error at column 3: &lt;script&gt;") != std::string::npos);
  const std::string not_found = wadi::server::error_page(404, "no article has the key " + kHostile);
  check_defused(not_found);
  BOOST_TEST(not_found.find("404 Not found") != std::string::npos);
  BOOST_TEST(not_found.find("no article has the key &lt;script&gt;") != std::string::npos);
  BOOST_TEST(not_found.find("name=\"q\"") != std::string::npos);  // a search form to go on with
}

BOOST_AUTO_TEST_CASE(every_article_field_is_escaped_on_the_article_page) {
  wadi::schema::StoredArticle article;
  for (const char* field : {"key", "path", "title", "date", "date_from", "source", "author", "url", "lang"})
    article.fields[field] = kHostile;
  article.body = "first " + kHostile + "\nsecond";
  wadi::SearchPage similar = results(1, {hit(1, kHostile, kHostile)});
  const std::string html = wadi::server::article_page(article, kHostile, nullptr, &similar);
  check_defused(html);
  BOOST_TEST(html.find("<p dir=\"auto\">first &lt;script&gt;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_a_web_address_becomes_a_link) {
  wadi::schema::StoredArticle article;
  article.fields = {{"key", "k"}, {"title", "T"}};
  for (const std::string url : {"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<b>x</b>", "vbscript:x", "httpx://a", "http:alert(1)"}) {
    article.fields["url"] = url;
    const std::string html = wadi::server::article_page(article, "", nullptr, nullptr);
    BOOST_TEST(html.find("<dt>Original</dt><dd><a") == std::string::npos, url);
    BOOST_TEST(html.find("<dt>Original</dt>") != std::string::npos, url);  // shown, as text
  }
  article.fields["url"] = "HTTPS://example.com/a?b=1&c=\"2\"";
  const std::string html = wadi::server::article_page(article, "", nullptr, nullptr);
  BOOST_TEST(html.find("<a href=\"HTTPS://example.com/a?b=1&amp;c=&quot;2&quot;\" rel=\"noopener noreferrer nofollow\">") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_arabic_article_reads_right_to_left) {
  wadi::schema::StoredArticle article;
  article.fields = {{"key", "k"}, {"title", "محادثات السلام في أستانا"}, {"lang", "ar"}};
  article.body = "بدأت محادثات السلام في أستانا\nCNN reported";
  const std::string html = wadi::server::article_page(article, "", nullptr, nullptr);
  BOOST_TEST(html.find("<div class=\"article-text\" lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  BOOST_TEST(html.find("<h1 dir=\"auto\" lang=\"ar\">") != std::string::npos);
  BOOST_TEST(html.find("<p>CNN reported</p>") != std::string::npos);  // the article's direction, not the line's
  article.fields["lang"] = "en";
  const std::string english = wadi::server::article_page(article, "", nullptr, nullptr);
  BOOST_TEST(english.find("dir=\"rtl\"") == std::string::npos);
  BOOST_TEST(english.find("<p dir=\"auto\">CNN reported</p>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(results_take_the_direction_of_their_text) {
  wadi::Hit h = hit(1, "k", "محادثات", {{"lang", "ar"}});
  h.snippet.text = "محادثات السلام";
  wadi::SearchPage page = results(1, {h});
  const std::string html = wadi::server::search_page(request("محادثات"), &page, "");
  BOOST_TEST(html.find("<h2 class=\"hit-title\" dir=\"auto\" lang=\"ar\">") != std::string::npos);
  BOOST_TEST(html.find("<p class=\"snippet\" dir=\"auto\" lang=\"ar\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_hit_shows_its_title_link_date_source_and_marked_snippet) {
  wadi::Hit h = hit(1, "/corpus/lavrov.txt", "Lavrov says US invited to Syria talks in Astana", {{"author", "Jane Doe"}});
  h.snippet.text = "fighting in Wadi Barada continued";
  h.snippet.marks = {{12, 23}};
  wadi::SearchPage page = results(1, {h});
  const std::string html = wadi::server::search_page(request("wadi barada"), &page, "");
  BOOST_TEST(html.find("<a href=\"/article/%2Fcorpus%2Flavrov.txt?q=wadi%20barada\">Lavrov says US invited") != std::string::npos);
  BOOST_TEST(html.find("2017-01-20 · <span class=\"source\" dir=\"auto\">Hürriyet Daily News</span> · "
                       "by <span dir=\"auto\">Jane Doe</span>") != std::string::npos);
  BOOST_TEST(html.find("fighting in <mark>Wadi Barada</mark> continued") != std::string::npos);
  BOOST_TEST(html.find("<p class=\"count\">1 article matches</p>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_count_is_worded_as_the_command_line_words_it) {
  wadi::SearchPage page = results(13100, {hit(11, "k", "T")});
  page.exact = false;
  page.matches_lower = 12000;
  page.matches_upper = 15500;
  const std::string html = wadi::server::search_page(request("oil", 2), &page, "");
  BOOST_TEST(html.find("Between 12,000 and 15,500 articles match (about 13,100) (showing 11-11)") != std::string::npos);
  wadi::SearchPage beyond = results(3, {});
  const std::string past_the_end = wadi::server::search_page(request("oil", 9), &beyond, "");
  BOOST_TEST(past_the_end.find("3 articles match (none on this page).") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pagination_links_the_pages_around_this_one) {
  std::vector<wadi::Hit> hits;
  for (std::size_t rank = 41; rank <= 50; ++rank) hits.push_back(hit(rank, "k" + std::to_string(rank), "T"));
  wadi::SearchPage page = results(95, hits);
  const std::string html = wadi::server::search_page(request("oil", 5, wadi::SortOrder::kDateReverse), &page, "");
  BOOST_TEST(html.find("<ol class=\"hits\" start=\"41\">") != std::string::npos);
  BOOST_TEST(link_to(html, "‹ Previous") == "/search?q=oil&amp;page=4&amp;sort=newest");
  BOOST_TEST(link_to(html, "Next ›") == "/search?q=oil&amp;page=6&amp;sort=newest");
  BOOST_TEST(link_to(html, "1") == "/search?q=oil&amp;sort=newest");
  for (int number : {3, 4, 6, 7})
    BOOST_TEST(link_to(html, std::to_string(number)).find("page=" + std::to_string(number)) != std::string::npos);
  BOOST_TEST(html.find("<strong aria-current=\"page\">5</strong>") != std::string::npos);
  BOOST_TEST(html.find("page=8") == std::string::npos);
  BOOST_TEST(html.find("page=10") == std::string::npos);

  wadi::SearchPage last = results(95, {hit(91, "k", "T")});
  const std::string last_page = wadi::server::search_page(request("oil", 10), &last, "");
  BOOST_TEST(last_page.find("Next ›") == std::string::npos);
  BOOST_TEST(link_to(last_page, "‹ Previous") == "/search?q=oil&amp;page=9");
  wadi::SearchPage one = results(10, {hit(1, "k", "T")});
  BOOST_TEST(wadi::server::search_page(request("oil"), &one, "").find("class=\"pages\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_story_names_its_other_versions_and_the_pages_count_stories) {
  wadi::Hit h = hit(1, "k", "T");
  h.other_versions = {{"ap/1.txt", "AP"}, {"x<y>.txt", kHostile}, {"ap/2.txt", "AP"}};
  wadi::SearchPage page = results(25, {h});
  page.stories = 8;
  page.grouped = true;
  const std::string html = wadi::server::search_page(request("oil"), &page, "");
  BOOST_TEST(html.find("<p class=\"versions\">+3 other versions: <a href=\"/article/ap%2F1.txt?q=oil\">AP</a>, <a href=") !=
                 std::string::npos,
             html);
  BOOST_TEST(count_of(html, ">AP</a>") == 1u);  // each source once
  check_defused(html);
  BOOST_TEST(html.find("8 stories in 25 articles match") != std::string::npos);
  BOOST_TEST(html.find("class=\"pages\"") == std::string::npos);  // 8 stories fit one page of 10
}

BOOST_AUTO_TEST_CASE(sort_links_keep_the_query_and_start_again_at_page_one) {
  wadi::SearchPage page = results(30, {hit(11, "k", "T")});
  const std::string html = wadi::server::search_page(request("oil", 2, wadi::SortOrder::kDate), &page, "");
  BOOST_TEST(link_to(html, "relevance") == "/search?q=oil");
  BOOST_TEST(link_to(html, "newest") == "/search?q=oil&amp;sort=newest");
  BOOST_TEST(html.find("<strong aria-current=\"true\">oldest</strong>") != std::string::npos);
  BOOST_TEST(html.find("<input type=\"hidden\" name=\"sort\" value=\"oldest\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(facet_links_add_their_filter_to_the_query) {
  wadi::SearchPage page = results(3, {hit(1, "k", "T")});
  page.facets["source"] = {{"Hürriyet Daily News", 2}, {"free-west-media", 1}};
  page.facets["year"] = {{"2016", 1}, {"2017", 2}};
  page.facets["lang"] = {{"en", 3}};
  page.facets["file_date_year"] = {{"2026", 4}};
  const std::string html = wadi::server::search_page(request("wadi barada"), &page, "");
  const std::string source = query_of_link(link_to(html, "Hürriyet Daily News"));
  BOOST_TEST(source == "wadi barada source:\"Hürriyet Daily News\"");
  BOOST_TEST(reading_of(source).find("source:hurriyet daily news") != std::string::npos);
  BOOST_TEST(query_of_link(link_to(html, "2017")) == "wadi barada date:2017");
  BOOST_TEST(query_of_link(link_to(html, "English \\(en\\)")) == "wadi barada lang:en");
  // Years dated by the files' times are shown apart: a date: filter leaves them out.
  BOOST_TEST(html.find("<li class=\"plain\"><span dir=\"auto\">2026 (file date)</span> <span class=\"n\">4</span></li>") !=
             std::string::npos);
  // A filter the query has already is not offered again.
  const std::string narrowed = wadi::server::search_page(request("wadi date:2017"), &page, "");
  BOOST_TEST(narrowed.find("<li class=\"current\"><span dir=\"auto\">2017</span>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_filter_added_to_a_query_restricts_the_whole_query) {
  using wadi::server::with_filter;
  BOOST_TEST(with_filter("wadi barada", "lang:en") == "wadi barada lang:en");
  BOOST_TEST(with_filter("  ", "lang:en") == "lang:en");
  BOOST_TEST(with_filter("astana OR geneva", "lang:en") == "(astana OR geneva) lang:en");
  BOOST_TEST(with_filter("astana || geneva", "lang:en") == "(astana || geneva) lang:en");
  BOOST_TEST(with_filter("\"wadi barada", "lang:en") == "\"wadi barada\" lang:en");
  BOOST_TEST(with_filter("(astana OR geneva", "lang:en") == "(astana OR geneva) lang:en");
  BOOST_TEST(with_filter("astana NOT", "lang:en") == "(astana NOT) lang:en");
  BOOST_TEST(with_filter("astana -", "lang:en") == "(astana -) lang:en");
  BOOST_TEST(with_filter("title:(a OR b) \"x OR y\" -geneva", "lang:en") == "title:(a OR b) \"x OR y\" -geneva lang:en");
  // As the parser reads them: the filter applies to all of the query.
  BOOST_TEST(reading_of(with_filter("astana OR geneva", "lang:ru")) == "((astana OR geneva) FILTER lang:ru)");
  BOOST_TEST(reading_of(with_filter("astana NOT", "lang:ru")) == "(astana FILTER lang:ru)");
  BOOST_TEST(reading_of(with_filter("\"wadi barada", "lang:ru")) == "(\"wadi barada\" FILTER lang:ru)");
  BOOST_TEST(wadi::server::source_filter("BBC \"World\"") == "source:\"BBC  World \"");
}

BOOST_AUTO_TEST_CASE(the_timeline_has_one_bar_per_bucket) {
  wadi::SearchPage page = results(9, {hit(1, "k", "T")});
  page.timeline.unit = "year";
  page.timeline.counts = {{"2013", 2}, {"2014", 0}, {"2015", 1}, {"2016", 0}, {"2017", 6}};
  page.timeline.undated = 3;
  const std::string html = wadi::server::search_page(request("talks"), &page, "");
  BOOST_TEST(count_of(html, "<rect class=\"bar\"") == 5u);
  BOOST_TEST(count_of(html, "<title>2014: 0 articles</title>") == 1u);
  // A bar with matches links to them; an empty one links nowhere.
  BOOST_TEST(html.find("<a href=\"/search?q=talks%20date%3A2017\"><rect class=\"bar\"") != std::string::npos);
  BOOST_TEST(html.find("date%3A2014") == std::string::npos);
  BOOST_TEST(html.find(">2013</text>") != std::string::npos);  // the axis' first and last bucket
  BOOST_TEST(html.find(">2017</text>") != std::string::npos);
  BOOST_TEST(html.find(">6</text>") != std::string::npos);  // the largest count
  BOOST_TEST(html.find("Timeline by year") != std::string::npos);
  BOOST_TEST(html.find("3 without a date of their own") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bars_are_as_tall_as_their_counts) {
  wadi::Timeline timeline;
  timeline.unit = "month";
  timeline.counts = {{"2017-01", 4}, {"2017-02", 2}};
  const std::string svg = wadi::server::timeline_svg(timeline, "q", wadi::SortOrder::kRelevance);
  std::vector<double> heights;
  const std::regex height("height=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), height);
       it != std::sregex_iterator(); ++it)
    heights.push_back(std::stod((*it)[1]));
  BOOST_REQUIRE(heights.size() == 2u);
  BOOST_TEST(heights[0] == 2 * heights[1], boost::test_tools::tolerance(0.01));
  BOOST_TEST(wadi::server::timeline_svg(wadi::Timeline{}, "q", wadi::SortOrder::kRelevance).empty());
}

BOOST_AUTO_TEST_CASE(a_query_without_matches_says_so_and_links_the_suggestion) {
  wadi::SearchPage page = results(0, {});
  page.suggestion = "wadi barada";
  page.word_counts = {{"wadi", 2}, {"baradda", 0}};
  const std::string html = wadi::server::search_page(request("wadi baradda"), &page, "");
  BOOST_TEST(html.find("No articles match <strong dir=\"auto\">wadi baradda</strong>.") != std::string::npos);
  BOOST_TEST(html.find("Found wadi (2 articles); no article has baradda.") != std::string::npos);
  BOOST_TEST(html.find("Did you mean: <a href=\"/search?q=wadi%20barada\" dir=\"auto\">wadi barada</a>?") != std::string::npos);
  BOOST_TEST(html.find("class=\"hits\"") == std::string::npos);
  BOOST_TEST(html.find("class=\"pages\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(relaxed_results_say_which_words_were_found) {
  wadi::SearchPage page = results(1, {hit(1, "k", "T")});
  page.relaxed = true;
  page.word_counts = {{"astana", 1}, {"xyzzy", 0}};
  const std::string html = wadi::server::search_page(request("astana xyzzy"), &page, "");
  BOOST_TEST(html.find("Found astana (1 article); no article has xyzzy.") != std::string::npos);
  BOOST_TEST(html.find("Showing articles with some of the words.") != std::string::npos);
  BOOST_TEST(html.find("<ol class=\"hits\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_article_page_marks_the_query_and_links_back_to_it) {
  wadi::schema::StoredArticle article;
  article.fields = {{"key", "k"}, {"path", "/corpus/a.txt"}, {"title", "Astana"}, {"date", "2017-01-20"},
                    {"date_from", "text"}, {"source", "Hürriyet"}, {"lang", "en"}};
  article.body = "Fighting in Wadi Barada.\n\nTalks in Astana.";
  wadi::HighlightTerms marks;
  marks.words = {"barada"};
  wadi::SearchPage similar = results(1, {hit(1, "other key", "Another article")});
  const std::string html = wadi::server::article_page(article, "barada", &marks, &similar);
  BOOST_TEST(html.find("<p dir=\"auto\">Fighting in Wadi <mark>Barada</mark>.</p>\n<p dir=\"auto\">Talks in Astana.</p>") !=
             std::string::npos);
  BOOST_TEST(link_to(html, "← Results for ") == "/search?q=barada");
  BOOST_TEST(html.find("<dt>Date</dt><dd>2017-01-20 (from a date in the text)</dd>") != std::string::npos);
  BOOST_TEST(html.find("<dt>Language</dt><dd>English (en)</dd>") != std::string::npos);
  BOOST_TEST(html.find("<dt>Key</dt><dd>k</dd>") != std::string::npos);
  BOOST_TEST(html.find("<h2>Similar articles</h2>") != std::string::npos);
  BOOST_TEST(link_to(html, "Another article") == "/article/other%20key");
  BOOST_TEST(wadi::server::article_page(article, "", nullptr, nullptr).find("Similar articles") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(pages_are_self_contained_and_fit_a_phone) {
  wadi::SearchPage page = results(1, {hit(1, "k", "T")});
  for (const std::string& html : {wadi::server::search_page(request(""), nullptr, ""),
                                  wadi::server::search_page(request("oil"), &page, ""), wadi::server::error_page(503, "busy")}) {
    BOOST_TEST(html.starts_with("<!doctype html>"));
    BOOST_TEST(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") != std::string::npos);
    BOOST_TEST(html.find("<link rel=\"stylesheet\" href=\"/style.css\">") != std::string::npos);
    BOOST_TEST(!std::regex_search(html, std::regex(R"((src|href)="(https?:)?//)")));  // nothing fetched from elsewhere
  }
  const std::string_view css = wadi::server::style_sheet();
  BOOST_TEST(css.find("url(") == std::string_view::npos);
  BOOST_TEST(css.find("@import") == std::string_view::npos);
  BOOST_TEST(css.find("max-width") != std::string_view::npos);
  BOOST_TEST(css.find("@media (min-width") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(html_escape_and_url_encode_keep_text_and_make_it_safe) {
  BOOST_TEST(wadi::server::html_escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  BOOST_TEST(wadi::server::html_escape("Hürriyet\nأستانا\t") == "Hürriyet\nأستانا\t");
  BOOST_TEST(wadi::server::html_escape("bell\x07 esc\x1b[0m nul") == "bell esc[0m nul");
  BOOST_TEST(wadi::server::html_escape("bad \xff byte") == "bad \uFFFD byte");
  BOOST_TEST(wadi::server::url_encode("a-b_c.d~e f/ü?&=#%") == "a-b_c.d~e%20f%2F%C3%BC%3F%26%3D%23%25");
}

BOOST_AUTO_TEST_SUITE_END()
