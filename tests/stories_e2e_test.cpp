// stories_e2e: near-identical articles (the same wire report in several
// outlets) as one story, through the real programs: a copy indexed later
// joins its story, removing or editing the story's first article leaves
// the others grouped, search shows one article per story with the others
// named under it (or every one with --all-versions), and the counts of
// stories and articles are exact.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace wadi::test;
namespace fs = std::filesystem;

namespace {

// A wire report: `words` words drawn from a vocabulary of 3,000.
std::vector<std::string> report(unsigned seed, std::size_t words = 300) {
  std::mt19937 random(seed);
  std::vector<std::string> text;
  for (std::size_t i = 0; i < words; ++i) text.push_back("w" + std::to_string(random() % 3000));
  return text;
}

// An outlet's copy: `changed` words replaced, the last `cut` words cut,
// the outlet's boilerplate added. Of a report of 300 words, 2 words changed
// and 8 cut leave a Jaccard similarity of about 0.89.
std::vector<std::string> syndicated(std::vector<std::string> text, std::size_t changed, std::size_t cut, unsigned seed) {
  std::mt19937 random(seed);
  for (std::size_t i = 0; i < changed; ++i) text[random() % text.size()] = "edit" + std::to_string(seed) + "x" + std::to_string(i);
  text.resize(text.size() - cut);
  for (const char* word : {"subscribe", "to", "our", "newsletter", "for", "more"}) text.push_back(word);
  return text;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
  return text;
}

// Writes an article file "Title\n\nbody" (the folder names the source).
void article(const fs::path& path, const std::string& title, const std::vector<std::string>& body) {
  write_file(path, title + "\n\n" + joined(body) + "\n");
}

struct Archive {
  TempDir dir;
  std::string db = (dir / "db").string();
  fs::path corpus = dir / "corpus";

  void index_all(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--db", db};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(corpus.string());
    Run r = index(args);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  // The JSON lines of `search --json`, with `extra` options, for `query`.
  std::vector<nlohmann::json> hits(const std::string& query, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--db", db, "--json", "-n", "100"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--");
    args.push_back(query);
    std::vector<nlohmann::json> found;
    for (const std::string& line : lines(search(args).out)) found.push_back(nlohmann::json::parse(line));
    return found;
  }
  // The file names of each story's versions, as search --all-versions groups them.
  std::set<std::set<std::string>> stories() {
    std::map<std::string, std::set<std::string>> by_story;
    for (const nlohmann::json& hit : hits("*", {"--all-versions"}))
      by_story[hit.value("story", hit["path"].get<std::string>())].insert(fs::path(hit["path"].get<std::string>()).filename());
    std::set<std::set<std::string>> grouped;
    for (auto& [story, names] : by_story) grouped.insert(names);
    return grouped;
  }
};

using Names = std::set<std::string>;
using Stories = std::set<Names>;

}  // namespace

BOOST_AUTO_TEST_SUITE(stories_e2e)

BOOST_AUTO_TEST_CASE(copy_indexed_months_later_joins_its_story) {
  Archive a;
  const auto wire = report(1);
  article(a.corpus / "reuters/r1.txt", "Talks resume in Geneva", wire);
  article(a.corpus / "reuters/r2.txt", "Something else", report(2));
  a.index_all();
  article(a.corpus / "ap/a1.txt", "Geneva talks begin again", syndicated(wire, 2, 8, 7));
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"r1.txt", "a1.txt"}, {"r2.txt"}}));
  const auto shown = a.hits(wire[0]);
  BOOST_REQUIRE_EQUAL(shown.size(), 1u);
  BOOST_TEST(shown[0]["versions"] == 2);
  BOOST_TEST(shown[0]["other_versions"].size() == 1u);
  Run text = search({"--db", a.db, "--", wire[0]});
  BOOST_TEST(text.out.find("1 story in 2 articles matches") == 0u, text.out);
}

