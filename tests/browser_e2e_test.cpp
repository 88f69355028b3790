// The search page in a real browser, as a person uses it: headless Chromium
// (driven through chromedriver, see webdriver.h) against `search --serve`
// on the seed articles and generated ones from several sources and years.
// Types a query into the page's box, finds the one result with its match
// marked, reads the whole article, goes back, and narrows a search by a
// facet. Keeps screenshots of the results and the article, at a desktop's
// and a phone's width, in WADI_BROWSER_SCREENSHOTS.
//
// Chromium and chromedriver must be installed (`scripts/setup --browser`):
// without them the test fails, unless WADI_SKIP_BROWSER_TEST=1.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "e2e_support.h"
#include "server_support.h"
#include "webdriver.h"

using namespace wadi::test;

namespace {

const std::string kHurriyetHeadline = "Lavrov says US invited to Syria talks in Astana";
const std::vector<std::string> kSources = {"Agence France Presse", "Al Jazeera English", "Reuters"};

// The seeds, and 30 generated articles on Syria's talks from kSources over
// 2014-2017, one of them in Arabic; none mentions Wadi Barada.
struct BrowsedCorpus {
  TempDir dir;
  std::string db = (dir / "db").string();

  BrowsedCorpus() {
    std::filesystem::copy(seed_corpus(), dir / "corpus", std::filesystem::copy_options::recursive);
    std::string lines;
    for (int i = 0; i < 30; ++i) {
      const std::string round = std::to_string(i + 1);
      lines += nlohmann::json{{"id", "wire-" + round},
                              {"title", "Syria ceasefire talks resume, round " + round},
                              {"date", std::to_string(2014 + i % 4) + "-0" + std::to_string(1 + i % 9) + "-15"},
                              {"source", kSources[i % kSources.size()]},
                              {"url", "https://example.org/wire/" + round},
                              {"text", "Diplomats met again on the Syria ceasefire in round " + round +
                                           ". The talks in Geneva covered aid convoys and the monitoring of the truce."}}
                   .dump() +
               "\n";
    }
    lines += nlohmann::json{{"id", "arabic-1"}, {"title", "محادثات السلام السورية في أستانا"}, {"date", "2017-01-23"},
                            {"source", "Al Jazeera Arabic"}, {"lang", "ar"},
                            {"text", "بدأت اليوم في أستانا محادثات السلام السورية."}}
                 .dump() +
             "\n";
    write_file(dir / "corpus" / "wire" / "syria.jsonl", lines);
    BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  }
};

// `text` with its runs of white space, no-break spaces included (WebDriver
// reads them as spaces), as one space.
std::string collapsed(const std::string& text) {
  std::istringstream words(std::regex_replace(text, std::regex("\xC2\xA0"), " "));
  std::string out;
  for (std::string word; words >> word;) out += (out.empty() ? "" : " ") + word;
  return out;
}

// The non-blank lines of a file, white space collapsed.
std::vector<std::string> paragraphs_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (std::string text = collapsed(line); !text.empty()) out.push_back(text);
  return out;
}

// The first number in the text ("26 articles match" -> 26), or -1.
long number_in(const std::string& text) {
  std::smatch found;
  return std::regex_search(text, found, std::regex("[0-9][0-9,]*")) ? std::stol(std::regex_replace(found.str(), std::regex(","), ""))
                                                                      : -1;
}

// Screenshots of the page at a desktop's and a phone's size, named `name`-WxH.png.
void keep_screenshots(Browser& browser, const std::string& name) {
  const std::filesystem::path folder = WADI_BROWSER_SCREENSHOTS;
  for (auto [width, height] : {std::pair{390, 844}, std::pair{1280, 800}}) {
    browser.resize(width, height);
    const std::filesystem::path png = folder / (name + "-" + std::to_string(width) + "x" + std::to_string(height) + ".png");
    browser.screenshot(png);
    BOOST_TEST_MESSAGE("screenshot: " << png.string());
  }
}

void search_in_the_box(Browser& browser, const std::string& query) {
  const std::string before = browser.url();
  browser.type(browser.find("input[name=q]"), query);
  browser.click(browser.find("form.search button[type=submit]"));
  BOOST_REQUIRE_MESSAGE(wait_until([&] { return browser.url() != before && browser.url().find("/search?") != std::string::npos; }),
                        "submitting the search box for '" << query << "' led to no results page");
}

