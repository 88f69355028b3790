// bounded_work: whatever a corpus holds, a run's memory stays bounded by its
// limits, what is too large or not a file is named in one warning while the
// rest is indexed, and Ctrl-C is heard in every phase.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "corpus_indexer.h"
#include "e2e_support.h"

namespace fs = std::filesystem;
using namespace wadi::test;

BOOST_AUTO_TEST_SUITE(bounded_work)

BOOST_AUTO_TEST_CASE(a_stop_requested_during_removals_is_heard_and_a_rerun_finishes) {
  // In process: the stop arrives before the first removal, as Ctrl-C would
  // during a long one.
  TempDir dir;
  for (int i = 0; i < 50; ++i) write_file(dir / ("corpus/a" + std::to_string(i) + ".txt"), "Headline\n\nA zebra " + std::to_string(i) + ".\n");
  write_file(dir / "corpus/keep.txt", "Kept\n\nThis one stays.\n");
  wadi::IndexOptions options;
  options.database = dir / "db";
  options.jobs = 1;
  std::ostringstream warnings;
  BOOST_TEST_REQUIRE(wadi::CorpusIndexer(options, warnings).index({dir / "corpus"}).added == 51u);
  for (int i = 0; i < 50; ++i) fs::remove(dir / ("corpus/a" + std::to_string(i) + ".txt"));
  wadi::request_stop();
  wadi::IndexStats stopped = wadi::CorpusIndexer(options, warnings).index({dir / "corpus"});
  BOOST_TEST(stopped.interrupted);
  BOOST_TEST(stopped.removed == 0u);
  wadi::IndexStats again = wadi::CorpusIndexer(options, warnings).index({dir / "corpus"});
  BOOST_TEST(!again.interrupted);
  BOOST_TEST(again.removed == 50u);
  BOOST_TEST(again.unchanged == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
