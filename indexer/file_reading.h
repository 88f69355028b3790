// Reading corpus files without trusting them: only regular files, never
// past a size limit, binary ones found from their first bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <unistd.h>

namespace wadi {

// A file open for reading, closed when this goes.
class OpenFile {
 public:
  explicit OpenFile(int fd) : fd_(fd) {}
  ~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// The first bytes of a file, enough to tell text from binary.
constexpr std::size_t kFirstBlock = 64 * 1024;
inline constexpr const char* kBinary = "binary file (control bytes, not text)";

// "too large (over 64 MB)"
std::string too_large(std::uint64_t limit);

// Opens `path` if it is a regular file of at most `limit` bytes now (it may
// have been swapped since the listing): never blocks on a FIFO or device.
// Otherwise -1, with the reason in `error` and `transient` set when the
// reason may pass.
int open_article_file(const std::string& path, std::uint64_t limit, std::string& error, bool& transient);

// Reads up to `want` bytes at `offset` into `bytes` (appended); false on an
// error, in `error`. Fewer bytes mean the file ends.
bool read_at(int fd, std::uint64_t offset, std::size_t want, std::string& bytes, std::string& error);

// What the first bytes of a file say: a NUL in them, without the BOM of
// UTF-16 (where NULs are letters), means a binary file, so the rest of it
// (a sparse gigabyte of zeros) is never read.
bool binary_start(std::string_view first);

// The bytes of an article file of at most `limit` bytes: never more than
// limit + 1 bytes are read, whatever the file turns out to be. Else none,
// with the reason as open_article_file() gives it.
std::optional<std::string> read_file(const std::string& path, std::uint64_t limit, std::string& error, bool& transient);

}  // namespace wadi