std::optional<BrowserPrograms> browser_or_reason() {
  std::optional<BrowserPrograms> programs = find_browser_programs();
  if (!programs) {
    const char* skip = std::getenv("WADI_SKIP_BROWSER_TEST");
    if (skip && std::string(skip) == "1") {
      BOOST_TEST_MESSAGE("chromium or chromedriver is not installed: the browser test is skipped (WADI_SKIP_BROWSER_TEST=1)");
      return std::nullopt;
    }
    BOOST_FAIL("chromium and chromedriver are needed on PATH for the browser test: install them with scripts/setup "
               "--browser (Debian: apt-get install chromium chromium-driver), or set WADI_SKIP_BROWSER_TEST=1 to skip it");
  }
  return programs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(browser_e2e)

BOOST_AUTO_TEST_CASE(a_reader_finds_reads_and_narrows_in_a_real_browser) {
  const std::optional<BrowserPrograms> programs = browser_or_reason();
  if (!programs) return;
  BrowsedCorpus corpus;
  ServerProcess server(corpus.db);
  Browser browser(*programs, 1280, 800);

  // The search box, typed into and submitted as a person would.
  browser.go(server.url() + "/");
  search_in_the_box(browser, "Wadi Barada");
  const std::vector<Browser::Element> hits = browser.find_all("li.hit");
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_TEST(browser.text(browser.find(".count")) == "1 article matches");
  const Browser::Element title = browser.find_all(".hit-title a", hits[0]).at(0);
  BOOST_TEST(browser.text(title) == kHurriyetHeadline);
  const std::vector<Browser::Element> marks = browser.find_all(".snippet mark", hits[0]);
  BOOST_REQUIRE(!marks.empty());
  BOOST_TEST(browser.text(marks[0]) == "Wadi Barada");
  keep_screenshots(browser, "results");

  // The whole article, its match marked.
  browser.click(title);
  const Browser::Element text = browser.find(".article-text");
  BOOST_TEST(browser.text(browser.find("article h1")) == kHurriyetHeadline);
  const std::string shown = collapsed(browser.text(text));
  // Every line of the file, but the headline lines that made its title.
  for (const std::string& paragraph :
       paragraphs_of(seed_corpus() / "hurriyet-daily-news" / "lavrov-says-us-invited-to-syria-talks-in-astana.txt"))
    if (paragraph != kHurriyetHeadline)
      BOOST_TEST(shown.find(paragraph) != std::string::npos, "the article page lacks: " << paragraph);
  const std::vector<Browser::Element> article_marks = browser.find_all("mark", text);
  BOOST_REQUIRE(!article_marks.empty());
  BOOST_TEST(browser.text(article_marks[0]) == "Wadi Barada");
  keep_screenshots(browser, "article");

  // Back to the results; a broader search, narrowed by a source.
  browser.back();
  BOOST_REQUIRE(wait_until([&] { return browser.find_all("li.hit").size() == 1; }));
  search_in_the_box(browser, "syria");
  const long all = number_in(browser.text(browser.find(".count")));
  BOOST_TEST(all == 32);  // 30 generated and the 2 seeds
  BOOST_TEST(browser.find_all("svg.timeline rect.bar").size() >= 4u);  // a bar a year at least, 2014-2017
  const Browser::Element facet = browser.find(".facet-source li a");
  const std::string source = browser.text(facet);
  const long facet_count = number_in(browser.text(browser.find_all(".facet-source li .n").at(0)));
  browser.click(facet);
  BOOST_REQUIRE_MESSAGE(wait_until([&] { return browser.find_all(".facet-source li.current").size() == 1; }),
                        "clicking the source " << source << " did not narrow the search");
  const long narrowed = number_in(browser.text(browser.find(".count")));
  BOOST_TEST(narrowed == facet_count);
  BOOST_TEST(narrowed < all);
  BOOST_TEST(browser.property(browser.find("input[name=q]"), "value") == "syria source:\"" + source + "\"");
  keep_screenshots(browser, "narrowed");
}

BOOST_AUTO_TEST_SUITE_END()
