// cli: the real `index` and `search` binaries on the seed corpus and on a
// generated corpus, compared with what an independent scan of the files says.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

const std::string kHurriyet = "lavrov-says-us-invited-to-syria-talks-in-astana.txt";
const std::string kFreeWestMedia = "syria-peace-talks-in-astana-without-the-us.txt";

std::vector<std::string> file_names(const std::string& json_lines) {
  std::vector<std::string> names;
  for (const std::string& p : result_paths(json_lines)) names.push_back(std::filesystem::path(p).filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct SeedIndex {
  TempDir dir;
  std::string db = (dir / "db").string();
  SeedIndex() { BOOST_REQUIRE_EQUAL(index({"--db", db, seed_corpus().string()}).status, 0); }
  Run find(const std::string& query) { return search({"--db", db, "--json", "--limit", "100", "--", query}); }
};

// A corpus of short articles over a small vocabulary, so that phrases and
// boolean combinations have many matches and non-matches.
struct GeneratedCorpus {
  TempDir dir;
  std::string db = (dir / "db").string();
  std::map<std::string, std::vector<std::string>> words_of;  // file name -> its words, lower case

  GeneratedCorpus() {
    const std::vector<std::string> vocabulary{"oil", "prices", "rose", "fell", "bank", "rates", "talks", "peace",
                                              "syria", "astana", "geneva", "crude", "market", "the", "of", "said"};
    std::mt19937 random(42);
    for (int i = 0; i < 120; ++i) {
      std::string name = "a" + std::to_string(i) + ".txt";
      std::string text = "Story " + std::to_string(i) + ".\n\n";
      std::vector<std::string>& words = words_of[name];
      int length = 20 + static_cast<int>(random() % 40);
      for (int w = 0; w < length; ++w) {
        const std::string& word = vocabulary[random() % vocabulary.size()];
        words.push_back(word);
        // Random case and punctuation between words must not matter.
        std::string shown = word;
        if (random() % 5 == 0) shown[0] = static_cast<char>(std::toupper(shown[0]));
        text += shown + (random() % 7 == 0 ? ", " : random() % 11 == 0 ? ". " : " ");
      }
      write_file(dir / "corpus" / name, text + "\n");
    }
    BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  }

  std::vector<std::string> scan_phrase(const std::vector<std::string>& phrase) const {
    std::vector<std::string> names;
    for (const auto& [name, words] : words_of)
      if (std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end()) names.push_back(name);
    return names;
  }

  std::set<std::string> hits(const std::string& query) const {
    Run r = search({"--db", db, "--json", "--limit", "1000", "--", query});
    BOOST_REQUIRE_MESSAGE(r.status == 0 || r.status == 1, "search failed: " + r.err);
    auto names = file_names(r.out);
    return {names.begin(), names.end()};
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(phrase_wadi_barada_finds_only_the_hurriyet_article) {
  SeedIndex seeds;
  Run r = seeds.find("\"Wadi Barada\"");
  BOOST_TEST(r.status == 0);
  auto out = lines(r.out);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  nlohmann::json hit = nlohmann::json::parse(out[0]);
  BOOST_TEST(hit["title"] == "Lavrov says US invited to Syria talks in Astana");
  BOOST_TEST(hit["rank"] == 1);
  for (const char* field : {"score", "path", "date", "source", "snippet"}) BOOST_TEST(hit.contains(field));
  BOOST_TEST(hit["snippet"].get<std::string>().find("[Wadi Barada]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hyphenated_and_joined_spellings_find_each_other) {
  TempDir dir;
  write_file(dir / "corpus" / "hyphen.txt", "Truce holds\n\nThe cease-fire in the north held overnight.\n");
  write_file(dir / "corpus" / "joined.txt", "Talks resume\n\nA ceasefire was agreed by both sides.\n");
  write_file(dir / "corpus" / "apart.txt", "Guns fall silent\n\nCommanders ordered the troops to cease fire at dawn.\n");
  write_file(dir / "corpus" / "other.txt", "Fire at the factory\n\nThe fire brigade could not cease work.\n");
  write_file(dir / "corpus" / "title.txt", "Cease-fire agreed\n\nBoth sides signed on Monday.\n");
  const std::string db = (dir / "db").string();
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  auto found = [&](const std::string& query) {
    return file_names(search({"--db", db, "--json", "--", query}).out);
  };
  using Names = std::vector<std::string>;
  BOOST_TEST(found("ceasefire") == (Names{"hyphen.txt", "joined.txt", "title.txt"}), boost::test_tools::per_element());
  BOOST_TEST(found("ceasefires") == (Names{"hyphen.txt", "joined.txt", "title.txt"}), boost::test_tools::per_element());
  BOOST_TEST(found("cease-fire") == (Names{"apart.txt", "hyphen.txt", "joined.txt", "title.txt"}),
             boost::test_tools::per_element());
  BOOST_TEST(found("\"cease fire\"") == (Names{"apart.txt", "hyphen.txt", "title.txt"}), boost::test_tools::per_element());
  BOOST_TEST(found("title:ceasefire") == (Names{"title.txt"}), boost::test_tools::per_element());
  // The joined word marks the hyphenated one in the snippet.
  Run r = search({"--db", db, "--json", "--", "ceasefire held"});
  BOOST_REQUIRE_GE(lines(r.out).size(), 1u);
  BOOST_TEST(file_names(lines(r.out)[0]) == Names{"hyphen.txt"}, boost::test_tools::per_element());  // the one with both words
  BOOST_TEST(nlohmann::json::parse(lines(r.out)[0])["snippet"].get<std::string>().find("[cease-fire]") != std::string::npos,
             r.out);
}

BOOST_AUTO_TEST_CASE(boolean_operators_on_the_seeds) {
  SeedIndex seeds;
  std::vector<std::string> both{kFreeWestMedia, kHurriyet};
  std::sort(both.begin(), both.end());
  BOOST_TEST(file_names(seeds.find("astana").out) == both, boost::test_tools::per_element());
  BOOST_TEST(file_names(seeds.find("astana NOT hezbollah").out) == std::vector<std::string>{kFreeWestMedia},
             boost::test_tools::per_element());
  BOOST_TEST(file_names(seeds.find("\"astana talks\" OR \"peace talks\"").out) == both, boost::test_tools::per_element());
  BOOST_TEST(file_names(seeds.find("hezbollah AND astana").out) == std::vector<std::string>{kHurriyet},
             boost::test_tools::per_element());
  BOOST_TEST(file_names(seeds.find("-hezbollah astana").out) == std::vector<std::string>{kFreeWestMedia},
             boost::test_tools::per_element());
  BOOST_TEST(file_names(seeds.find("(kremlin OR hezbollah) AND astana").out) == both, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(phrase_miss_and_no_results_exit_1) {
  SeedIndex seeds;
  Run r = seeds.find("\"barada wadi\"");
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.out.empty());
  Run text = search({"--db", seeds.db, "zzzunknownword"});
  BOOST_TEST(text.status == 1);
  BOOST_TEST(text.out.find("No articles match") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_misspelled_word_gets_a_suggestion_from_the_articles_words) {
  SeedIndex seeds;
  Run text = search({"--db", seeds.db, "astanna talks"});
  BOOST_TEST(text.out.find("no article has astanna") != std::string::npos);
  BOOST_TEST(text.out.find("Did you mean: astana talks?") != std::string::npos);
  Run json = search({"--db", seeds.db, "--json", "--summary", "--", "hezbolah"});
  BOOST_TEST(json.status == 1);
  BOOST_TEST(nlohmann::json::parse(json.out)["summary"]["suggestion"] == "hezbollah");
  Run far = search({"--db", seeds.db, "--json", "--summary", "--", "qqqzzz"});
  BOOST_TEST(nlohmann::json::parse(far.out)["summary"]["suggestion"] == "");
}

BOOST_AUTO_TEST_CASE(stems_find_other_forms_and_the_title_ranks_first) {
  SeedIndex seeds;
  BOOST_TEST(file_names(seeds.find("negotiate").out).size() == 2u);  // "negotiations", "negotiate"
  auto ranked = result_paths(seeds.find("lavrov invited").out);
  BOOST_REQUIRE(!ranked.empty());
  BOOST_TEST(std::filesystem::path(ranked[0]).filename().string() == kHurriyet);
}

BOOST_AUTO_TEST_CASE(text_output_shows_rank_title_date_source_path_and_marks) {
  SeedIndex seeds;
  Run r = search({"--db", seeds.db, "Wadi Barada"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out.find("1 article matches") != std::string::npos);
  BOOST_TEST(r.out.find("1. Lavrov says US invited to Syria talks in Astana") != std::string::npos);
  BOOST_TEST(r.out.find("hurriyet-daily-news") != std::string::npos);
  BOOST_TEST(r.out.find("[Wadi Barada]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(usage_query_and_database_errors_are_one_line_with_distinct_codes) {
  SeedIndex seeds;
  Run usage = search({"--db", seeds.db, "--limit", "many", "astana"});
  BOOST_TEST(usage.status == 2);
  BOOST_TEST(lines(usage.err).size() == 1u);
  Run query = search({"--db", seeds.db, "astana date:2017-99"});
  BOOST_TEST(query.status == 2);
  BOOST_TEST(query.err.find("column 8") != std::string::npos);
  BOOST_TEST(lines(query.err).size() == 1u);
  Run missing = search({"--db", (seeds.dir / "nowhere").string(), "astana"});
  BOOST_TEST(missing.status == 3);
  BOOST_TEST(missing.err.find("no database at") != std::string::npos);
  Run no_path = index({"--db", seeds.db, (seeds.dir / "no-such-folder").string()});
  BOOST_TEST(no_path.status == 3);
  BOOST_TEST(lines(no_path.err).size() == 1u);
  BOOST_TEST(index({"--db", seeds.db}).status == 2);
}

BOOST_AUTO_TEST_CASE(database_comes_from_WADI_DB_when_not_given) {
  SeedIndex seeds;
  ScopedEnv given("WADI_DB", seeds.db);
  Run r = search({"--json", "astana"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.out).size() == 2u);
}

BOOST_AUTO_TEST_CASE(phrase_results_equal_an_independent_scan) {
  GeneratedCorpus corpus;
  std::mt19937 random(7);
  int checked = 0, nonempty = 0;
  for (const auto& [name, words] : corpus.words_of) {
    if (checked >= 40) break;
    std::size_t length = 2 + random() % 3;
    std::size_t start = random() % (words.size() - length);
    std::vector<std::string> phrase(words.begin() + start, words.begin() + start + length);
    if (random() % 3 == 0) std::reverse(phrase.begin(), phrase.end());  // sometimes a phrase few articles have
    std::string query = "\"";
    for (const std::string& w : phrase) query += w + " ";
    query.back() = '"';
    auto expected = corpus.scan_phrase(phrase);
    std::set<std::string> want(expected.begin(), expected.end());
    BOOST_TEST((corpus.hits(query) == want), "phrase " << query);
    nonempty += !want.empty();
    ++checked;
  }
  BOOST_TEST(nonempty >= 20);
}

BOOST_AUTO_TEST_CASE(boolean_results_obey_set_algebra) {
  GeneratedCorpus corpus;
  auto a = corpus.hits("oil"), b = corpus.hits("geneva"), c = corpus.hits("crude");
  auto a_or_b = corpus.hits("oil OR geneva"), a_and_b = corpus.hits("oil AND geneva"), a_not_b = corpus.hits("oil NOT geneva");
  BOOST_TEST(a_or_b.size() == a.size() + b.size() - a_and_b.size());
  BOOST_TEST(a_not_b.size() == a.size() - a_and_b.size());
  std::set<std::string> expected;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(expected, expected.end()));
  BOOST_TEST((a_and_b == expected));
  auto grouped = corpus.hits("(oil OR geneva) AND crude"), ungrouped = corpus.hits("oil OR (geneva AND crude)");
  std::set<std::string> want_grouped, want_ungrouped = a;
  for (const auto& n : a_or_b)
    if (c.count(n)) want_grouped.insert(n);
  for (const auto& n : b)
    if (c.count(n)) want_ungrouped.insert(n);
  BOOST_TEST((grouped == want_grouped));
  BOOST_TEST((ungrouped == want_ungrouped));
  BOOST_TEST((grouped != ungrouped));
}

BOOST_AUTO_TEST_SUITE_END()
