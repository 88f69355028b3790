// Linked into `index` (and the tests) only, when WADI_UNCOMPRESSED_TABLES is
// on: Xapian writes every document's data and term list uncompressed.
//
// Why: Xapian 1.4's glass backend runs zlib (level 6, and a 128 KB hash table
// cleared for each item) over every item it adds to the document-data and
// term-list tables, with no setting to turn it off. On Reuters-21578 that was
// a sixth of `index`'s CPU time, for tables 10% smaller (140 against 155 MB).
// Glass stores an item as it is when zlib reports that it could not compress
// it, and readers see per item whether it was compressed, so answering every
// call that way gives databases any Xapian reads, with items compressed by
// earlier runs still read as before. Glass also resets its zlib stream before
// every item, and deflateReset clears that hash table: 128 KB of memset per
// item, for nothing once deflate compresses nothing.
//
// How: the program's definitions of deflate and deflateReset take the place
// of zlib's for every caller (the dynamic linker binds libxapian's calls, and
// zlib's own, to the executable's definition). That is a trap: on this zlib,
// deflateInit2_ itself calls deflateReset, and any other compressor in the
// program (compress(), gzwrite(), a WARC reader...) would fail with a
// misleading error. So the override answers only calls made from libxapian's
// code, and hands every other call to zlib's own function. Reading (inflate)
// is untouched. tests/compression_test.cpp fails when either half stops
// applying to Xapian or when another zlib user is broken.
//
// Only for Xapian 1.4 (glass): CMake checks the version and leaves this file
// out otherwise, or with -DWADI_UNCOMPRESSED_TABLES=OFF.
#include "uncompressed_tables.h"

#include <dlfcn.h>
#include <link.h>
#include <zlib.h>

#include <atomic>
#include <cstdint>
#include <cstring>

namespace {

std::atomic<std::uint64_t> g_deflates_skipped{0}, g_resets_skipped{0}, g_passed{0};

// Where libxapian's code lies in memory: [begin, end), or empty when it is
// not loaded as a shared library (then nothing is overridden).
struct Range {
  std::uintptr_t begin = 0, end = 0;
  bool contains(const void* address) const {
    const auto a = reinterpret_cast<std::uintptr_t>(address);
    return a >= begin && a < end;
  }
};

int find_xapian(dl_phdr_info* info, std::size_t, void* data) {
  if (info->dlpi_name == nullptr || std::strstr(info->dlpi_name, "/libxapian.so") == nullptr) return 0;
  Range& range = *static_cast<Range*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD || !(segment.p_flags & PF_X)) continue;
    const std::uintptr_t begin = info->dlpi_addr + segment.p_vaddr;
    if (range.begin == 0 || begin < range.begin) range.begin = begin;
    if (begin + segment.p_memsz > range.end) range.end = begin + segment.p_memsz;
  }
  return 1;
}

const Range& xapian_code() {
  static const Range range = [] {
    Range r;
    dl_iterate_phdr(find_xapian, &r);
    return r;
  }();
  return range;
}

template <class Function>
Function zlib_own(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

}  // namespace

namespace wadi {

UncompressedTablesCalls uncompressed_tables_calls() {
  return {g_deflates_skipped.load(), g_resets_skipped.load(), g_passed.load()};
}

}  // namespace wadi

extern "C" int deflate(z_streamp stream, int flush) {
  if (xapian_code().contains(__builtin_return_address(0))) {
    g_deflates_skipped.fetch_add(1, std::memory_order_relaxed);
    return Z_BUF_ERROR;  // "could not compress": glass stores the item as it is
  }
  g_passed.fetch_add(1, std::memory_order_relaxed);
  static const auto own = zlib_own<int (*)(z_streamp, int)>("deflate");
  return own(stream, flush);
}

extern "C" int deflateReset(z_streamp stream) {
  if (xapian_code().contains(__builtin_return_address(0))) {
    g_resets_skipped.fetch_add(1, std::memory_order_relaxed);
    return Z_OK;  // nothing to clear: deflate never ran on this stream
  }
  g_passed.fetch_add(1, std::memory_order_relaxed);
  static const auto own = zlib_own<int (*)(z_streamp)>("deflateReset");
  return own(stream);
}
