// story_signature: how alike two articles' texts are (indexer/story_signature.h):
// the Jaccard similarity of their word 5-shingles, and the LSH band terms
// by which alike texts find each other: a copy shares a band, an unrelated
// text none, too short a text has no shingles at all.
#include <boost/test/unit_test.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "story_signature.h"

using wadi::Shingles;
using wadi::StorySignature;

namespace {

// `n` words drawn from a vocabulary of 2,000, as tokens.
std::vector<wadi::Token> random_words(std::size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<wadi::Token> tokens;
  for (std::size_t i = 0; i < n; ++i)
    tokens.push_back({"w" + std::to_string(random() % 2000), static_cast<std::uint32_t>(i), 0, 0, false});
  return tokens;
}

// The Jaccard similarity of the texts' word 5-shingle sets, from the words themselves.
double expected_jaccard(const std::vector<wadi::Token>& a, const std::vector<wadi::Token>& b) {
  auto shingles = [](const std::vector<wadi::Token>& t) {
    std::set<std::string> s;
    for (std::size_t i = 0; i + 5 <= t.size(); ++i)
      s.insert(t[i].term + ' ' + t[i + 1].term + ' ' + t[i + 2].term + ' ' + t[i + 3].term + ' ' + t[i + 4].term);
    return s;
  };
  std::set<std::string> x = shingles(a), y = shingles(b);
  std::size_t common = 0;
  for (const std::string& s : x) common += y.count(s);
  return static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
}

std::size_t shared_bands(const Shingles& a, const Shingles& b) {
  std::vector<std::string> x = StorySignature(a).band_terms(), y = StorySignature(b).band_terms();
  std::size_t n = 0;
  for (std::size_t i = 0; i < x.size(); ++i) n += x[i] == y[i];
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(story_signature)

BOOST_AUTO_TEST_CASE(identical_texts_have_every_band_in_common) {
  const Shingles a = wadi::shingles_of(random_words(200, 1));
  BOOST_TEST(wadi::jaccard(a, a) == 1.0);
  BOOST_TEST(shared_bands(a, a) == StorySignature::kBands);
}

BOOST_AUTO_TEST_CASE(jaccard_is_that_of_the_word_5_shingles) {
  const auto text = random_words(300, 2);
  for (unsigned seed = 0; seed < 20; ++seed) {
    auto copy = text;
    std::mt19937 random(seed);
    for (unsigned changes = 0; changes <= seed; ++changes) copy[random() % copy.size()].term = "changed" + std::to_string(changes);
    copy.resize(copy.size() - seed);
    BOOST_TEST(wadi::jaccard(wadi::shingles_of(text), wadi::shingles_of(copy)) == expected_jaccard(text, copy),
               boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(a_copy_with_a_few_words_changed_shares_a_band) {
  // Words changed at a rate of 1 in 100: Jaccard about 0.9.
  const auto text = random_words(300, 3);
  for (unsigned seed = 0; seed < 50; ++seed) {
    auto copy = text;
    std::mt19937 random(seed);
    for (int changes = 0; changes < 3; ++changes) copy[random() % copy.size()].term = "changed" + std::to_string(changes);
    BOOST_TEST(shared_bands(wadi::shingles_of(text), wadi::shingles_of(copy)) > 0u);
  }
}

BOOST_AUTO_TEST_CASE(unrelated_texts_share_no_band) {
  const Shingles a = wadi::shingles_of(random_words(200, 4)), b = wadi::shingles_of(random_words(200, 5));
  BOOST_TEST(shared_bands(a, b) == 0u);
  BOOST_TEST(wadi::jaccard(a, b) == 0.0);
}

BOOST_AUTO_TEST_CASE(text_of_fewer_than_five_words_has_no_shingles_and_no_bands) {
  BOOST_TEST(wadi::shingles_of(random_words(4, 6)).empty());
  BOOST_TEST(StorySignature(wadi::shingles_of(random_words(4, 6))).band_terms().empty());
  BOOST_TEST(wadi::shingles_of(random_words(5, 6)).size() == 1u);
  BOOST_TEST(wadi::jaccard({}, wadi::shingles_of(random_words(5, 6))) == 0.0);
}

BOOST_AUTO_TEST_CASE(only_the_first_words_of_a_huge_text_are_shingled) {
  // Memory stays bounded for a 20 MB "article".
  BOOST_TEST(wadi::shingles_of(random_words(wadi::kMaxShingledWords + 1000, 7)).size() <= wadi::kMaxShingledWords);
}

BOOST_AUTO_TEST_SUITE_END()