BOOST_AUTO_TEST_CASE(stories_off_lists_every_copy_and_the_database_keeps_that_choice) {
  Archive a;
  const auto wire = report(11);
  article(a.corpus / "reuters/r1.txt", "Talks resume in Geneva", wire);
  article(a.corpus / "ap/a1.txt", "Geneva talks begin again", syndicated(wire, 2, 8, 7));
  a.index_all({"--stories", "off"});
  const auto shown = a.hits(wire[0]);
  BOOST_REQUIRE_EQUAL(shown.size(), 2u);
  for (const nlohmann::json& hit : shown) BOOST_TEST(!hit.contains("versions"), hit.dump());
  // A later run without the option keeps the database's choice; asking the other is refused.
  article(a.corpus / "afp/f1.txt", "Geneva", syndicated(wire, 3, 4, 9));
  a.index_all();
  BOOST_TEST(a.hits(wire[0]).size() == 3u);
  Run refused = index({"--db", a.db, "--stories", "on", a.corpus.string()});
  BOOST_TEST(refused.status == 2);
  BOOST_TEST(lines(refused.err).size() == 1u, refused.err);
  BOOST_TEST(refused.err.find("--stories off") != std::string::npos, refused.err);
  Run wrong = index({"--db", a.db, "--stories", "maybe", a.corpus.string()});
  BOOST_TEST(wrong.status == 2);
  BOOST_TEST(wrong.err == "index: --stories 'maybe': give on or off\n");
}

BOOST_AUTO_TEST_CASE(copies_in_one_run_and_across_its_commits_form_one_story) {
  Archive a;
  const auto wire = report(3);
  article(a.corpus / "a/1.txt", "One", wire);
  for (int i = 2; i <= 5; ++i) article(a.corpus / ("a/" + std::to_string(i) + ".txt"), "Copy", syndicated(wire, 2, 5, i));
  article(a.corpus / "a/6.txt", "Other", report(4));
  a.index_all({"--batch", "2"});  // commits between the copies
  BOOST_TEST((a.stories() == Stories{{"1.txt", "2.txt", "3.txt", "4.txt", "5.txt"}, {"6.txt"}}));
}

BOOST_AUTO_TEST_CASE(original_indexed_after_two_unlike_copies_joins_them_into_one_story) {
  // Each copy changes 5 words of its own half: alike to the original
  // (Jaccard about 0.84), less to each other (about 0.71).
  Archive a;
  const auto wire = report(14);
  auto first_half = wire, second_half = wire;
  for (int i = 0; i < 5; ++i) {
    first_half[10 + 25 * i] = "left" + std::to_string(i);
    second_half[160 + 25 * i] = "right" + std::to_string(i);
  }
  article(a.corpus / "ap/left.txt", "Left", first_half);
  article(a.corpus / "bbc/right.txt", "Right", second_half);
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"left.txt"}, {"right.txt"}}));
  article(a.corpus / "reuters/wire.txt", "Wire", wire);
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"left.txt", "right.txt", "wire.txt"}}));
  BOOST_TEST(search({"--db", a.db, "--", wire[0]}).out.find("1 story in 3 articles matches") == 0u);
}

BOOST_AUTO_TEST_CASE(removing_the_first_version_leaves_the_others_grouped) {
  Archive a;
  const auto wire = report(5);
  article(a.corpus / "reuters/first.txt", "First", wire);
  a.index_all();
  article(a.corpus / "ap/second.txt", "Second", syndicated(wire, 2, 5, 1));
  article(a.corpus / "bbc/third.txt", "Third", syndicated(wire, 2, 8, 2));
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"first.txt", "second.txt", "third.txt"}}));
  fs::remove(a.corpus / "reuters/first.txt");
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"second.txt", "third.txt"}}));
  // A copy indexed after the first went still finds the story.
  article(a.corpus / "afp/fourth.txt", "Fourth", syndicated(wire, 2, 3, 3));
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"second.txt", "third.txt", "fourth.txt"}}));
}

BOOST_AUTO_TEST_CASE(removing_the_original_of_one_copy_leaves_the_copy_alone) {
  Archive a;
  const auto wire = report(6);
  article(a.corpus / "reuters/original.txt", "Original", wire);
  article(a.corpus / "ap/copy.txt", "Copy", syndicated(wire, 2, 5, 1));
  a.index_all();
  fs::remove(a.corpus / "reuters/original.txt");
  a.index_all();
  const auto shown = a.hits("*");
  BOOST_REQUIRE_EQUAL(shown.size(), 1u);
  BOOST_TEST(shown[0]["versions"] == 1);
  BOOST_TEST(shown[0]["other_versions"].empty());
  BOOST_TEST(search({"--db", a.db, "*"}).out.find("1 article matches") == 0u);
}

