// saved_searches_e2e: `search --save/--saved/--unsave/--new` and the lines
// `index` ends with for the saved searches its run brought new articles to,
// with the real programs.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "e2e_support.h"

using namespace wadi::test;

namespace {

struct Archive {
  TempDir dir;
  std::filesystem::path corpus = dir / "corpus";
  std::string db = (dir / "db").string();

  Archive() {
    write_file(corpus / "old/barada.txt", "Old news\nThe Wadi Barada spring was cut in January.\n");
    write_file(corpus / "old/other.txt", "Other news\nThe Astana talks opened.\n");
    Run r = index({"--db", db, corpus.string()});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
  }
  std::string path(const std::string& name) const { return (corpus / name).string(); }
  Run index_corpus() const { return index({"--db", db, corpus.string()}); }
  Run search_db(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--db", db});
    return search(args);
  }
  // Adds three articles the saved search "wadi barada" matches and two it does not.
  void add_five() const {
    for (const char* name : {"new/a.txt", "new/b.txt", "new/c.txt"})
      write_file(corpus / name, std::string("Water news ") + name + "\nWadi Barada water reached Damascus again.\n");
    write_file(corpus / "new/d.txt", "Geneva\nThe Geneva talks resumed.\n");
    write_file(corpus / "new/e.txt", "Wadi Rum\nTourists came back to Wadi Rum.\n");
  }
};

// The lines of `index` output that report new matches.
std::vector<std::string> new_lines(const Run& r) {
  std::vector<std::string> found;
  for (const std::string& line : lines(r.out))
    if (line.find(" new for ") != std::string::npos) found.push_back(line);
  return found;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(saved_searches_e2e)

BOOST_AUTO_TEST_CASE(index_reports_the_new_matches_and_new_lists_them_once) {
  Archive x;
  Run saved = x.search_db({"--save", "wadi-barada", "wadi", "barada"});
  BOOST_TEST_REQUIRE(saved.status == 0, saved.err);
  BOOST_TEST_REQUIRE(x.search_db({"--save", "geneva-only", "geneva", "AND", "NOT", "talks"}).status == 0);
  x.add_five();
  Run added = x.index_corpus();
  BOOST_TEST_REQUIRE(added.status == 0, added.err);
  BOOST_TEST(new_lines(added) == std::vector<std::string>{"3 new for wadi-barada"}, boost::test_tools::per_element());
  BOOST_TEST(lines(added.out).back() == "3 new for wadi-barada");  // after the summary

  Run listed = x.search_db({"--new", "wadi-barada", "--json"});
  BOOST_TEST_REQUIRE(listed.status == 0, listed.err);
  BOOST_TEST(sorted(result_paths(listed.out)) ==
                 (std::vector<std::string>{x.path("new/a.txt"), x.path("new/b.txt"), x.path("new/c.txt")}),
             boost::test_tools::per_element());
  Run again = x.search_db({"--new", "wadi-barada"});
  BOOST_TEST(again.status == 1, again.out + again.err);
  BOOST_TEST(again.out.rfind("nothing new for wadi-barada since 20", 0) == 0, again.out);

  Run nothing = x.index_corpus();
  BOOST_TEST_REQUIRE(nothing.status == 0, nothing.err);
  BOOST_TEST(new_lines(nothing).empty(), nothing.out);
  BOOST_TEST(x.search_db({"--new", "wadi-barada"}).status == 1);
}

BOOST_AUTO_TEST_CASE(an_edited_article_is_new_again_and_a_removed_or_moved_one_never) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "barada"}).status == 0);
  x.add_five();
  BOOST_TEST_REQUIRE(x.index_corpus().status == 0);
  BOOST_TEST_REQUIRE(x.search_db({"--new", "barada"}).status == 0);

  write_file(x.corpus / "new/a.txt", "Water news\nWadi Barada water reached Damascus, and Beirut.\n");
  std::filesystem::remove(x.corpus / "new/b.txt");
  Run edited = x.index_corpus();
  BOOST_TEST(new_lines(edited) == std::vector<std::string>{"1 new for barada"}, boost::test_tools::per_element());
  Run listed = x.search_db({"--new", "barada", "--json"});
  BOOST_TEST(result_paths(listed.out) == std::vector<std::string>{x.path("new/a.txt")}, boost::test_tools::per_element());

  std::filesystem::rename(x.corpus / "new/c.txt", x.corpus / "new/c-moved.txt");
  Run moved = x.index_corpus();
  BOOST_TEST_REQUIRE(moved.status == 0, moved.err);
  BOOST_TEST(new_lines(moved).empty(), moved.out);
  BOOST_TEST(x.search_db({"--new", "barada"}).status == 1);
}

