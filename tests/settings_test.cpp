// settings: the WADI_ environment variables are read once, checked, and the
// index-time ones recorded in the database; the tests' own children never
// see a WADI_ variable the test did not set.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/ranking_settings.h"
#include "e2e_support.h"

using namespace wadi::test;
using wadi::RankingSettings;

namespace {

RankingSettings read(const std::map<std::string, std::string>& variables, std::string& warnings) {
  std::ostringstream out;
  RankingSettings settings = RankingSettings::from_environment(variables, "search", out);
  warnings = out.str();
  return settings;
}

// A corpus whose one article has the word "zebra" in its title only.
struct TitledCorpus {
  TempDir dir;
  std::string db = (dir / "db").string();
  std::string corpus = (dir / "corpus").string();
  TitledCorpus() {
    write_file(dir / "corpus" / "a.txt", "Zebra escapes\n\nThe animal left the park on Tuesday, keepers said.\n");
  }
  // How often the title word counts in the article of `name`.
  Xapian::termcount title_wdf(const std::string& word) const {
    Xapian::Database database(db);
    Xapian::PostingIterator p = database.postlist_begin(word);
    BOOST_REQUIRE(p != database.postlist_end(word));
    return p.get_wdf();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(no_variables_give_the_compiled_defaults_without_a_word) {
  std::string warnings;
  RankingSettings s = read({}, warnings);
  BOOST_TEST(warnings == "");
  BOOST_TEST(s.bm25_k1 == 2.0);
  BOOST_TEST(s.bm25_b == 0.75);
  BOOST_TEST(!s.bm25_b_fixed);
  BOOST_TEST(s.title_weight == 3u);
  BOOST_TEST(!s.title_weight_given);
  BOOST_TEST(s.prf);
  BOOST_TEST(s.weighting == "bm25");
}

BOOST_AUTO_TEST_CASE(non_finite_and_out_of_range_numbers_are_ignored_with_one_line_each) {
  std::string warnings;
  RankingSettings s = read({{"WADI_BM25_K1", "nan"}, {"WADI_PRF_WEIGHT", "inf"}, {"WADI_BM25_B", "1.5"},
                            {"WADI_TITLE_WEIGHT", "0"}, {"WADI_PRF_DOCS", "-3"}},
                           warnings);
  BOOST_TEST(s.bm25_k1 == 2.0);
  BOOST_TEST(s.prf_weight == 1.0);
  BOOST_TEST(s.bm25_b == 0.75);
  BOOST_TEST(!s.bm25_b_fixed);
  BOOST_TEST(s.title_weight == 3u);
  BOOST_TEST(!s.title_weight_given);
  BOOST_TEST(s.prf_docs == 5u);
  BOOST_TEST(lines(warnings).size() == 5u);
  BOOST_TEST(warnings.find("search: warning: ignored WADI_BM25_K1='nan'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(valid_values_are_taken) {
  std::string warnings;
  RankingSettings s = read({{"WADI_BM25_K1", "1.2"}, {"WADI_BM25_B", "0.3"}, {"WADI_PRF", "0"},
                            {"WADI_TITLE_WEIGHT", "5"}, {"WADI_WEIGHTING", "pl2"}},
                           warnings);
  BOOST_TEST(warnings == "");
  BOOST_TEST(s.bm25_k1 == 1.2);
  BOOST_TEST(s.bm25_b == 0.3);
  BOOST_TEST(s.bm25_b_fixed);
  BOOST_TEST(!s.prf);
  BOOST_TEST(s.title_weight == 5u);
  BOOST_TEST(s.title_weight_given);
  BOOST_TEST(s.weighting == "pl2");
}

BOOST_AUTO_TEST_CASE(a_misspelled_variable_gets_a_warning_naming_it) {
  std::string warnings;
  read({{"WADI_TITEL_WEIGHT", "5"}, {"WADI_DB", "/tmp/x"}, {"WADI_RELIABILITY_SEED", "1"}}, warnings);
  BOOST_TEST(lines(warnings).size() == 1u);
  BOOST_TEST(warnings.find("WADI_TITEL_WEIGHT") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_wadi_variables_with_a_value_are_collected) {
  char a[] = "WADI_PRF=0", b[] = "HOME=/root", c[] = "WADI_BM25_K1=", d[] = "WADI_X=a=b";
  char* environment[] = {a, b, c, d, nullptr};
  const std::map<std::string, std::string> expected{{"WADI_PRF", "0"}, {"WADI_X", "a=b"}};
  BOOST_TEST((wadi::wadi_variables(environment) == expected));
}

BOOST_AUTO_TEST_CASE(every_variable_is_in_the_help_of_the_program_reading_it) {
  const std::string index_help = wadi::environment_help("index"), search_help = wadi::environment_help("search");
  for (const wadi::EnvironmentVariable& v : wadi::environment_variables()) {
    const std::string by = v.read_by;
    if (by == "tests") continue;
    if (by.find("index") != std::string::npos) BOOST_TEST(index_help.find(v.name) != std::string::npos, v.name);
    if (by.find("search") != std::string::npos) BOOST_TEST(search_help.find(v.name) != std::string::npos, v.name);
  }
  BOOST_TEST(search(std::vector<std::string>{"--help"}).out.find("WADI_BM25_K1") != std::string::npos);
  BOOST_TEST(index(std::vector<std::string>{"--help"}).out.find("WADI_TITLE_WEIGHT") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(man_pages_hold_the_whole_help) {
  for (const char* program : {"index", "search"}) {
    std::ifstream in(std::filesystem::path(WADI_MAN_DIR) / (std::string(program) + ".1"));
    const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string help = (std::string(program) == "index" ? index({"--help"}) : search({"--help"})).out;
    BOOST_REQUIRE(!page.empty());
    for (const std::string& line : lines(help)) {
      std::string roff;  // as scripts/man-page.cmake writes it
      for (char c : line) roff += c == '\\' ? std::string("\\e") : std::string(1, c);
      BOOST_TEST(page.find(roff) != std::string::npos, program << ": " << line);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_wadi_variable_of_the_test_process_does_not_reach_the_programs) {
  TitledCorpus c;
  BOOST_REQUIRE(index({"--db", c.db, c.corpus}).status == 0);
  setenv("WADI_BM25_K1", "nonsense", 1);
  Run r = search({"--db", c.db, "zebra"});
  unsetenv("WADI_BM25_K1");
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.err == "");
}

BOOST_AUTO_TEST_CASE(a_nan_parameter_leaves_scores_numbers_and_says_so) {
  TitledCorpus c;
  BOOST_REQUIRE(index({"--db", c.db, c.corpus}).status == 0);
  ScopedEnv nan("WADI_BM25_K1", "nan");
  Run r = search({"--db", c.db, "--json", "zebra"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(lines(r.err).size() == 1u);
  BOOST_TEST(r.err.find("WADI_BM25_K1") != std::string::npos);
  BOOST_REQUIRE(!lines(r.out).empty());
  BOOST_TEST(nlohmann::json::parse(lines(r.out)[0])["score"].is_number());
}

BOOST_AUTO_TEST_CASE(the_title_weight_a_database_was_built_with_is_kept) {
  TitledCorpus c;
  {
    ScopedEnv weight("WADI_TITLE_WEIGHT", "5");
    BOOST_REQUIRE(index({"--db", c.db, c.corpus}).status == 0);
  }
  write_file(std::filesystem::path(c.corpus) / "b.txt", "Okapi found\n\nThe animal was found near the river.\n");
  Run later = index({"--db", c.db, c.corpus});  // no variable: the database's weight
  BOOST_TEST(later.status == 0);
  BOOST_TEST(c.title_wdf("zebra") == 5u);
  BOOST_TEST(c.title_wdf("okapi") == 5u);
}

BOOST_AUTO_TEST_CASE(a_run_asking_for_another_title_weight_is_refused) {
  TitledCorpus c;
  BOOST_REQUIRE(index({"--db", c.db, c.corpus}).status == 0);
  write_file(std::filesystem::path(c.corpus) / "b.txt", "Okapi found\n\nThe animal was found near the river.\n");
  ScopedEnv weight("WADI_TITLE_WEIGHT", "5");
  Run r = index({"--db", c.db, c.corpus});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(lines(r.err).size() == 1u);
  BOOST_TEST(r.err.find("WADI_TITLE_WEIGHT=3") != std::string::npos);
  BOOST_TEST(c.title_wdf("zebra") == 3u);
  Xapian::Database database(c.db);
  BOOST_TEST(database.get_doccount() == 1u);  // nothing of the refused run
}

BOOST_AUTO_TEST_SUITE_END()