BOOST_AUTO_TEST_CASE(editing_the_first_version_into_another_story_leaves_the_others_grouped) {
  Archive a;
  const auto wire = report(7);
  article(a.corpus / "a/first.txt", "First", wire);
  article(a.corpus / "a/second.txt", "Second", syndicated(wire, 2, 5, 1));
  article(a.corpus / "a/third.txt", "Third", syndicated(wire, 2, 5, 2));
  a.index_all();
  article(a.corpus / "a/first.txt", "First, rewritten", report(8));
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"first.txt"}, {"second.txt", "third.txt"}}));
  // Edited back, it rejoins.
  article(a.corpus / "a/first.txt", "First", wire);
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"first.txt", "second.txt", "third.txt"}}));
}

BOOST_AUTO_TEST_CASE(articles_less_alike_than_copies_stay_apart) {
  // A follow-up report reusing half of the first one is another story.
  Archive a;
  const auto wire = report(9);
  auto follow_up = report(10);
  std::copy(wire.begin(), wire.begin() + 90, follow_up.begin());
  article(a.corpus / "a/report.txt", "Report", wire);
  article(a.corpus / "a/follow-up.txt", "Follow-up", follow_up);
  article(a.corpus / "a/copy.txt", "Copy", syndicated(wire, 40, 10, 1));  // a word in 7 changed: Jaccard about 0.3
  a.index_all();
  BOOST_TEST((a.stories() == Stories{{"report.txt"}, {"follow-up.txt"}, {"copy.txt"}}));
}

BOOST_AUTO_TEST_CASE(all_versions_returns_every_copy_and_the_default_one_per_story) {
  Archive a;
  const auto wire = report(11);
  article(a.corpus / "reuters/r.txt", "Reuters", wire);
  article(a.corpus / "ap/a.txt", "AP", syndicated(wire, 2, 4, 1));
  article(a.corpus / "bbc/b.txt", "BBC", syndicated(wire, 2, 6, 2));
  a.index_all();
  const std::string word = wire[10];
  BOOST_TEST(a.hits(word, {"--all-versions"}).size() == 3u);
  const auto one = a.hits(word);
  BOOST_REQUIRE_EQUAL(one.size(), 1u);
  BOOST_TEST(one[0]["versions"] == 3);
  std::set<std::string> others;
  for (const auto& key : one[0]["other_versions"]) others.insert(key.get<std::string>());
  BOOST_TEST(others.size() == 2u);
  BOOST_TEST(!others.count(one[0]["key"].get<std::string>()));
  for (const auto& hit : a.hits(word, {"--all-versions"})) BOOST_TEST(!hit.contains("versions"));
  // The text output names the others' sources.
  Run text = search({"--db", a.db, "--", word});
  BOOST_TEST(text.out.find("1 story in 3 articles matches") == 0u, text.out);
  const std::string shown_source = one[0]["source"];
  const std::size_t line = text.out.find("   +2 other versions: ");
  BOOST_REQUIRE_MESSAGE(line != std::string::npos, text.out);
  const std::string versions = text.out.substr(line, text.out.find('\n', line) - line);
  for (const char* source : {"reuters", "ap", "bbc"})
    BOOST_TEST((versions.find(source) != std::string::npos) == (source != shown_source), versions);
}

BOOST_AUTO_TEST_CASE(counts_of_stories_and_articles_are_exact_whatever_the_page) {
  // 12 stories told by 1 to 4 articles (30 in all), and 5 unrelated articles
  // without the query word.
  Archive a;
  std::size_t articles = 0;
  for (unsigned story = 0; story < 12; ++story) {
    auto wire = report(100 + story);
    wire[0] = "storyword";
    for (unsigned copy = 0; copy <= story % 4; ++copy, ++articles)
      article(a.corpus / ("s" + std::to_string(story) + "/" + std::to_string(copy) + ".txt"), "Story",
              copy == 0 ? wire : syndicated(wire, 2, 3, copy));
  }
  for (unsigned other = 0; other < 5; ++other) article(a.corpus / ("o/" + std::to_string(other) + ".txt"), "Other", report(200 + other));
  a.index_all();
  BOOST_REQUIRE_EQUAL(articles, 30u);
  for (const char* limit : {"1", "5", "100", "0"}) {
    Run text = search({"--db", a.db, "-n", limit, "storyword"});
    BOOST_TEST(text.out.find("12 stories in 30 articles match") == 0u, text.out);
    Run json = search({"--db", a.db, "--json", "--summary", "-n", limit, "storyword"});
    const auto summary = nlohmann::json::parse(lines(json.out).back())["summary"];
    BOOST_TEST(summary["stories"] == 12);
    BOOST_TEST(summary["matches"] == 30);
  }
  BOOST_TEST(a.hits("storyword").size() == 12u);
  BOOST_TEST(a.hits("storyword", {"--all-versions"}).size() == 30u);
  std::size_t versions = 0;
  for (const auto& hit : a.hits("storyword")) versions += hit["versions"].get<std::size_t>();
  BOOST_TEST(versions == 30u);
  // A page past the first: the stories go on where the first page ended.
  std::set<std::string> seen;
  for (const char* page : {"1", "2", "3"})
    for (const std::string& path : result_paths(search({"--db", a.db, "--json", "-n", "5", "-p", page, "storyword"}).out))
      BOOST_TEST(seen.insert(fs::path(path).parent_path().filename().string()).second, path);
  BOOST_TEST(seen.size() == 12u);
}

