// ranking: pseudo-relevance feedback only reorders the matches of a plain-word
// query, reranks the first pass's best articles, and never touches phrases or
// boolean queries; the docid filter that rerank step uses, on every shard.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/ranking_settings.h"
#include "analysis/schema.h"
#include "docid_set.h"
#include "e2e_support.h"

using namespace wadi::test;

namespace {

// 300 articles on 10 topics, each written mostly in its topic's words, indexed
// in 3 shards: enough for feedback to find each topic's words.
struct TopicCorpus {
  TempDir dir;
  std::string db = (dir / "db").string();

  static std::string word(int topic, int i) { return "t" + std::string(1, static_cast<char>('a' + topic)) + "w" + std::string(1, static_cast<char>('a' + i)); }

  TopicCorpus() {
    std::mt19937 random(11);
    for (int n = 0; n < 300; ++n) {
      int topic = n % 10;
      std::string text = "Report " + std::to_string(n) + "\n\n";
      int length = 30 + static_cast<int>(random() % 60);
      for (int w = 0; w < length; ++w) {
        int from = random() % 4 == 0 ? static_cast<int>(random() % 10) : topic;  // a quarter off topic
        text += word(from, static_cast<int>(random() % 20)) + (w % 12 == 11 ? ". " : " ");
      }
      write_file(dir / "corpus" / ("r" + std::to_string(n) + ".txt"), text + "\n");
    }
    BOOST_REQUIRE_EQUAL(index({"--db", db, "--jobs", "3", (dir / "corpus").string()}).status, 0);
  }

  // Paths in rank order, and the summary object.
  std::pair<std::vector<std::string>, nlohmann::json> find(const std::string& query, int limit,
                                                          std::vector<std::string> options = {}) const {
    std::vector<std::string> args{"--db", db, "--json", "--summary", "--limit", std::to_string(limit)};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {"--", query});
    Run r = search(args);
    BOOST_REQUIRE_MESSAGE(r.status == 0 || (r.status == 1 && r.err.empty()), "search failed: " + r.err);
    nlohmann::json summary;
    for (const std::string& line : lines(r.out))
      if (auto j = nlohmann::json::parse(line); j.contains("summary")) summary = j["summary"];
    return {result_paths(r.out), summary};
  }
};

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(ranking)

BOOST_AUTO_TEST_CASE(docid_set_matches_exactly_its_articles_on_every_shard) {
  TempDir dir;
  std::vector<Xapian::WritableDatabase> shards;
  Xapian::Database combined;
  for (int s = 0; s < 3; ++s) {
    shards.emplace_back((dir / ("shard" + std::to_string(s))).string(), Xapian::DB_CREATE);
    for (int d = 0; d < 7; ++d) {
      Xapian::Document doc;
      doc.add_term(d % 2 ? "odd" : "even");
      shards.back().add_document(doc);
    }
    shards.back().commit();
    combined.add_database(Xapian::Database((dir / ("shard" + std::to_string(s))).string()));
  }
  auto matched = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(combined);
    enquire.set_query(query);
    std::set<Xapian::docid> docids;
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) docids.insert(*it);
    return docids;
  };
  // Global docids 1, 2, 3 are the first article of shards 0, 1, 2; 21 the last of shard 2.
  std::vector<Xapian::docid> wanted{21, 1, 5, 2, 3, 14, 5};
  BOOST_TEST((matched(wadi::DocidSet::query(wanted, combined)) == std::set<Xapian::docid>{1, 2, 3, 5, 14, 21}));
  // Global docid g is article (g - 1) / 3 (from 0) of its shard: "even" for 1, 2, 3, 14 and 21.
  Xapian::Query even_ones(Xapian::Query::OP_FILTER, Xapian::Query("even"), wadi::DocidSet::query(wanted, combined));
  BOOST_TEST((matched(even_ones) == std::set<Xapian::docid>{1, 2, 3, 14, 21}));
  Xapian::Database one((dir / "shard1").string());
  Xapian::Enquire enquire(one);
  enquire.set_query(wadi::DocidSet::query({7, 2}, one));
  BOOST_TEST(enquire.get_mset(0, 10).size() == 2u);
}

