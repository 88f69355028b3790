// ordered_pipeline: run_ordered consumes every result in order, whatever the
// number of threads, and holds at most `window` of them at once.
#include <boost/test/unit_test.hpp>

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <vector>

#include "ordered_pipeline.h"

namespace {

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct NoState {};

}  // namespace

BOOST_AUTO_TEST_SUITE(ordered_pipeline)

BOOST_AUTO_TEST_CASE(results_are_consumed_in_order_whatever_the_threads) {
  for (unsigned threads : {1u, 3u, 8u}) {
    std::vector<std::size_t> consumed;
    const std::size_t n = wadi::run_ordered<std::size_t>(
        1000, threads, 4, [] { return NoState{}; }, [](NoState&, std::size_t i) { return i * i; },
        [&](std::size_t i, std::size_t square) {
          BOOST_TEST(square == i * i);
          consumed.push_back(i);
        },
        [] { return false; });
    BOOST_TEST(n == 1000u);
    BOOST_REQUIRE(consumed.size() == 1000u);
    for (std::size_t i = 0; i < consumed.size(); ++i) BOOST_TEST(consumed[i] == i);
  }
}

BOOST_AUTO_TEST_CASE(memory_is_bounded_by_the_window_not_the_count) {
  // 20,000 results of 4 KB: 80 MB if each had a slot, 32 KB for a window of 8.
  using Page = std::array<char, 4096>;
  const long before = peak_rss_kb();
  std::size_t sum = 0;
  wadi::run_ordered<Page>(
      20000, 2, 8, [] { return NoState{}; },
      [](NoState&, std::size_t i) {
        Page page{};
        page[0] = static_cast<char>(i);
        return page;
      },
      [&](std::size_t, Page page) { sum += static_cast<unsigned char>(page[0]); }, [] { return false; });
  BOOST_TEST(sum > 0u);
  BOOST_TEST(peak_rss_kb() - before < 16 * 1024);
}

BOOST_AUTO_TEST_CASE(stop_ends_consumption_early) {
  std::atomic<std::size_t> seen{0};
  const std::size_t n = wadi::run_ordered<int>(
      100000, 2, 4, [] { return NoState{}; }, [](NoState&, std::size_t) { return 1; },
      [&](std::size_t, int) { ++seen; }, [&] { return seen.load() >= 10; });
  BOOST_TEST(n == 10u);
}

BOOST_AUTO_TEST_SUITE_END()