BOOST_AUTO_TEST_CASE(stories_are_counted_up_to_a_thousand_matches) {
  // 1,002 articles with "storyword", two of them copies of one report: past
  // 1,000 matches the count line gives the articles alone.
  Archive a;
  std::string feed;
  for (int i = 0; i < 1000; ++i)
    feed += nlohmann::json{{"id", i}, {"title", "T"}, {"body", "storyword " + joined(report(1000 + i, 12))}}.dump() + "\n";
  write_file(a.corpus / "feed.jsonl", feed);
  auto wire = report(5);
  wire[0] = "storyword";
  article(a.corpus / "r/1.txt", "Wire", wire);
  article(a.corpus / "r/2.txt", "Copy", syndicated(wire, 1, 2, 3));
  a.index_all();
  Run text = search({"--db", a.db, "storyword"});
  BOOST_TEST(text.out.find("1,002 articles match") == 0u, text.out.substr(0, 80));
  Run json = search({"--db", a.db, "--json", "--summary", "-n", "0", "storyword"});
  const auto summary = nlohmann::json::parse(lines(json.out).back())["summary"];
  BOOST_TEST(summary["stories"] == 0);
  BOOST_TEST(summary["matches"] == 1002);
  // Narrowed to a thousand, the stories are counted.
  Run fewer = search({"--db", a.db, "storyword -w1", "-n", "0"});
  BOOST_TEST(fewer.out.find(" stories in ") != std::string::npos, fewer.out.substr(0, 80));
}

BOOST_AUTO_TEST_CASE(sort_by_date_shows_the_earliest_version) {
  Archive a;
  const auto wire = report(12);
  std::string feed;
  const char* dates[] = {"2017-01-20", "2017-01-18", "2017-01-19"};
  const char* sources[] = {"ap", "reuters", "bbc"};
  for (int i = 0; i < 3; ++i)
    feed += nlohmann::json{{"id", std::string("v") + std::to_string(i)}, {"title", "Report"}, {"date", dates[i]},
                           {"source", sources[i]}, {"body", joined(syndicated(wire, 2, 2 * i, i))}}
                .dump() +
            "\n";
  write_file(a.corpus / "feed.jsonl", feed);
  a.index_all();
  const auto earliest = a.hits(wire[5], {"--sort", "date"});
  BOOST_REQUIRE_EQUAL(earliest.size(), 1u);
  BOOST_TEST(earliest[0]["source"] == "reuters");
  BOOST_TEST(earliest[0]["versions"] == 3);
  const auto latest = a.hits(wire[5], {"--sort", "-date"});
  BOOST_REQUIRE_EQUAL(latest.size(), 1u);
  BOOST_TEST(latest[0]["source"] == "ap");
}

BOOST_AUTO_TEST_CASE(other_versions_are_those_the_query_matches) {
  // A filter that leaves a version out leaves it out of the versions too.
  Archive a;
  const auto wire = report(13);
  article(a.corpus / "reuters/r.txt", "Reuters", wire);
  article(a.corpus / "ap/a.txt", "AP", syndicated(wire, 2, 4, 1));
  article(a.corpus / "bbc/b.txt", "BBC", syndicated(wire, 2, 6, 2));
  a.index_all();
  const auto filtered = a.hits(wire[3] + " -source:bbc");
  BOOST_REQUIRE_EQUAL(filtered.size(), 1u);
  BOOST_TEST(filtered[0]["versions"] == 2);
  Run text = search({"--db", a.db, "--", wire[3] + " -source:bbc"});
  BOOST_TEST(text.out.find("1 story in 2 articles matches") == 0u, text.out);
}

BOOST_AUTO_TEST_SUITE_END()