BOOST_AUTO_TEST_CASE(feedback_reorders_the_matches_and_keeps_their_count) {
  TopicCorpus corpus;
  const std::string query = TopicCorpus::word(3, 1) + " " + TopicCorpus::word(3, 2);
  auto [with_feedback, summary] = corpus.find(query, 1000);
  const std::string reading = summary["reading"].get<std::string>();
  const std::size_t expansion = reading.find("FEEDBACK(");
  BOOST_TEST_REQUIRE(expansion != std::string::npos);
  // Expansion terms are other words than the query's own.
  BOOST_TEST(reading.find(TopicCorpus::word(3, 1), expansion) == std::string::npos, reading);
  BOOST_TEST(reading.find(TopicCorpus::word(3, 2), expansion) == std::string::npos, reading);
  ScopedEnv off("WADI_PRF", "0");
  auto [without, plain_summary] = corpus.find(query, 1000);
  BOOST_TEST(plain_summary["reading"].get<std::string>().find("FEEDBACK(") == std::string::npos);
  BOOST_TEST(with_feedback.size() > 10u);
  BOOST_TEST((as_set(with_feedback) == as_set(without)));
  BOOST_TEST(summary["matches"] == plain_summary["matches"]);
  BOOST_TEST((with_feedback != without), "feedback changed no rank");
}

BOOST_AUTO_TEST_CASE(no_feedback_ranks_as_without_feedback) {
  TopicCorpus corpus;
  const std::string query = TopicCorpus::word(3, 1) + " " + TopicCorpus::word(3, 2);
  auto [asked, asked_summary] = corpus.find(query, 1000, {"--no-feedback"});
  BOOST_TEST(asked_summary["reading"].get<std::string>().find("FEEDBACK(") == std::string::npos);
  auto [with_feedback, summary] = corpus.find(query, 1000);
  BOOST_TEST((asked != with_feedback), "--no-feedback changed no rank");
  ScopedEnv off("WADI_PRF", "0");
  auto [without, plain_summary] = corpus.find(query, 1000);
  BOOST_TEST((asked == without), boost::test_tools::per_element());
  BOOST_TEST(asked_summary["matches"] == plain_summary["matches"]);
}

BOOST_AUTO_TEST_CASE(feedback_reranks_only_the_first_pass_best_articles) {
  TopicCorpus corpus;
  int reordered_beyond_the_depth = 0;
  for (int topic = 0; topic < 10; ++topic) {
    const std::string query = TopicCorpus::word(topic, 0);
    std::vector<std::string> first_pass;
    {
      ScopedEnv off("WADI_PRF", "0");
      first_pass = corpus.find(query, 4).first;
    }
    auto [reranked_all, all_summary] = corpus.find(query, 4);
    reordered_beyond_the_depth += as_set(reranked_all) != as_set(first_pass);
    ScopedEnv depth("WADI_PRF_DEPTH", "4");
    auto [page, summary] = corpus.find(query, 4);
    BOOST_TEST((as_set(page) == as_set(first_pass)), query << ": the page holds articles beyond the first pass's top 4");
    BOOST_TEST(summary["matches"].get<int>() > 4);  // the count is the query's, not the depth's
    BOOST_TEST(corpus.find(query, 20).first.size() == 20u);  // a page deeper than the depth is served
  }
  // Otherwise this test could not tell a rerank of the top 4 from one of every match.
  BOOST_TEST(reordered_beyond_the_depth > 0);
}

BOOST_AUTO_TEST_CASE(pages_across_the_feedback_depth_neither_overlap_nor_skip) {
  TopicCorpus corpus;
  ScopedEnv depth("WADI_PRF_DEPTH", "5");
  const std::string query = TopicCorpus::word(7, 2);
  std::vector<std::string> whole = corpus.find(query, 12).first;
  BOOST_TEST_REQUIRE(whole.size() == 12u);
  std::vector<std::string> paged;
  for (int offset = 0; offset < 12; offset += 3) {
    Run r = search({"--db", corpus.db, "--json", "--limit", "3", "--offset", std::to_string(offset), "--", query});
    for (const std::string& path : result_paths(r.out)) paged.push_back(path);
  }
  BOOST_TEST(paged == whole, boost::test_tools::per_element());
  BOOST_TEST(as_set(paged).size() == 12u);
  // Below the depth, the order is the query's own.
  std::vector<std::string> first_pass;
  {
    ScopedEnv off("WADI_PRF", "0");
    first_pass = corpus.find(query, 12).first;
  }
  BOOST_TEST((std::vector<std::string>(whole.begin() + 5, whole.end()) ==
              std::vector<std::string>(first_pass.begin() + 5, first_pass.end())));
}

