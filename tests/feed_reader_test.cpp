// feed_reader: what the feed reader makes of RSS 2.0, RSS 1.0 (RDF) and Atom
// files written the way real producers write them: HTML in CDATA and
// entity-escaped, Atom's type="xhtml", feeds in ISO-8859-1, Dublin Core
// fields; and what it refuses: external entities, other XML.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "readers/article_reader.h"

using namespace wadi;

namespace {

ReadResult read(const std::string& name, std::string_view bytes) {
  return read_articles(FileContext{"/corpus/feeds/" + name, "2020-02-02", "feeds"}, bytes);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// As WordPress writes it: HTML in CDATA in content:encoded, an escaped
// summary in description, dc:creator, several categories.
const std::string kWordPressRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Syria Direct</title>
  <link>https://syriadirect.example.org</link>
  <description>News from Syria</description>
  <language>en-US</language>
  <item>
    <title>Ceasefire holds in Wadi Barada</title>
    <link>https://syriadirect.example.org/2017/01/ceasefire-holds/</link>
    <dc:creator><![CDATA[Ammar Hamou]]></dc:creator>
    <pubDate>Thu, 19 Jan 2017 10:15:00 +0000</pubDate>
    <category><![CDATA[News]]></category>
    <category><![CDATA[Damascus]]></category>
    <guid isPermaLink="false">https://syriadirect.example.org/?p=1234</guid>
    <media:title>PHOTO CAPTION NOT A TITLE</media:title>
    <description><![CDATA[<p>The ceasefire held on Thursday&#8230;</p>]]></description>
    <content:encoded><![CDATA[<p>The ceasefire in <strong>Wadi Barada</strong> held on Thursday, residents said.</p>
<p>Engineers reached the spring that supplies Damascus with water.</p>
<div class="sharedaddy"><a href="https://twitter.com/share">Share on Twitter</a></div>]]></content:encoded>
  </item>
  <item>
    <title>Talks in Astana &amp; Geneva</title>
    <link>https://syriadirect.example.org/2017/01/astana/</link>
    <pubDate>Fri, 20 Jan 2017 08:00:00 GMT</pubDate>
    <guid>https://syriadirect.example.org/?p=1235</guid>
    <description>&lt;p&gt;Rebel groups &amp;amp; the government will meet in &lt;b&gt;Astana&lt;/b&gt;.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_reader)

BOOST_AUTO_TEST_CASE(feeds_and_crawls_are_known_by_their_extension) {
  BOOST_TEST((format_of("a/news.rss") == ArticleFormat::kFeed));
  BOOST_TEST((format_of("a/news.ATOM") == ArticleFormat::kFeed));
  BOOST_TEST((format_of("a/news.xml") == ArticleFormat::kXml));
  BOOST_TEST((format_of("a/crawl.warc") == ArticleFormat::kWarc));
  BOOST_TEST((format_of("a/crawl.WARC.GZ") == ArticleFormat::kWarc));
  BOOST_TEST((format_of("a/notes.txt.gz") == ArticleFormat::kUnsupported));
}

BOOST_AUTO_TEST_CASE(rss_items_become_articles_with_html_read_as_text) {
  ReadResult r = read("syria.rss", kWordPressRss);
  BOOST_REQUIRE(r.skip_reason.empty());
  BOOST_TEST(r.problems.empty());
  BOOST_REQUIRE_EQUAL(r.articles.size(), 2u);
  const Article& a = r.articles[0];
  BOOST_TEST(a.title == "Ceasefire holds in Wadi Barada");
  BOOST_TEST(a.url == "https://syriadirect.example.org/2017/01/ceasefire-holds/");
  BOOST_TEST(a.date == "2017-01-19");
  BOOST_TEST((a.date_origin == DateOrigin::kGiven));
  BOOST_TEST(a.author == "Ammar Hamou");
  BOOST_TEST((a.categories == std::vector<std::string>{"News", "Damascus"}));
  BOOST_TEST(a.source == "Syria Direct");
  BOOST_TEST(a.language == "en");
  BOOST_TEST(a.key == "/corpus/feeds/syria.rss#https://syriadirect.example.org/?p=1234");
  // content:encoded, not the description; markup and share widgets gone.
  BOOST_TEST(a.body == "The ceasefire in Wadi Barada held on Thursday, residents said.\n\n"
                       "Engineers reached the spring that supplies Damascus with water.");
  const Article& b = r.articles[1];
  BOOST_TEST(b.title == "Talks in Astana & Geneva");
  BOOST_TEST(b.body == "Rebel groups & the government will meet in Astana.");
  BOOST_TEST(b.date == "2017-01-20");
}

BOOST_AUTO_TEST_CASE(atom_xhtml_content_and_author_names) {
  const std::string atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Example Wire</title>
  <link rel="self" href="https://wire.example.net/feed.atom"/>
  <link href="https://wire.example.net/"/>
  <id>tag:wire.example.net,2017:feed</id>
  <updated>2017-01-25T12:00:00Z</updated>
  <entry>
    <title type="html">Lavrov &lt;em&gt;says&lt;/em&gt; US invited</title>
    <link rel="alternate" type="text/html" href="https://wire.example.net/2017/01/lavrov"/>
    <link rel="enclosure" href="https://wire.example.net/photo.jpg"/>
    <id>tag:wire.example.net,2017:lavrov</id>
    <updated>2017-01-18T09:00:00Z</updated>
    <published>2017-01-17T14:05:00+03:00</published>
    <author><name>Jo Smith</name><email>jo@example.net</email></author>
    <author><name>Ali Demir</name></author>
    <category term="politics" label="Politics"/>
    <summary>Russia invited the US.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Russian Foreign Minister Sergei Lavrov said the US was invited.</p><p>The talks start on <b>Jan. 23</b>.</p></div></content>
  </entry>
  <entry>
    <title>Only a summary</title>
    <link href="https://wire.example.net/2017/01/summary"/>
    <id>tag:wire.example.net,2017:summary</id>
    <updated>2017-01-24T09:00:00Z</updated>
    <summary type="text">Five &lt; six, as AT&amp;T says.</summary>
  </entry>
</feed>
)";
  ReadResult r = read("wire.atom", atom);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 2u);
  const Article& a = r.articles[0];
  BOOST_TEST(a.title == "Lavrov says US invited");
  BOOST_TEST(a.url == "https://wire.example.net/2017/01/lavrov");
  BOOST_TEST(a.date == "2017-01-17");  // published, not updated
  BOOST_TEST(a.author == "Jo Smith, Ali Demir");
  BOOST_TEST((a.categories == std::vector<std::string>{"politics"}));
  BOOST_TEST(a.key == "/corpus/feeds/wire.atom#tag:wire.example.net,2017:lavrov");
  BOOST_TEST(a.source == "Example Wire");
  BOOST_TEST(a.body == "Russian Foreign Minister Sergei Lavrov said the US was invited.\n\nThe talks start on Jan. 23.");
  const Article& b = r.articles[1];
  BOOST_TEST(b.date == "2017-01-24");  // updated, when there is no published
  BOOST_TEST(b.body == "Five < six, as AT&T says.");  // type="text" is never read as HTML
}

BOOST_AUTO_TEST_CASE(iso_8859_1_declared_in_the_prolog_is_decoded) {
  const std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                             "<rss version=\"2.0\"><channel><title>Le Monde diplomatique</title>"
                             "<item><title>N\xE9gociations \xE0 Astana</title><link>https://md.example.fr/a</link>"
                             "<description>Les d\xE9l\xE9gations sont arriv\xE9\x65s \xE0 Astana lundi.</description></item>"
                             "</channel></rss>";
  ReadResult r = read("monde.xml", latin1);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  BOOST_TEST(r.articles[0].title == "Négociations à Astana");
  BOOST_TEST(r.articles[0].body == "Les délégations sont arrivées à Astana lundi.");
  BOOST_TEST(r.articles[0].source == "Le Monde diplomatique");
}

BOOST_AUTO_TEST_CASE(rss_1_0_rdf_items_with_dublin_core) {
  const std::string rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://slash.example.org/">
    <title>Slash Example</title>
    <link>https://slash.example.org/</link>
    <dc:language>en</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://slash.example.org/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://slash.example.org/1">
    <title>Water cut to Damascus enters third week</title>
    <link>https://slash.example.org/1</link>
    <description>Residents queue for water as repairs wait on a ceasefire.</description>
    <dc:creator>Lina Sinjab</dc:creator>
    <dc:date>2017-01-12T08:30:00+00:00</dc:date>
    <dc:subject>Syria</dc:subject>
  </item>
</rdf:RDF>
)";
  ReadResult r = read("slash.rdf.xml", rdf);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  const Article& a = r.articles[0];
  BOOST_TEST(a.title == "Water cut to Damascus enters third week");
  BOOST_TEST(a.date == "2017-01-12");
  BOOST_TEST(a.author == "Lina Sinjab");
  BOOST_TEST((a.categories == std::vector<std::string>{"Syria"}));
  BOOST_TEST(a.key == "/corpus/feeds/slash.rdf.xml#https://slash.example.org/1");
  BOOST_TEST(a.body == "Residents queue for water as repairs wait on a ceasefire.");
}

