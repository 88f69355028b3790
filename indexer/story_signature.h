// The similarity signature of an article's text, by which near-identical
// articles (the same wire report in several outlets, a re-filed correction)
// are found at index time: a MinHash of the text's word 5-shingles, and the
// LSH band terms that make "articles sharing a band" one Xapian query.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"

namespace wadi {

// Two articles are versions of one story when the Jaccard similarity of
// their sets of word 5-shingles (runs of 5 consecutive folded words of the
// body; the title is left out, since outlets rewrite headlines) is at least this.
inline constexpr double kStoryJaccard = 0.8;
inline constexpr std::size_t kShingleWords = 5;

// kMinHashes minima, one per hash function, over the article's shingles.
class StorySignature {
 public:
  static constexpr std::size_t kMinHashes = 128;
  // Bands of kBandRows minima each: a pair with Jaccard s shares a band with
  // probability 1 - (1 - s^6)^21: 0.998 at 0.8, 0.93 at 0.7, 0.28 at 0.5.
  static constexpr std::size_t kBandRows = 6;
  static constexpr std::size_t kBands = 21;

  StorySignature() = default;

  // The signature of the words `tokens` (a body's, in order); empty when
  // the text has fewer than kShingleWords words.
  static StorySignature of(const std::vector<Token>& tokens);

  // Reads what encoded() wrote; empty for anything else (an old database's
  // empty value).
  static StorySignature decode(std::string_view bytes);

  bool empty() const { return minima_.empty(); }
  // Fixed-size bytes for a value slot.
  std::string encoded() const;
  // One boolean term per band (schema::kStoryBandPrefix); none when empty.
  std::vector<std::string> band_terms() const;
  // The share of minima equal in both: an estimate of the Jaccard
  // similarity of the two shingle sets (standard error about 0.035 at 0.8).
  // 0 when either is empty.
  double similarity(const StorySignature& other) const;

 private:
  std::vector<std::uint32_t> minima_;
};

}  // namespace wadi