BOOST_AUTO_TEST_CASE(feedback_weighs_no_more_than_a_short_query_itself) {
  // Unbounded, up to 50 expansion stems outweigh a one-word query and its
  // top five articles' shared words decide the order; bounded by the query's
  // own weight, they reorder fewer of the first pass's best ten.
  TopicCorpus corpus;
  auto moved = [](const std::vector<std::string>& page, const std::vector<std::string>& first_pass) {
    int n = 0;
    for (std::size_t i = 0; i < page.size() && i < first_pass.size(); ++i) n += page[i] != first_pass[i];
    return n;
  };
  int bounded = 0, unbounded = 0;
  for (int topic = 0; topic < 10; ++topic) {
    const std::string query = TopicCorpus::word(topic, 5);
    std::vector<std::string> first_pass, without_bound;
    {
      ScopedEnv off("WADI_PRF", "0");
      first_pass = corpus.find(query, 10).first;
    }
    {
      ScopedEnv no_bound("WADI_PRF_BALANCE", "0");
      without_bound = corpus.find(query, 10).first;
    }
    bounded += moved(corpus.find(query, 10).first, first_pass);
    unbounded += moved(without_bound, first_pass);
  }
  BOOST_TEST(bounded > 0, "feedback no longer reorders one-word queries");
  BOOST_TEST(bounded < unbounded);
}

BOOST_AUTO_TEST_CASE(expansion_searches_the_forms_the_feedback_articles_hold) {
  // The feedback articles say "harvests"; one other match says "harvesting"
  // (the same stem), its twin says "zebra" instead. Expansion adds the words
  // the feedback set holds, as RM3 does, not every form of their stems: the
  // twins weigh the same. With every form (WADI_PRF_ALL_FORMS=1) the first
  // would weigh more.
  TempDir dir;
  const std::string db = (dir / "db").string();
  auto article = [&](const std::string& name, const std::string& body) {
    write_file(dir / "corpus" / (name + ".txt"), "Report " + name + "\n\n" + body + "\n");
  };
  for (int n = 0; n < 100; ++n) article("filler" + std::to_string(n), "plain common words fill this page today");
  for (int n = 0; n < 5; ++n) article("top" + std::to_string(n), "alpha alpha alpha harvests harvests common words");
  article("twin1", "alpha harvesting harvesting harvesting plain common words fill this page");
  article("twin2", "alpha zebra zebra zebra plain common words fill this page");
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  auto scores = [&] {
    // Every version: the "top" articles are copies of one story.
    Run r = search({"--db", db, "--json", "--limit", "20", "--all-versions", "--", "alpha"});
    BOOST_REQUIRE_EQUAL(r.status, 0);
    std::map<std::string, double> by_name;
    for (const std::string& line : lines(r.out)) {
      nlohmann::json j = nlohmann::json::parse(line);
      if (j.contains("path")) by_name[std::filesystem::path(j["path"].get<std::string>()).stem().string()] = j["score"].get<double>();
    }
    BOOST_REQUIRE(by_name.count("twin1") && by_name.count("twin2"));
    return by_name;
  };
  auto found_forms = scores();
  BOOST_TEST(found_forms["twin1"] == found_forms["twin2"], boost::test_tools::tolerance(1e-9));
  ScopedEnv all_forms("WADI_PRF_ALL_FORMS", "1");
  auto every_form = scores();
  BOOST_TEST(every_form["twin1"] > every_form["twin2"] + 1e-6);
}