BOOST_AUTO_TEST_CASE(a_new_article_moved_before_it_was_listed_is_still_new_under_its_new_path) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "barada"}).status == 0);
  x.add_five();
  BOOST_TEST_REQUIRE(x.index_corpus().status == 0);
  std::filesystem::rename(x.corpus / "new/c.txt", x.corpus / "new/c-moved.txt");
  Run moved = x.index_corpus();
  BOOST_TEST_REQUIRE(moved.status == 0, moved.err);
  BOOST_TEST(moved.out.find(" 1 moved, ") != std::string::npos, moved.out);
  BOOST_TEST(new_lines(moved).empty(), moved.out);  // no news in this run
  Run listed = x.search_db({"--new", "barada", "--json"});
  BOOST_TEST(sorted(result_paths(listed.out)) ==
                 (std::vector<std::string>{x.path("new/a.txt"), x.path("new/b.txt"), x.path("new/c-moved.txt")}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_copy_taking_over_from_its_original_is_no_news) {
  Archive x;
  write_file(x.corpus / "copies/barada.txt", "Old news\nThe Wadi Barada spring was cut in January.\n");
  BOOST_TEST_REQUIRE(x.index_corpus().status == 0);
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "barada"}).status == 0);
  std::filesystem::remove(x.corpus / "old/barada.txt");
  Run r = x.index_corpus();
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(x.search_db({"barada", "--json"}).out.find("copies/barada.txt") != std::string::npos);  // it took over
  BOOST_TEST(new_lines(r).empty(), r.out);
  BOOST_TEST(x.search_db({"--new", "barada"}).status == 1);
}

BOOST_AUTO_TEST_CASE(a_listing_cut_by_the_limit_leaves_the_articles_new) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "barada"}).status == 0);
  x.add_five();
  BOOST_TEST_REQUIRE(x.index_corpus().status == 0);
  Run part = x.search_db({"--new", "barada", "--limit", "2", "--json"});
  BOOST_TEST(result_paths(part.out).size() == 2u);
  BOOST_TEST(part.err.find("2 of 3 new articles shown") != std::string::npos, part.err);
  BOOST_TEST(result_paths(x.search_db({"--new", "barada", "--json"}).out).size() == 3u);
}

BOOST_AUTO_TEST_CASE(saved_lists_name_count_time_and_query_and_unsave_drops_one) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "wadi", "barada"}).status == 0);
  BOOST_TEST_REQUIRE(x.search_db({"--save", "rum", "--all", "source:new"}).status == 0);
  x.add_five();
  BOOST_TEST_REQUIRE(x.index_corpus().status == 0);
  Run text = x.search_db({"--saved"});
  BOOST_TEST_REQUIRE(text.status == 0, text.err);
  const std::vector<std::string> shown = lines(text.out);
  BOOST_TEST_REQUIRE(shown.size() == 2u, text.out);
  BOOST_TEST(shown[0].rfind("barada  3 new  saved 20", 0) == 0, shown[0]);
  BOOST_TEST(shown[0].ends_with("Z  wadi barada"), shown[0]);
  BOOST_TEST(shown[1].rfind("rum  5 new  saved ", 0) == 0, shown[1]);
  BOOST_TEST(shown[1].ends_with("Z  * source:new"), shown[1]);

  Run json = x.search_db({"--saved", "--json"});
  const nlohmann::json first = nlohmann::json::parse(lines(json.out).at(0));
  BOOST_TEST(first["name"] == "barada");
  BOOST_TEST(first["query"] == "wadi barada");
  BOOST_TEST(first["new"] == 3);
  BOOST_TEST(first["seen"].is_null());

  Run unsaved = x.search_db({"--unsave", "rum"});
  BOOST_TEST(unsaved.status == 0, unsaved.err);
  BOOST_TEST(lines(x.search_db({"--saved"}).out).size() == 1u);
  Run unknown = x.search_db({"--unsave", "rum"});
  BOOST_TEST(unknown.status == 2);
  BOOST_TEST(unknown.err == "search: no saved search is named 'rum' (search --saved lists them)\n");
  BOOST_TEST(x.search_db({"--new", "rum"}).status == 2);
  BOOST_TEST_REQUIRE(x.search_db({"--unsave", "barada"}).status == 0);
  Run none = x.search_db({"--saved"});
  BOOST_TEST(none.status == 1);
  BOOST_TEST(lines(none.err).size() == 1u, none.err);
}

