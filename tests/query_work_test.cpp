// query_work: a search does no work its answer does not need: a count that
// cannot become exact is not counted again.
#include <boost/test/unit_test.hpp>

#include "searcher.h"

BOOST_AUTO_TEST_SUITE(query_work)

BOOST_AUTO_TEST_CASE(a_count_known_to_pass_the_exact_limit_is_not_counted_again) {
  // A common word: its most frequent form alone is in more articles than
  // an exact count goes to.
  BOOST_TEST(!wadi::must_count_again(wadi::kExactCountUpTo + 1, 3 * wadi::kExactCountUpTo, 0));
  BOOST_TEST(!wadi::must_count_again(72704, 91244, 0));
}

BOOST_AUTO_TEST_CASE(a_count_that_may_be_under_the_exact_limit_is_counted_again) {
  BOOST_TEST(wadi::must_count_again(0, 12000, 0));
  BOOST_TEST(wadi::must_count_again(9000, 9500, 0));
  // Exactly at the limit: the count may prove that no more match.
  BOOST_TEST(wadi::must_count_again(wadi::kExactCountUpTo, wadi::kExactCountUpTo + 5, 0));
}

BOOST_AUTO_TEST_CASE(a_count_already_settled_is_not_counted_again) {
  BOOST_TEST(!wadi::must_count_again(500, 500, 0));                              // bounds agree
  BOOST_TEST(!wadi::must_count_again(500, 900, wadi::kExactCountUpTo));          // the match looked that far
}

BOOST_AUTO_TEST_SUITE_END()