BOOST_AUTO_TEST_CASE(an_xml_file_that_is_not_a_feed_stays_unsupported) {
  ReadResult r = read("sitemap.xml", "<?xml version=\"1.0\"?><urlset><url><loc>https://a.example/</loc></url></urlset>");
  BOOST_TEST(r.articles.empty());
  BOOST_TEST(r.skip_reason == "unsupported file type");
  BOOST_TEST(read("broken.xml", "not xml at all").skip_reason == "unsupported file type");
  // Not parsed: its first element says so (a broken feed would be reported).
  ReadResult data = read("data.xml", "<?xml version=\"1.0\"?>\n<!-- <rss> -->\n<dataset><row>1</row><row>2</broken>");
  BOOST_TEST(data.skip_reason == "unsupported file type");
  BOOST_TEST(data.problems.empty());
  ReadResult feed = read("feed.xml", "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<!DOCTYPE rss>\n<rss version=\"2.0\"><channel>"
                                     "<item><title>Kept</title></item></channel></rss>");
  BOOST_REQUIRE_EQUAL(feed.articles.size(), 1u);
  BOOST_TEST(feed.articles[0].title == "Kept");
  BOOST_TEST(read("page.rss", "<html><body>hi</body></html>").skip_reason == "not a feed (root element <html>)");
}

