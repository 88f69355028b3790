// What the zlib override of uncompressed_tables.cpp has done in this process,
// for the tests that check it still applies to Xapian and to nothing else.
#pragma once

#include <cstdint>

namespace wadi {

struct UncompressedTablesCalls {
  std::uint64_t deflates_skipped = 0;  // Xapian's deflate calls answered "could not compress"
  std::uint64_t resets_skipped = 0;    // Xapian's deflateReset calls answered without clearing
  std::uint64_t passed_to_zlib = 0;    // other callers' calls, handed to zlib's own functions
};

UncompressedTablesCalls uncompressed_tables_calls();

}  // namespace wadi
