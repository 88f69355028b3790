// story_signature: the MinHash signature by which near-identical articles
// are found (indexer/story_signature.h): alike texts alike signatures,
// unrelated texts none in common, too short a text none at all.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "story_signature.h"

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

// The exact Jaccard similarity of the texts' word 5-shingle sets.
double jaccard(const std::vector<wadi::Token>& a, const std::vector<wadi::Token>& b) {
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

std::size_t shared_bands(const StorySignature& a, const StorySignature& b) {
  std::vector<std::string> x = a.band_terms(), y = b.band_terms();
  std::size_t n = 0;
  for (std::size_t i = 0; i < x.size(); ++i) n += x[i] == y[i];
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(story_signature)

BOOST_AUTO_TEST_CASE(identical_texts_have_identical_signatures_and_bands) {
  const auto text = random_words(200, 1);
  const StorySignature a = StorySignature::of(text), b = StorySignature::of(text);
  BOOST_TEST(a.similarity(b) == 1.0);
  BOOST_TEST(a.encoded() == b.encoded());
  BOOST_TEST(shared_bands(a, b) == StorySignature::kBands);
  BOOST_TEST(StorySignature::decode(a.encoded()).similarity(a) == 1.0);
}

BOOST_AUTO_TEST_CASE(a_copy_with_a_few_words_changed_shares_a_band_and_estimates_its_jaccard) {
  // Words changed at a rate of 1 in 100: Jaccard about 0.9.
  const auto text = random_words(300, 2);
  for (unsigned seed = 0; seed < 20; ++seed) {
    auto copy = text;
    std::mt19937 random(seed);
    for (int changes = 0; changes < 3; ++changes) copy[random() % copy.size()].term = "changed" + std::to_string(changes);
    const double exact = jaccard(text, copy);
    const StorySignature a = StorySignature::of(text), b = StorySignature::of(copy);
    BOOST_TEST(shared_bands(a, b) > 0u);
    BOOST_TEST(std::abs(a.similarity(b) - exact) < 0.15, "estimate " << a.similarity(b) << " for " << exact);
  }
}

BOOST_AUTO_TEST_CASE(unrelated_texts_share_no_band_and_estimate_near_zero) {
  const StorySignature a = StorySignature::of(random_words(200, 3)), b = StorySignature::of(random_words(200, 4));
  BOOST_TEST(shared_bands(a, b) == 0u);
  BOOST_TEST(a.similarity(b) < 0.1);
}

BOOST_AUTO_TEST_CASE(text_of_fewer_than_five_words_has_no_signature) {
  BOOST_TEST(StorySignature::of(random_words(4, 5)).empty());
  BOOST_TEST(StorySignature::of(random_words(4, 5)).band_terms().empty());
  BOOST_TEST(!StorySignature::of(random_words(5, 5)).empty());
  BOOST_TEST(StorySignature::decode("").empty());
  BOOST_TEST(StorySignature().similarity(StorySignature::of(random_words(5, 5))) == 0.0);
}

BOOST_AUTO_TEST_CASE(half_alike_texts_estimate_about_half) {
  // The second half of the text replaced: Jaccard about a third.
  const auto text = random_words(400, 6);
  auto other = text;
  const auto replacement = random_words(200, 7);
  std::copy(replacement.begin(), replacement.end(), other.begin() + 200);
  const double exact = jaccard(text, other);
  const double estimate = StorySignature::of(text).similarity(StorySignature::of(other));
  BOOST_TEST(std::abs(estimate - exact) < 0.15, "estimate " << estimate << " for " << exact);
  BOOST_TEST(estimate < 0.8);
}

BOOST_AUTO_TEST_SUITE_END()
