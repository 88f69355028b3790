// Which article keys a run may have added: a Bloom filter of their 64-bit
// hashes, a fixed 4 MB whatever the corpus (a set of the hashes took ~40
// bytes an article, 40 MB of a million-article run). A key never added is
// usually answered "no"; one added is always answered "maybe", so a caller
// asks the database only for "maybe" and stays exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

namespace wadi {

class KeyFilter {
 public:
  // Remembers `hash`; whether it may have been remembered before.
  bool insert(std::uint64_t hash) {
    bool seen = true;
    for_each_bit(hash, [&](std::size_t bit) {
      std::uint64_t& word = bits_.get()[bit / 64];
      const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
      seen = seen && (word & mask);
      word |= mask;
    });
    return seen;
  }
  static constexpr std::size_t bytes() { return kBits / 8; }

 private:
  // 2^25 bits and 3 probes: one false "maybe" in ~1,600 keys at a million
  // articles, one in 5 at ten million (each costs one database lookup).
  static constexpr std::size_t kBits = std::size_t{1} << 25;
  template <typename F>
  static void for_each_bit(std::uint64_t hash, F f) {
    const std::uint64_t step = (hash >> 32) | 1;  // double hashing from the two halves
    for (std::uint64_t i = 0, h = hash; i < 3; ++i, h += step) f(static_cast<std::size_t>(h % kBits));
  }
  // calloc'd: the pages are the kernel's zero pages until a key touches
  // them, so a small run costs little of the 4 MB.
  struct Free {
    void operator()(std::uint64_t* p) const { std::free(p); }
  };
  static std::uint64_t* zeroed() {
    void* p = std::calloc(kBits / 64, sizeof(std::uint64_t));
    if (!p) throw std::bad_alloc();
    return static_cast<std::uint64_t*>(p);
  }
  std::unique_ptr<std::uint64_t[], Free> bits_{zeroed()};
};

}  // namespace wadi
