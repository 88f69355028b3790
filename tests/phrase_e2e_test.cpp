// phrase_e2e: the real `index` and `search` matching what a query word or
// phrase written with a symbol says: an apostrophe ("o'sullivan", "mr
// blair's"), an ampersand ("at&t") or a percent sign ("3.5%"); a plain
// word still finds its possessive, and a database indexed before these
// words were kept is searched as it always was.
#include <boost/test/unit_test.hpp>

#include <set>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/schema.h"
#include "e2e_support.h"

using namespace wadi::test;

namespace {

// Articles that hold a query's words without saying what it says, beside
// ones that say it.
struct Archive {
  TempDir dir;
  std::filesystem::path corpus = dir / "corpus";
  std::string db = (dir / "db").string();

  Archive() {
    write_file(corpus / "osullivan.txt", "Race report\nPeter O'Sullivan won the race.\n");
    write_file(corpus / "curly.txt", "Snooker\nRonnie O\u2019Sullivan won the final.\n");
    write_file(corpus / "sullivan.txt", "Election\nJohn Sullivan won the seat.\n");
    write_file(corpus / "possessive.txt", "Policy\nMr Blair's plan was welcomed.\n");
    write_file(corpus / "apart.txt", "Speech\nMr Blair spoke. Later Blair's aide left.\n");
    write_file(corpus / "att.txt", "Phones\nAT&T said sales rose 3.5% this year.\n");
    write_file(corpus / "at-t.txt", "Funds\nShares at T. Rowe Price fell; sales were 3.5 million.\n");
    Run r = index({"--db", db, corpus.string()});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
  }

  // The file names of the articles `query` finds.
  std::set<std::string> found(const std::string& query) const {
    Run r = search({"--db", db, "--json", "--limit", "50", "--", query});
    BOOST_TEST_REQUIRE((r.status == 0 || r.status == 1), r.err);
    std::set<std::string> names;
    for (const std::string& path : result_paths(r.out)) names.insert(std::filesystem::path(path).filename().string());
    return names;
  }

  // The marked snippet of the first article `query` finds.
  std::string snippet(const std::string& query) const {
    Run r = search({"--db", db, "--json", "--limit", "1", "--", query});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    return nlohmann::json::parse(lines(r.out).at(0))["snippet"].get<std::string>();
  }
};

using Names = std::set<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(phrase_e2e)

BOOST_AUTO_TEST_CASE(a_name_written_with_an_apostrophe_finds_only_that_name) {
  Archive a;
  BOOST_TEST(a.found("o'sullivan") == (Names{"osullivan.txt", "curly.txt"}));
  BOOST_TEST(a.found("\"o'sullivan\"") == (Names{"osullivan.txt", "curly.txt"}));
  BOOST_TEST(a.found("O\u2019Sullivan") == (Names{"osullivan.txt", "curly.txt"}));
  BOOST_TEST(a.found("\"peter o'sullivan won\"") == (Names{"osullivan.txt"}));
}

BOOST_AUTO_TEST_CASE(a_plain_name_still_finds_its_possessive_and_apostrophe_forms) {
  Archive a;
  BOOST_TEST(a.found("sullivan") == (Names{"osullivan.txt", "curly.txt", "sullivan.txt"}));
  BOOST_TEST(a.found("blair") == (Names{"possessive.txt", "apart.txt"}));
  BOOST_TEST(a.found("\"mr blair\"") == (Names{"possessive.txt", "apart.txt"}));
}

BOOST_AUTO_TEST_CASE(a_possessive_in_a_phrase_is_required_where_it_stands) {
  Archive a;
  BOOST_TEST(a.found("\"mr blair's\"") == (Names{"possessive.txt"}));
  BOOST_TEST(a.found("\"blair's plan\"") == (Names{"possessive.txt"}));
  BOOST_TEST(a.found("blair's") == (Names{"possessive.txt", "apart.txt"}));
}

BOOST_AUTO_TEST_CASE(an_ampersand_word_does_not_match_its_parts_apart) {
  Archive a;
  BOOST_TEST(a.found("at&t") == (Names{"att.txt"}));
  BOOST_TEST(a.found("\"at&t\"") == (Names{"att.txt"}));
  BOOST_TEST(a.found("\"at&t said\"") == (Names{"att.txt"}));
  BOOST_TEST(a.found("\"at t\"") == (Names{"att.txt", "at-t.txt"}));  // written without the sign: as before
}

BOOST_AUTO_TEST_CASE(a_percentage_does_not_match_the_bare_number) {
  Archive a;
  BOOST_TEST(a.found("3.5%") == (Names{"att.txt"}));
  BOOST_TEST(a.found("\"rose 3.5%\"") == (Names{"att.txt"}));
  BOOST_TEST(a.found("3.5") == (Names{"att.txt", "at-t.txt"}));
}

BOOST_AUTO_TEST_CASE(snippets_mark_the_words_written_with_a_symbol) {
  Archive a;
  BOOST_TEST(a.snippet("\"peter o'sullivan\"") == "[Peter O'Sullivan] won the race.");
  BOOST_TEST(a.snippet("\"at&t said\"") == "[AT&T said] sales rose 3.5% this year.");
  BOOST_TEST(a.snippet("3.5%") == "AT&T said sales rose [3.5%] this year.");
  BOOST_TEST(a.snippet("\"mr blair's\"") == "[Mr Blair's] plan was welcomed.");
}

BOOST_AUTO_TEST_CASE(a_spelling_correction_keeps_the_apostrophe) {
  Archive a;
  Run r = search({"--db", a.db, "--", "o'sulivan"});
  BOOST_TEST(r.status == 1);
  BOOST_TEST((r.out + r.err).find("Did you mean: o'sullivan?") != std::string::npos, r.out + r.err);
  r = search({"--db", a.db, "--", "\"mr blaer's\""});
  BOOST_TEST((r.out + r.err).find("Did you mean: \"mr blair's\"?") != std::string::npos, r.out + r.err);
}

// A database made before whole words were indexed records no
// schema::kWholeWordsKey: its queries keep today's reading instead of
// searching terms it does not hold.
BOOST_AUTO_TEST_CASE(a_database_indexed_before_keeps_its_reading) {
  Archive a;
  for (const auto& entry : std::filesystem::directory_iterator(a.db)) {
    if (!entry.path().filename().string().starts_with("shard")) continue;
    Xapian::WritableDatabase shard(entry.path().string(), Xapian::DB_OPEN);
    BOOST_TEST_REQUIRE(shard.get_metadata(wadi::schema::kWholeWordsKey) == "1");
    shard.set_metadata(wadi::schema::kWholeWordsKey, "");
    for (const char* term : {"XWo'sullivan", "XWat&t", "XW3.5%"})  // as an older index would lack them
      for (Xapian::PostingIterator it = shard.postlist_begin(term); it != shard.postlist_end(term); it = shard.postlist_begin(term)) {
        Xapian::Document doc = shard.get_document(*it);
        doc.remove_term(term);
        shard.replace_document(*it, doc);
      }
    shard.commit();
  }
  BOOST_TEST(a.found("o'sullivan") == (Names{"osullivan.txt", "curly.txt", "sullivan.txt"}));
  BOOST_TEST(a.found("at&t") == (Names{"att.txt", "at-t.txt"}));
  BOOST_TEST(a.found("3.5%") == (Names{"att.txt", "at-t.txt"}));
}

BOOST_AUTO_TEST_SUITE_END()