BOOST_AUTO_TEST_CASE(a_short_querys_feedback_takes_only_words_several_top_articles_share) {
  // Each of the five feedback articles has a word of its own; two of them
  // share "harvests". A word of one article alone is that article's subject,
  // and weighing every candidate cost half a short query's time (issue 23).
  TempDir dir;
  const std::string db = (dir / "db").string();
  auto article = [&](const std::string& name, const std::string& body) {
    write_file(dir / "corpus" / (name + ".txt"), "Report " + name + "\n\n" + body + "\n");
  };
  for (int n = 0; n < 100; ++n) article("filler" + std::to_string(n), "plain common words fill this page today");
  for (int n = 0; n < 5; ++n)
    article("top" + std::to_string(n), std::string("alpha alpha alpha solo") + static_cast<char>('a' + n) +
                                           (n < 2 ? " harvests harvests" : "") + " common words");
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  auto feedback = [&] {
    Run r = search({"--db", db, "--json", "--summary", "--", "alpha"});
    BOOST_REQUIRE_EQUAL(r.status, 0);
    const std::string reading = nlohmann::json::parse(lines(r.out).back())["summary"]["reading"].get<std::string>();
    BOOST_TEST_REQUIRE(reading.find("FEEDBACK(") != std::string::npos, reading);
    return reading.substr(reading.find("FEEDBACK("));
  };
  const std::string shared = feedback();
  BOOST_TEST(shared.find("harvests") != std::string::npos, shared);
  BOOST_TEST(shared.find("solo") == std::string::npos, shared);
  ScopedEnv any("WADI_PRF_SHORT_MIN_DOCS", "1");
  BOOST_TEST(feedback().find("solo") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(b_follows_how_widely_article_lengths_spread) {
  wadi::RankingSettings settings;
  BOOST_TEST(settings.b_for(0) == 0.75);     // not recorded: an older index
  BOOST_TEST(settings.b_for(0.45) == 0.75);  // abstracts
  BOOST_TEST(settings.b_for(0.65) == 0.625, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(settings.b_for(0.88) == 0.5);   // news
  settings.bm25_b_fixed = true;              // WADI_BM25_B given: for every archive
  BOOST_TEST(settings.b_for(0.88) == 0.75);
}

BOOST_AUTO_TEST_CASE(an_archive_of_briefs_and_long_reports_normalises_length_less) {
  // Index runs record the articles' length statistics in every shard; the
  // searcher's b follows them: 0.5 where lengths spread as news's do, the
  // plain 0.75 where they are even. A no-op run records them in an index
  // made before they existed.
  auto scores = [](const std::string& db) {
    Run r = search({"--db", db, "--json", "--limit", "100", "--", "gamma delta"});
    BOOST_REQUIRE_EQUAL(r.status, 0);
    std::vector<double> out;
    for (const std::string& line : lines(r.out))
      if (auto j = nlohmann::json::parse(line); j.contains("score")) out.push_back(j["score"].get<double>());
    BOOST_REQUIRE(!out.empty());
    return out;
  };
  auto same_scores = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::abs(a[i] - b[i]) > 1e-9) return false;
    return true;
  };
  auto scores_with_b = [&](const std::string& db, const char* b) {
    ScopedEnv fixed("WADI_BM25_B", b);
    return scores(db);
  };
  for (bool spread : {true, false}) {
    TempDir dir;
    const std::string db = (dir / "db").string();
    std::mt19937 random(3);
    for (int n = 0; n < 120; ++n) {
      int length = spread && n % 4 == 0 ? 300 + static_cast<int>(random() % 300) : 30 + static_cast<int>(random() % 20);
      std::string text = "Item " + std::to_string(n) + "\n\n" + (n % 3 == 0 ? "gamma delta " : "gamma ");
      for (int w = 0; w < length; ++w) text += "word" + std::to_string(random() % 50) + " ";
      write_file(dir / "corpus" / ("a" + std::to_string(n) + ".txt"), text + "\n");
    }
    BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
    std::istringstream recorded(Xapian::Database(db).get_metadata(wadi::schema::kLengthSpreadKey));
    double mean = 0, deviation = 0;
    BOOST_TEST_REQUIRE(static_cast<bool>(recorded >> mean >> deviation));
    BOOST_TEST((spread ? deviation / mean > 0.8 : deviation / mean < 0.5), deviation / mean);
    Run explained = search({"--db", db, "--explain", "--limit", "0", "gamma"});
    BOOST_TEST(explained.out.find(spread ? "Ranked by: BM25 k1 2, b 0.5 (article lengths spread "
                                         : "Ranked by: BM25 k1 2, b 0.75 (article lengths spread ") != std::string::npos,
               explained.out);
    const std::vector<double> chosen = scores(db);
    const std::vector<double> expected = scores_with_b(db, spread ? "0.5" : "0.75");
    BOOST_TEST(same_scores(chosen, expected));
    if (spread) {
      BOOST_TEST(!same_scores(chosen, scores_with_b(db, "0.75")));
      // An index made before the statistics existed: the plain b until a run records them.
      for (const auto& entry : std::filesystem::directory_iterator(dir / "db"))
        if (entry.path().filename().string().rfind("shard", 0) == 0) {
          Xapian::WritableDatabase shard(entry.path().string(), Xapian::DB_OPEN);
          shard.set_metadata(wadi::schema::kLengthSpreadKey, "");
          shard.commit();
        }
      BOOST_TEST(same_scores(scores(db), scores_with_b(db, "0.75")));
      BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
      BOOST_TEST(same_scores(scores(db), expected));
    }
  }
}

BOOST_AUTO_TEST_CASE(phrases_and_boolean_queries_get_no_feedback) {
  TopicCorpus corpus;
  const std::string a = TopicCorpus::word(2, 3), b = TopicCorpus::word(2, 4);
  for (const std::string& query : {"\"" + a + " " + b + "\"", a + " AND " + b, a + " OR " + b, a + " -" + b}) {
    auto [page, summary] = corpus.find(query, 10);
    BOOST_TEST(summary["reading"].get<std::string>().find("FEEDBACK(") == std::string::npos, query);
  }
}

BOOST_AUTO_TEST_SUITE_END()
