// hostile_query: random malformed queries never crash or hang the searcher;
// each is answered, or refused with one line pointing at a column.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <random>

#include "e2e_support.h"
#include "searcher.h"

using namespace wadi::test;

namespace {

// Pieces a careless or hostile user might type, glued at random.
std::string random_query(std::mt19937& random) {
  static const std::vector<std::string> pieces{
      "astana", "talks", "Lavrov", "лавров", "谈判", "بردى", "2017", "AND", "OR", "NOT", "NEAR", "NEAR/3", "NEAR/x",
      "(", ")", "\"", "-", "+", "*", "negotiat*", "a*", ":", "title:", "source:", "lang:", "date:", "foo:",
      "date:2017-01..2017-02", "date:..2017", "date:2017-13", "date:x..y", "lang:zz", "title:\"peace talks\"",
      "\x01", "\t", "\xff\xfe", "\xC3", "  ", "&&", "||", "\"\"", "()", "((", "))", "NEAR/99999", "-(", "+\""};
  std::string q;
  int n = 1 + static_cast<int>(random() % 12);
  for (int i = 0; i < n; ++i) {
    q += pieces[random() % pieces.size()];
    if (random() % 3) q += ' ';
  }
  if (random() % 50 == 0) q = std::string(100 * 1024, '(') + q;      // a 100 KB query
  if (random() % 50 == 0) for (int i = 0; i < 2000; ++i) q += " w" + std::to_string(i);
  return q;
}

struct SeedDatabase {
  TempDir dir;
  std::string db = (dir / "db").string();
  SeedDatabase() { BOOST_REQUIRE_EQUAL(index({"--db", db, seed_corpus().string()}).status, 0); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_query)

BOOST_AUTO_TEST_CASE(ten_thousand_random_queries_are_answered_or_refused_quickly) {
  SeedDatabase seeds;
  wadi::Searcher searcher(seeds.db);
  std::mt19937 random(2017);
  int answered = 0, refused = 0;
  double slowest = 0;
  for (int i = 0; i < 10000; ++i) {
    std::string q = random_query(random);
    auto start = std::chrono::steady_clock::now();
    try {
      searcher.search(q, wadi::SearchOptions{});
      ++answered;
    } catch (const wadi::QueryError& e) {
      BOOST_TEST(e.column() >= 1u);
      ++refused;
    } catch (const Xapian::WildcardError&) {
      ++refused;
    }
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  BOOST_TEST_MESSAGE(answered << " answered, " << refused << " refused, slowest " << slowest << " s");
  BOOST_TEST(answered > 1000);
  BOOST_TEST(refused > 100);
  BOOST_TEST(slowest < 1.0 * WADI_TIME_SCALE);
}

BOOST_AUTO_TEST_CASE(the_program_exits_0_1_or_2_with_at_most_one_line_on_stderr) {
  SeedDatabase seeds;
  std::mt19937 random(99);
  for (int i = 0; i < 200; ++i) {
    std::string q = random_query(random);
    Run r = search({"--db", seeds.db, "--", q});
    BOOST_TEST((r.status == 0 || r.status == 1 || r.status == 2), "exit " << r.status << " for query " << q);
    BOOST_TEST(lines(r.err).size() <= 1u, "stderr for query " << q << ": " << r.err);
    if (r.status == 2)  // a query error, or a query of white space only
      BOOST_TEST((r.err.find("search: query error") == 0u || r.err.find("search: no query given") == 0u), r.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