BOOST_AUTO_TEST_CASE(items_without_text_or_with_a_repeated_guid_are_problems_the_rest_kept) {
  const std::string rss = R"(<rss version="2.0"><channel><title>T</title>
<item><guid>a</guid><title>First story about the talks</title><pubDate>next Tuesday</pubDate></item>
<item><guid>b</guid></item>
<item><guid>a</guid><title>Same guid again</title></item>
<item><title>No guid, no link: keyed by title</title></item>
</channel></rss>)";
  ReadResult r = read("f.rss", rss);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 2u);
  BOOST_TEST(r.articles[0].date == "2020-02-02");  // the unreadable date gives way to the file's
  BOOST_TEST(r.articles[1].key == "/corpus/feeds/f.rss#No guid, no link: keyed by title");
  BOOST_TEST((r.problems == std::vector<std::string>{"item 1: unreadable date 'next Tuesday': ignored",
                                                      "item 2: no text: no title, content or description",
                                                      "item 3: same guid as item 1: skipped"}));
}

BOOST_AUTO_TEST_CASE(external_entities_and_the_network_are_never_read) {
  const std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">]>
<rss version="2.0"><channel><title>T</title>
<item><title>Entity &secret; here &lol;</title><description>Body &secret;</description></item>
</channel></rss>)";
  ReadResult r = read("xxe.rss", xxe);
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  BOOST_TEST(!has(r.articles[0].title, "root"));
  BOOST_TEST(!has(r.articles[0].body, "root"));
  BOOST_TEST(r.articles[0].title == "Entity here");
}

BOOST_AUTO_TEST_CASE(broken_markup_keeps_the_items_before_the_break_and_says_so) {
  const std::string cut = R"(<rss version="2.0"><channel><title>T</title>
<item><title>Complete item</title><description>Text of the complete item.</description></item>
<item><title>Cut item</title><descr)";
  ReadResult r = read("cut.rss", cut);
  BOOST_REQUIRE_GE(r.articles.size(), 1u);
  BOOST_TEST(r.articles[0].title == "Complete item");
  BOOST_REQUIRE(!r.problems.empty());
  BOOST_TEST(has(r.problems[0], "XML error at line 3"), r.problems[0]);
}

BOOST_AUTO_TEST_CASE(a_huge_text_node_is_refused_not_swallowed) {
  std::string rss = "<rss version=\"2.0\"><channel><title>T</title><item><title>Small</title><description>ok</description></item>"
                    "<item><title>Huge</title><description>";
  // Text in many pieces (as entities make it), which libxml2 joins into one
  // node: refused past its 10 MB limit without XML_PARSE_HUGE.
  for (int i = 0; i < (12 << 20) / 16; ++i) rss += "aaaaaaaaaa &amp; ";
  rss += "</description></item></channel></rss>";
  ReadResult r = read("huge.rss", rss);
  BOOST_REQUIRE(!r.articles.empty());
  BOOST_TEST(r.articles[0].title == "Small");
  for (const Article& a : r.articles) BOOST_TEST(a.body.size() < (10u << 20));
  BOOST_TEST(!r.problems.empty());
}

BOOST_AUTO_TEST_CASE(text_of_many_ampersands_is_read_in_linear_time) {
  // "&" never followed by ";": looking for an entity's end must not scan
  // the rest of the text each time (it took minutes on 12 MB).
  std::string text;
  for (int i = 0; i < (2 << 20) / 4; ++i) text += "a &amp; ";
  const std::string rss = "<rss version=\"2.0\"><channel><title>T</title><item><title>Many</title><description>" + text +
                          "</description></item></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  ReadResult r = read("amp.rss", rss);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_REQUIRE_EQUAL(r.articles.size(), 1u);
  BOOST_TEST(seconds < 5.0 * WADI_TIME_SCALE);
}

BOOST_AUTO_TEST_SUITE_END()
