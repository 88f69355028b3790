// The similarity of articles' texts, by which near-identical articles (the
// same wire report in several outlets, a re-filed correction) are found at
// index time: the set of the text's word 5-shingles, and a MinHash of it
// whose LSH band terms make "the articles sharing a band" one Xapian query.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analyzer.h"

namespace wadi {

// Two articles are versions of one story when the Jaccard similarity of
// their sets of word 5-shingles (runs of 5 consecutive folded words of the
// body; the title is left out, since outlets rewrite headlines) is at least this.
inline constexpr double kStoryJaccard = 0.8;
inline constexpr std::size_t kShingleWords = 5;

// A text's shingles, each as a 64-bit hash, sorted, each once; empty when
// the text has fewer than kShingleWords words. Only the first
// kMaxShingledWords words count: a news article has far fewer, and a
// 20 MB text would otherwise hold 30 MB of shingles until it is written.
inline constexpr std::size_t kMaxShingledWords = 100'000;
using Shingles = std::vector<std::uint64_t>;
Shingles shingles_of(const std::vector<Token>& tokens);

// The Jaccard similarity of two shingle sets; 0 when either is empty.
double jaccard(const Shingles& a, const Shingles& b);

// A band key's term (schema::kStoryBandPrefix, the band number in two hex
// digits, then 13 of its hash).
std::string band_term(std::uint64_t key);

// kMinHashes minima, one per hash function, over a text's shingles.
class StorySignature {
 public:
  static constexpr std::size_t kMinHashes = 18;
  // Bands of kBandRows minima each: a pair with Jaccard s shares a band with
  // probability 1 - (1 - s^3)^6: 0.986 at 0.8, 0.9997 at 0.9, 0.55 at 0.5
  // (those are compared and found apart), and the copies of a story find
  // each other through the others too. Each band is a new term of every
  // article, which Xapian must invert and write: 6 bands cost 0.4 of what
  // 21 bands of 6 did (10 bands of 4 cost 0.6).
  static constexpr std::size_t kBandRows = 3;
  static constexpr std::size_t kBands = kMinHashes / kBandRows;

  // Empty for no shingles.
  explicit StorySignature(const Shingles& shingles);

  // One key per band: its number in the top 12 bits, 52 bits of its hash
  // below; none when empty.
  std::vector<std::uint64_t> band_keys() const;
  // One boolean term per band (band_term of each key); none when empty.
  std::vector<std::string> band_terms() const;

 private:
  std::vector<std::uint32_t> minima_;
};

}  // namespace wadi
