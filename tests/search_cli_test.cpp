// search_cli: the real `search` binary on generated corpora, for what a
// reader quotes or types: the match count (exact up to 10,000, never
// depending on the page size), the per-word counts, and the options.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <sstream>

#include "e2e_support.h"
#include "result_printer.h"

using namespace wadi::test;

namespace {

// 400 short articles in which the counts of phrases and boolean
// combinations are known: article i holds "alpha beta" as a phrase when i %
// 3 == 0 (else both words apart), "gamma" when i is even, "delta" when i %
// 5 == 0.
struct CountedCorpus {
  TempDir dir;
  std::string db = (dir / "db").string();
  static constexpr int kArticles = 400;
  CountedCorpus() {
    std::string lines;
    for (int i = 0; i < kArticles; ++i) {
      std::string body = i % 3 == 0 ? "the alpha beta report said" : "beta came before alpha in the report";
      if (i % 2 == 0) body += " gamma rays";
      if (i % 5 == 0) body += " delta force";
      body += " filler" + std::to_string(i % 17) + " words here";
      lines += nlohmann::json{{"id", i}, {"title", "Story " + std::to_string(i)}, {"body", body}}.dump() + "\n";
    }
    write_file(dir / "corpus" / "feed.jsonl", lines);
    BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  }
  static int expected(bool (*holds)(int)) {
    int n = 0;
    for (int i = 0; i < kArticles; ++i) n += holds(i);
    return n;
  }
  Run text(const std::string& query, const std::string& limit) { return search({"--db", db, "-n", limit, "--", query}); }
  nlohmann::json summary(const std::vector<std::string>& extra, const std::string& query) {
    std::vector<std::string> args{"--db", db, "--json", "--summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--");
    args.push_back(query);
    Run r = search(args);
    return nlohmann::json::parse(lines(r.out).back())["summary"];
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(search_cli)

BOOST_AUTO_TEST_CASE(the_count_is_exact_whatever_the_page_size) {
  CountedCorpus corpus;
  const int phrase = CountedCorpus::expected([](int i) { return i % 3 == 0; });
  const int gamma_not_delta = CountedCorpus::expected([](int i) { return i % 2 == 0 && i % 5 != 0; });
  const int prefix = CountedCorpus::expected([](int i) { return i % 2 == 0 || i % 5 == 0; });
  const std::vector<std::pair<std::string, int>> queries{
      {"\"alpha beta\"", phrase}, {"gamma AND NOT delta", gamma_not_delta}, {"gamma OR delt*", prefix},
      {"alpha NEAR/3 beta", CountedCorpus::kArticles}, {"alpha NEAR/1 beta", phrase}};
  for (const auto& [query, count] : queries) {
    const std::string line = std::to_string(count) + " articles match";
    for (const char* limit : {"1", "3", "10", "50", "0"}) {
      Run r = corpus.text(query, limit);
      BOOST_TEST(r.out.find(line) != std::string::npos, query + " -n " + limit + ": " + r.out.substr(0, 80));
      BOOST_TEST(r.out.find("About") == std::string::npos);
    }
    nlohmann::json summary = corpus.summary({"-n", "2"}, query);
    BOOST_TEST(summary["matches"] == count, query);
    BOOST_TEST(summary["exact"] == true, query);
    nlohmann::json facets = corpus.summary({"-n", "2", "--facets"}, query);
    BOOST_TEST(facets["matches"] == count, query);
  }
  for (const char* limit : {"1", "10"}) {
    Run r = search({"--db", corpus.db, "-n", limit, "--no-feedback", "gamma rays"});
    BOOST_TEST(r.out.find("200 articles match") != std::string::npos, r.out.substr(0, 80));
  }
}

BOOST_AUTO_TEST_CASE(the_count_of_similar_articles_does_not_depend_on_the_page_size) {
  CountedCorpus corpus;
  Run first = search({"--db", corpus.db, "--json", "-n", "1", "gamma"});
  const std::string key = nlohmann::json::parse(lines(first.out).at(0))["key"];
  auto count = [&](const char* limit) {
    Run r = search({"--db", corpus.db, "--json", "--summary", "-n", limit, "--similar", key});
    nlohmann::json summary = nlohmann::json::parse(lines(r.out).back())["summary"];
    BOOST_TEST(summary["exact"] == true);
    return summary["matches"].get<int>();
  };
  const int all = count("0");
  BOOST_TEST(all > 100);
  BOOST_TEST(count("1") == all);
  BOOST_TEST(count("10") == all);
}

BOOST_AUTO_TEST_CASE(similar_articles_never_list_the_article_itself_even_under_a_long_path) {
  TempDir dir;
  const std::string db = (dir / "db").string();
  // Past 200 bytes a key is cut and completed by a hash in its term.
  const std::filesystem::path deep = dir / "corpus" / std::string(120, 'd') / std::string(120, 'e');
  for (int i = 0; i < 6; ++i)
    write_file(deep / ("story" + std::to_string(i) + ".txt"),
               "Reservoir levels\n\nThe reservoir levels of the valley fell again, farmers said, reservoir " +
                   std::to_string(i) + ".\n");
  for (int i = 0; i < 30; ++i)
    write_file(dir / "corpus" / "other" / ("other" + std::to_string(i) + ".txt"),
               "Market report " + std::to_string(i) + "\n\nShares and bonds moved as traders waited, the market said.\n");
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  const std::string self = (deep / "story0.txt").string();
  BOOST_REQUIRE(self.size() > 250u);
  Run r = search({"--db", db, "--json", "-n", "20", "--similar", self});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.find("story1.txt") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("story0.txt") == std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(similar_to_an_unknown_article_is_one_line_and_exit_1) {
  CountedCorpus corpus;
  Run r = search({"--db", corpus.db, "--similar", "no/such/article.txt"});
  BOOST_TEST(r.status == 1, r.err);
  BOOST_TEST(r.out.empty(), r.out);
  BOOST_TEST(lines(r.err) ==
                 std::vector<std::string>{"search: --similar: no indexed article has the path or key 'no/such/article.txt'"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_words_count_covers_every_form_the_query_searches) {
  TempDir dir;
  write_file(dir / "corpus" / "one.txt", "Rain in the valley\n\nThe wadi flooded after the storm.\n");
  write_file(dir / "corpus" / "two.txt", "Dry season\n\nThe wadis of the south are dry again.\n");
  const std::string db = (dir / "db").string();
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  Run r = search({"--db", db, "wadi qqqxyzzy"});
  BOOST_TEST(r.out.find("Found wadi (2 articles)") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("2 articles match") != std::string::npos, r.out);
}

// Issue 23: a short query's articles holding some of its words are results,
// those holding all of them first, and the count line says how many hold all.
BOOST_AUTO_TEST_CASE(a_short_query_finds_partial_matches_and_counts_those_with_every_word) {
  CountedCorpus corpus;
  const int some = CountedCorpus::expected([](int i) { return i % 2 == 0 || i % 5 == 0; });
  const int every = CountedCorpus::expected([](int i) { return i % 10 == 0; });
  const std::string line = std::to_string(some) + " articles match; " + std::to_string(every) + " have every word";
  for (const char* limit : {"1", "10", "0"}) {
    Run r = corpus.text("gamma delta", limit);
    BOOST_TEST(r.out.find(line) != std::string::npos, std::string("-n ") + limit + ": " + r.out.substr(0, 120));
  }
  nlohmann::json summary = corpus.summary({"-n", "2"}, "gamma delta");
  BOOST_TEST(summary["matches"] == some);
  BOOST_TEST(summary["every_word_matches"] == every);
  BOOST_TEST(summary["every_word_exact"] == true);
  BOOST_TEST(summary["relaxed"] == false);
  // Every article holding both words ranks above those holding one (many
  // articles here tell the same story: every version is listed).
  Run json = search({"--db", corpus.db, "--json", "--all-versions", "-n", std::to_string(every + 1), "--", "gamma delta"});
  const std::vector<std::string> hits = lines(json.out);
  BOOST_REQUIRE_EQUAL(hits.size(), static_cast<std::size_t>(every + 1));
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const std::string matched = nlohmann::json::parse(hits[i])["matched"].dump();
    const bool both = matched.find("gamma") != std::string::npos && matched.find("delta") != std::string::npos;
    BOOST_TEST(both == (i < static_cast<std::size_t>(every)), "rank " << i + 1 << ": " << matched);
  }
  // One word: nothing to say. Operators keep their meaning.
  BOOST_TEST(corpus.summary({}, "gamma")["every_word_matches"].is_null());
  BOOST_TEST(corpus.summary({}, "gamma AND delta")["matches"] == every);
  BOOST_TEST(corpus.summary({}, "+gamma +delta")["matches"] == every);
}

BOOST_AUTO_TEST_CASE(a_short_query_no_article_matches_in_full_says_which_words_were_found) {
  CountedCorpus corpus;
  const int gamma = CountedCorpus::expected([](int i) { return i % 2 == 0; });
  Run r = corpus.text("gamma qqqxyzzy", "3");
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out.find("Found gamma (" + std::to_string(gamma) + " articles); no article has qqqxyzzy.") != std::string::npos, r.out);
  BOOST_TEST(r.out.find(std::to_string(gamma) + " articles match; none has every word") != std::string::npos, r.out);
  nlohmann::json summary = corpus.summary({}, "gamma qqqxyzzy");
  BOOST_TEST(summary["relaxed"] == true);
  BOOST_TEST(summary["every_word_matches"] == 0);
  BOOST_TEST(summary["word_counts"]["gamma"] == gamma);
}

BOOST_AUTO_TEST_CASE(a_minus_word_after_the_first_query_word_excludes_it) {
  CountedCorpus corpus;
  const int gamma_not_delta = CountedCorpus::expected([](int i) { return i % 2 == 0 && i % 5 != 0; });
  Run r = search({"--db", corpus.db, "gamma", "-delta", "-n", "1"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find(std::to_string(gamma_not_delta) + " articles match") != std::string::npos, r.out);
  Run after_dashes = search({"--db", corpus.db, "-n1", "--", "-delta", "gamma"});
  BOOST_TEST(after_dashes.out.find(std::to_string(gamma_not_delta) + " articles match") != std::string::npos, after_dashes.out);
  // Options after the query words are still options.
  Run json = search({"--db", corpus.db, "gamma", "-delta", "--json", "-n", "3"});
  BOOST_TEST(lines(json.out).size() == 3u, json.out);
}

BOOST_AUTO_TEST_CASE(numeric_options_out_of_range_are_one_line_usage_errors) {
  CountedCorpus corpus;
  const std::vector<std::vector<std::string>> bad{
      {"-n", "-1"}, {"--limit", "10001"}, {"--offset", "-4"}, {"--page", "0"}, {"--page", "2", "--offset", "4"},
      {"--summary"}, {"--color", "sometimes"}};
  for (const auto& options : bad) {
    std::vector<std::string> args{"--db", corpus.db};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("gamma");
    Run r = search(args);
    BOOST_TEST(r.status == 2, options[0]);
    BOOST_TEST(lines(r.err).size() == 1u, r.err);
    BOOST_TEST(r.out.empty(), options[0]);
  }
  for (const std::vector<std::string>& options :
       std::vector<std::vector<std::string>>{{"-j", "-3"}, {"-j", "1000"}, {"--batch", "0"}, {"--batch", "-5"}}) {
    std::vector<std::string> args{"--db", (corpus.dir / "other").string()};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back((corpus.dir / "corpus").string());
    Run r = index(args);
    BOOST_TEST(r.status == 2, options[0] + " " + options[1]);
    BOOST_TEST(lines(r.err).size() == 1u, r.err);
    BOOST_TEST(r.err.find(options[0] == "-j" ? "--jobs" : "--batch") != std::string::npos, r.err);
  }
}

BOOST_AUTO_TEST_CASE(a_star_or_all_matches_every_article_with_filters_and_date_order) {
  CountedCorpus corpus;
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--", "*"}, {"--all"}, {"--all", "--sort", "date"}}) {
    std::vector<std::string> full{"--db", corpus.db, "-n", "1"};
    full.insert(full.end(), args.begin(), args.end());
    Run r = search(full);
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("400 articles match") != std::string::npos, r.out);
  }
  Run filtered = search({"--db", corpus.db, "-n", "1", "--", "* -delta"});
  BOOST_TEST(filtered.out.find("320 articles match") != std::string::npos, filtered.out);
}

BOOST_AUTO_TEST_CASE(colour_follows_the_color_option_and_NO_COLOR) {
  CountedCorpus corpus;
  auto coloured = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--db", corpus.db, "-n", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("gamma");
    return search(args).out.find('\033') != std::string::npos;
  };
  BOOST_TEST(coloured({"--color=always"}));
  BOOST_TEST(!coloured({"--color=never"}));
  BOOST_TEST(!coloured({}));  // not a terminal
  ScopedEnv no_colour("NO_COLOR", "1");
  BOOST_TEST(coloured({"--color", "always"}));
}

BOOST_AUTO_TEST_CASE(help_lists_exit_codes_and_file_types) {
  Run search_help = search({"--help"});
  BOOST_TEST(search_help.out.find("Exit codes: 0 results, 1 no results, 2 usage or query error, 3") != std::string::npos);
  Run index_help = index({"--help"});
  BOOST_TEST(index_help.out.find(".jsonl") != std::string::npos);
  BOOST_TEST(index_help.out.find(".html") != std::string::npos);
  BOOST_TEST(index_help.out.find("Exit codes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(spelling_is_suggested_for_rare_words_and_inside_phrases_and_fields) {
  TempDir dir;
  std::string feed;
  for (int i = 0; i < 30; ++i)
    feed += nlohmann::json{{"id", i}, {"title", "Government report " + std::to_string(i)},
                           {"body", "The government report on spending was published."}}.dump() + "\n";
  feed += nlohmann::json{{"id", 99}, {"title", "Typo"}, {"body", "The goverment report had a typo."}}.dump() + "\n";
  write_file(dir / "corpus" / "feed.jsonl", feed);
  const std::string db = (dir / "db").string();
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  Run rare = search({"--db", db, "goverment"});
  BOOST_TEST(rare.status == 0);
  BOOST_TEST(rare.out.find("Did you mean: government?") != std::string::npos, rare.out);
  auto suggestion = [&](const std::string& query) {
    Run r = search({"--db", db, "--json", "--summary", "--", query});
    return nlohmann::json::parse(lines(r.out).back())["summary"]["suggestion"].get<std::string>();
  };
  BOOST_TEST(suggestion("\"governmnt report\"") == "\"government report\"");
  BOOST_TEST(suggestion("title:governmnt") == "title:government");
  BOOST_TEST(suggestion("Government report") == "");
}

BOOST_AUTO_TEST_CASE(prefixes_expanding_past_a_thousand_terms_together_are_refused) {
  TempDir dir;
  std::string a, b;
  for (int i = 0; i < 700; ++i) a += "zqa" + std::to_string(i) + " ", b += "zqb" + std::to_string(i) + " ";
  write_file(dir / "corpus" / "a.txt", "Words\n\n" + a + "\n");
  write_file(dir / "corpus" / "b.txt", "Words\n\n" + b + "\n");
  const std::string db = (dir / "db").string();
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  BOOST_TEST(search({"--db", db, "zqa*"}).status == 0);
  Run both = search({"--db", db, "zqa* OR zqb*"});
  BOOST_TEST(both.status == 2);
  BOOST_TEST(both.err.find("column 9") != std::string::npos, both.err);
  BOOST_TEST(lines(both.err).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_prefix_of_a_hyphen_joined_word_finds_its_spellings) {
  TempDir dir;
  write_file(dir / "corpus" / "one.txt", "Letters\n\nShe sent an e-mail to the bank.\n");
  write_file(dir / "corpus" / "two.txt", "More letters\n\nThe e-mails were leaked on Monday.\n");
  write_file(dir / "corpus" / "three.txt", "Joined\n\nHe emailed the minister twice.\n");
  write_file(dir / "corpus" / "four.txt", "Post\n\nThe mail came late and the e was missing.\n");
  const std::string db = (dir / "db").string();
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  Run r = search({"--db", db, "--json", "--", "e-mail*"});
  BOOST_TEST(r.status == 0, r.err);
  std::vector<std::string> names;
  for (const std::string& p : result_paths(r.out)) names.push_back(std::filesystem::path(p).filename().string());
  std::sort(names.begin(), names.end());
  BOOST_TEST(names == (std::vector<std::string>{"one.txt", "three.txt", "two.txt"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_estimated_count_is_said_as_one_with_its_bounds) {
  wadi::SearchPage page;
  page.exact = false;
  page.matches = 13100;
  page.matches_lower = 12000;
  page.matches_upper = 15500;
  page.hits.push_back(wadi::Hit{1, 1.0, 100, 1, nlohmann::json::object(), {}, {}, {}});
  std::ostringstream text;
  wadi::print_text(text, "q", page, wadi::PrintOptions{});
  BOOST_TEST(text.str().find("Between 12,000 and 15,500 articles match (about 13,100)") != std::string::npos, text.str());
  std::ostringstream json;
  wadi::PrintOptions summary;
  summary.summary = true;
  wadi::print_json(json, page, summary);
  nlohmann::json s = nlohmann::json::parse(lines(json.str()).back())["summary"];
  BOOST_TEST(s["exact"] == false);
  BOOST_TEST(s["matches_lower"] == 12000);
  BOOST_TEST(s["matches_upper"] == 15500);
}

BOOST_AUTO_TEST_SUITE_END()
