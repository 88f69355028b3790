// saved_searches: naming and storing saved searches in a database's catalog
// (searcher/saved_searches.h), and the write lock they share with `index`.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>

#include <xapian.h>

#include "analysis/schema.h"
#include "e2e_support.h"
#include "saved_searches.h"

using namespace wadi;
using wadi::test::TempDir;

namespace {

// A plain single-folder database: its own catalog.
struct PlainDatabase {
  TempDir dir;
  std::filesystem::path path = dir / "db";
  PlainDatabase() { Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE).commit(); }
};

SavedSearchError::Reason reason_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const SavedSearchError& e) {
    return e.reason();
  }
  BOOST_FAIL("no SavedSearchError");
  return SavedSearchError::Reason::kUnknown;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(saved_searches)

BOOST_AUTO_TEST_CASE(a_name_is_a_short_slug) {
  for (const std::string& good : std::vector<std::string>{"wadi-barada", "a", "A_1", std::string(64, 'x')})
    BOOST_CHECK_NO_THROW(check_saved_name(good));
  for (const std::string& bad : std::vector<std::string>{"", "two words", "x/y", "caf\xc3\xa9", "a\x1b[31m", std::string(65, 'x'), "a.b"})
    BOOST_TEST((reason_of([&] { check_saved_name(bad); }) == SavedSearchError::Reason::kBadName), bad);
}

BOOST_AUTO_TEST_CASE(saved_searches_are_listed_by_name_found_and_removed) {
  PlainDatabase db;
  SavedSearches saved(db.path);
  BOOST_TEST(saved.list().empty());
  saved.lock();
  saved.save({"zeta", "geneva talks", "2026-12-05T03:20:11Z", 4, ""});
  saved.save({"alpha", "\"wadi barada\" date:2017", "2026-12-05T03:21:00Z", 0, "2026-12-05T03:30:00Z"});
  const std::vector<SavedSearch> list = SavedSearches(db.path).list();  // committed: another reader sees them
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].name == "alpha");
  BOOST_TEST(list[0].query == "\"wadi barada\" date:2017");
  BOOST_TEST(list[0].seen_at == "2026-12-05T03:30:00Z");
  BOOST_TEST(list[1].name == "zeta");
  BOOST_TEST(list[1].seen_run == 4u);
  BOOST_TEST(saved.find("zeta").saved_at == "2026-12-05T03:20:11Z");
  saved.save({"zeta", "astana", "2026-12-05T04:00:00Z", 5, ""});  // the same name: replaced
  BOOST_TEST(saved.find("zeta").query == "astana");
  saved.remove("zeta");
  BOOST_TEST(saved.list().size() == 1u);
  BOOST_TEST((reason_of([&] { saved.find("zeta"); }) == SavedSearchError::Reason::kUnknown));
  BOOST_TEST((reason_of([&] { saved.remove("zeta"); }) == SavedSearchError::Reason::kUnknown));
}

BOOST_AUTO_TEST_CASE(writing_while_an_index_run_holds_the_database_is_refused_at_once) {
  PlainDatabase db;
  Xapian::WritableDatabase index_run(db.path.string(), Xapian::DB_OPEN);
  SavedSearches saved(db.path);
  BOOST_TEST(saved.list().empty());  // reading needs no lock
  BOOST_TEST((reason_of([&] { saved.lock(); }) == SavedSearchError::Reason::kLocked));
}

BOOST_AUTO_TEST_CASE(a_stub_file_has_no_catalog_for_saved_searches) {
  TempDir dir;
  wadi::test::write_file(dir / "shards.stub", "auto shard0\n");
  BOOST_TEST((reason_of([&] { SavedSearches saved(dir / "shards.stub"); }) == SavedSearchError::Reason::kNoCatalog));
}

BOOST_AUTO_TEST_CASE(the_last_run_is_what_the_catalog_records) {
  PlainDatabase db;
  BOOST_TEST(SavedSearches(db.path).last_run() == 0u);
  {
    Xapian::WritableDatabase catalog(db.path.string(), Xapian::DB_OPEN);
    catalog.set_metadata(schema::kRunKey, "12");
    catalog.commit();
  }
  BOOST_TEST(SavedSearches(db.path).last_run() == 12u);
}

BOOST_AUTO_TEST_CASE(runs_after_matches_the_articles_of_the_later_runs_only) {
  TempDir dir;
  Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE);
  for (int run = 1; run <= 4; ++run) {
    Xapian::Document doc;
    doc.add_value(schema::kRunSlot, Xapian::sortable_serialise(run));
    doc.add_boolean_term(schema::kRunPrefix + std::to_string(run));
    db.add_document(doc);
  }
  db.commit();
  auto matches = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::vector<Xapian::docid> ids;
    for (const auto& hit : enquire.get_mset(0, 10)) ids.push_back(hit);  // docid n is run n
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  BOOST_TEST(matches(runs_after(1, 3)) == (std::vector<Xapian::docid>{2, 3}), boost::test_tools::per_element());
  BOOST_TEST(matches(runs_after(0, 4)).size() == 4u);
  BOOST_TEST(runs_after(4, 4).empty());  // nothing new: MatchNothing
  BOOST_TEST(matches(run_articles(3)) == (std::vector<Xapian::docid>{3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
