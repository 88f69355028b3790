#include "story_signature.h"

#include <algorithm>
#include <array>
#include <limits>

#include <xxhash.h>

#include "analysis/schema.h"

namespace wadi {
namespace {

// The hash functions: multiply-shift on the shingle's 64-bit hash, with
// fixed odd multipliers and xor keys drawn once from splitmix64, so that
// every index run, and every database, computes the same signatures.
struct HashFamily {
  std::array<std::uint64_t, StorySignature::kMinHashes> multiplier, key;
  HashFamily() {
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {
      std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return z ^ (z >> 31);
    };
    for (std::size_t i = 0; i < StorySignature::kMinHashes; ++i) {
      multiplier[i] = next() | 1;
      key[i] = next();
    }
  }
};

const HashFamily& family() {
  static const HashFamily instance;
  return instance;
}

}  // namespace

Shingles shingles_of(const std::vector<Token>& tokens) {
  Shingles shingles;
  if (tokens.size() < kShingleWords) return shingles;
  std::vector<std::uint64_t> words(std::min(tokens.size(), kMaxShingledWords));
  for (std::size_t i = 0; i < words.size(); ++i) words[i] = XXH3_64bits(tokens[i].term.data(), tokens[i].term.size());
  // A shingle is its words' hashes hashed in order.
  shingles.reserve(words.size() - kShingleWords + 1);
  for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i)
    shingles.push_back(XXH3_64bits(&words[i], kShingleWords * sizeof(std::uint64_t)));
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

double jaccard(const Shingles& a, const Shingles& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) ++i;
    else if (*j < *i) ++j;
    else ++common, ++i, ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

StorySignature::StorySignature(const Shingles& shingles) {
  if (shingles.empty()) return;
  const HashFamily& hashes = family();
  minima_.assign(kMinHashes, std::numeric_limits<std::uint32_t>::max());
  for (std::size_t k = 0; k < kMinHashes; ++k) {
    const std::uint64_t multiplier = hashes.multiplier[k], key = hashes.key[k];
    std::uint32_t least = std::numeric_limits<std::uint32_t>::max();
    for (std::uint64_t shingle : shingles) least = std::min(least, static_cast<std::uint32_t>(((shingle ^ key) * multiplier) >> 32));
    minima_[k] = least;
  }
}

std::vector<std::uint64_t> StorySignature::band_keys() const {
  std::vector<std::uint64_t> keys;
  if (minima_.empty()) return keys;
  for (std::size_t band = 0; band < kBands; ++band) {
    const std::uint64_t hash = XXH3_64bits(&minima_[band * kBandRows], kBandRows * sizeof(std::uint32_t));
    keys.push_back(static_cast<std::uint64_t>(band) << 52 | hash >> 12);
  }
  return keys;
}

std::vector<std::string> StorySignature::band_terms() const {
  std::vector<std::string> terms;
  for (std::uint64_t key : band_keys()) terms.push_back(band_term(key));
  return terms;
}

std::string band_term(std::uint64_t key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string term = schema::kStoryBandPrefix;
  for (int shift = 56; shift >= 0; shift -= 4) term += kHex[(key >> shift) & 15];
  return term;
}

}  // namespace wadi
