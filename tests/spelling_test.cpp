// spelling: "did you mean" from the index's own vocabulary.
#include <boost/test/unit_test.hpp>

#include "spelling.h"

namespace {

using wadi::edit_distance;
using wadi::suggest_spelling;

unsigned distance(std::u32string_view a, std::u32string_view b) { return edit_distance(a, b, 10); }

// An in-memory index holding `words`, word i in i + 1 articles (so later
// words are more common), plus terms of the kinds that are not words.
Xapian::Database vocabulary(const std::vector<std::string>& words) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (std::size_t i = 0; i < words.size(); ++i)
    for (std::size_t n = 0; n <= i; ++n) {
      Xapian::Document doc;
      doc.add_term(words[i]);
      doc.add_term("Zcrude");       // a stem
      doc.add_term("1987");         // a number
      doc.add_term("Qcrude-file");  // an id
      db.add_document(doc);
    }
  return db;
}

// An in-memory index where each word is held by the given number of articles.
Xapian::Database with_counts(const std::vector<std::pair<std::string, int>>& counts) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& [word, articles] : counts)
    for (int n = 0; n < articles; ++n) {
      Xapian::Document doc;
      doc.add_term(word);
      db.add_document(doc);
    }
  return db;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(spelling)

BOOST_AUTO_TEST_CASE(edit_distance_counts_insertions_deletions_substitutions_and_swaps) {
  BOOST_TEST(distance(U"crude", U"crude") == 0u);
  BOOST_TEST(distance(U"crued", U"crude") == 1u);  // a swap is one edit
  BOOST_TEST(distance(U"cofee", U"coffee") == 1u);
  BOOST_TEST(distance(U"coffee", U"cofee") == 1u);
  BOOST_TEST(distance(U"crude", U"prude") == 1u);
  BOOST_TEST(distance(U"kitten", U"sitting") == 3u);
  BOOST_TEST(distance(U"", U"abc") == 3u);
  BOOST_TEST(distance(U"лавров", U"лавро") == 1u);  // code points, not bytes
}

BOOST_AUTO_TEST_CASE(edit_distance_stops_past_its_limit) {
  BOOST_TEST(edit_distance(U"kitten", U"sitting", 1) == 2u);
  BOOST_TEST(edit_distance(U"a", U"abcdef", 2) == 3u);
  BOOST_TEST(edit_distance(U"crude", U"crued", 1) == 1u);
}

BOOST_AUTO_TEST_CASE(the_closest_indexed_word_is_suggested) {
  Xapian::Database db = vocabulary({"crude", "crisis", "oil", "coffee"});
  BOOST_TEST(suggest_spelling(db, "crued") == "crude");
  BOOST_TEST(suggest_spelling(db, "cofee") == "coffee");
  BOOST_TEST(suggest_spelling(db, "crissis") == "crisis");
}

BOOST_AUTO_TEST_CASE(a_nearer_word_beats_a_more_common_one_and_among_equals_the_most_common_wins) {
  // "prices" is one edit from "prics", "price" one too but rarer; "pricks"
  // is one edit as well and rarest.
  Xapian::Database db = vocabulary({"pricks", "price", "prices", "priest"});
  BOOST_TEST(suggest_spelling(db, "prics") == "prices");
  Xapian::Database db2 = vocabulary({"trade", "trader"});
  BOOST_TEST(suggest_spelling(db2, "tradr") == "trader");  // one edit; "trade" is too, but rarer
  BOOST_TEST(suggest_spelling(db2, "trde") == "trade");    // one edit, "trader" two
}

BOOST_AUTO_TEST_CASE(swapped_or_extra_first_letters_are_found) {
  Xapian::Database db = vocabulary({"crude", "oil"});
  BOOST_TEST(suggest_spelling(db, "rcude") == "crude");
  BOOST_TEST(suggest_spelling(db, "xcrude") == "crude");
  BOOST_TEST(suggest_spelling(db, "oli") == "oil");
}

BOOST_AUTO_TEST_CASE(no_suggestion_for_indexed_words_or_far_ones_and_never_a_non_word) {
  Xapian::Database db = vocabulary({"crude", "oil"});
  BOOST_TEST(suggest_spelling(db, "crude") == "");   // indexed: nothing to correct
  BOOST_TEST(suggest_spelling(db, "crudely") == "crude");  // two edits: near enough for a long word
  BOOST_TEST(suggest_spelling(db, "crudities") == "");     // four are not
  BOOST_TEST(suggest_spelling(db, "cx") == "");
  BOOST_TEST(suggest_spelling(db, "oxx") == "");     // short words get one edit only
  BOOST_TEST(suggest_spelling(db, "1988") == "");    // numbers are not corrected to numbers
  BOOST_TEST(suggest_spelling(db, "") == "");
}

BOOST_AUTO_TEST_CASE(words_in_other_scripts_are_corrected_too) {
  Xapian::Database db = vocabulary({"переговоры", "лавров"});
  BOOST_TEST(suggest_spelling(db, "лаврв") == "лавров");
  BOOST_TEST(suggest_spelling(db, "переговры") == "переговоры");
}

BOOST_AUTO_TEST_CASE(a_sound_alike_beats_a_somewhat_more_common_one_edit_word) {
  // "blare": "blame" is one edit, "blair" two but the same consonants.
  Xapian::Database db = with_counts({{"blair", 40}, {"blame", 150}, {"tony", 5}});
  BOOST_TEST(suggest_spelling(db, "blare") == "blair");
  // Far more common, the nearer word still wins.
  Xapian::Database common = with_counts({{"blair", 2}, {"blame", 400}});
  BOOST_TEST(suggest_spelling(common, "blare") == "blame");
}

BOOST_AUTO_TEST_CASE(a_rare_word_gets_a_far_more_common_word_one_edit_away) {
  Xapian::Database db = with_counts({{"goverment", 1}, {"government", 25}, {"governess", 30}});
  BOOST_TEST(suggest_spelling(db, "goverment") == "government");
  Xapian::Database close = with_counts({{"goverment", 2}, {"government", 25}});
  BOOST_TEST(suggest_spelling(close, "goverment") == "");  // only 12x as common
  Xapian::Database far = with_counts({{"gxverment", 1}, {"government", 100}});
  BOOST_TEST(suggest_spelling(far, "gxverment") == "");  // two edits: a word in its own right
}

BOOST_AUTO_TEST_SUITE_END()