BOOST_AUTO_TEST_CASE(a_bad_name_or_query_is_refused_in_one_line) {
  Archive x;
  Run name = x.search_db({"--save", "two words", "barada"});
  BOOST_TEST(name.status == 2);
  BOOST_TEST(lines(name.err).size() == 1u, name.err);
  BOOST_TEST(name.err.find("'two words' is not a name for a saved search") != std::string::npos, name.err);
  Run query = x.search_db({"--save", "bad", "barada", "nosuchfield:x"});
  BOOST_TEST(query.status == 2);
  BOOST_TEST(lines(query.err).size() == 1u, query.err);
  BOOST_TEST(query.err.find("query error at column 8") != std::string::npos, query.err);
  BOOST_TEST(x.search_db({"--saved"}).status == 1);  // nothing was saved
  BOOST_TEST(x.search_db({"--save", "nothing"}).status == 2);
  BOOST_TEST(x.search_db({"--saved", "barada"}).status == 2);
}

BOOST_AUTO_TEST_CASE(writing_while_index_runs_says_so_at_once) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "barada"}).status == 0);
  Xapian::WritableDatabase index_run((std::filesystem::path(x.db) / "catalog").string(), Xapian::DB_OPEN);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--save", "again", "barada"},
                                               std::vector<std::string>{"--unsave", "barada"},
                                               std::vector<std::string>{"--new", "barada"}}) {
    Run r = x.search_db(args);
    BOOST_TEST(r.status == 3, args[0]);
    BOOST_TEST(r.err == "search: database is locked by an index run: " + x.db + ": try again when it ends\n", r.err);
  }
  BOOST_TEST(x.search_db({"--saved"}).status == 0);  // reading goes on
}

BOOST_AUTO_TEST_CASE(new_prints_like_a_search_in_text_too) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "barada", "wadi", "barada"}).status == 0);
  x.add_five();
  BOOST_TEST_REQUIRE(x.index_corpus().status == 0);
  Run r = x.search_db({"--new", "barada", "--sort", "date", "--color", "never"});
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.rfind("3 articles match\n", 0) == 0, r.out);
  BOOST_TEST(r.out.find("[Wadi Barada]") != std::string::npos, r.out);
  BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(a_stub_file_is_refused_with_where_saved_searches_live) {
  Archive x;
  const std::string stub = (std::filesystem::path(x.db) / "XAPIANDB").string();  // a stub listing the shards
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--db", stub, "--saved"},
                                               std::vector<std::string>{"--db", stub, "--save", "b", "barada"}}) {
    Run r = search(args);
    BOOST_TEST(r.status == 2, args[2]);
    BOOST_TEST(r.err == "search: " + stub + ": saved searches live in a database folder that index writes, "
                        "not in a stub file or a remote database: give --db that folder\n", r.err);
  }
}

BOOST_AUTO_TEST_CASE(saved_text_from_the_database_is_neutralised_on_a_terminal) {
  Archive x;
  BOOST_TEST_REQUIRE(x.search_db({"--save", "esc", "barada \x1b]0;owned\x07"}).status == 0);
  Run text = x.search_db({"--saved"});
  BOOST_TEST(text.out.find('\x1b') == std::string::npos, text.out);
  BOOST_TEST(text.out.find('\x07') == std::string::npos, text.out);
}

BOOST_AUTO_TEST_SUITE_END()
