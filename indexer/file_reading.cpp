#include "file_reading.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>

namespace wadi {

std::string too_large(std::uint64_t limit) { return "too large (over " + std::to_string(limit >> 20) + " MB)"; }

int open_article_file(const std::string& path, std::uint64_t limit, std::string& error, bool& transient) {
  OpenFile file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  struct stat st {};
  if (file.get() < 0 || ::fstat(file.get(), &st) != 0) {
    error = std::string("cannot open: ") + std::strerror(errno);
    transient = true;
    return -1;
  }
  if (!S_ISREG(st.st_mode)) error = "not a regular file";
  else if (static_cast<std::uint64_t>(st.st_size) > limit) error = too_large(limit);
  return error.empty() ? file.release() : -1;
}

bool read_at(int fd, std::uint64_t offset, std::size_t want, std::string& bytes, std::string& error) {
  std::size_t used = bytes.size();
  bytes.resize(used + want);
  std::size_t got = 0;
  while (got < want) {
    ssize_t n = ::pread(fd, bytes.data() + used + got, want - got, static_cast<off_t>(offset + got));
    if (n > 0) got += static_cast<std::size_t>(n);
    else if (n == 0) break;
    else if (errno != EINTR) {
      error = std::string("cannot read: ") + std::strerror(errno);
      bytes.resize(used);
      return false;
    }
  }
  bytes.resize(used + got);
  return true;
}

bool binary_start(std::string_view first) {
  if (first.substr(0, 2) == "\xFF\xFE" || first.substr(0, 2) == "\xFE\xFF") return false;
  return first.find('\0') != std::string_view::npos;
}

std::optional<std::string> read_file(const std::string& path, std::uint64_t limit, std::string& error, bool& transient) {
  OpenFile file(open_article_file(path, limit, error, transient));
  if (file.get() < 0) return std::nullopt;
  auto unreadable = [&] {
    transient = true;
    return std::nullopt;
  };
  std::string bytes;
  if (!read_at(file.get(), 0, kFirstBlock, bytes, error)) return unreadable();
  if (binary_start(bytes)) {
    error = kBinary;
    return std::nullopt;
  }
  if (bytes.size() == kFirstBlock) {
    // The rest in as few reads as its size allows (fstat can be out of
    // date, and /proc says 0), and never past the limit.
    struct stat st {};
    std::uint64_t size = ::fstat(file.get(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    for (;;) {
      std::size_t before = bytes.size();
      std::uint64_t want = std::max<std::uint64_t>(size + 1, before + kFirstBlock) - before;
      want = std::min<std::uint64_t>(want, limit + 1 - before);
      if (!read_at(file.get(), before, static_cast<std::size_t>(want), bytes, error)) return unreadable();
      if (bytes.size() < before + want || bytes.size() > limit) break;
    }
  }
  if (bytes.size() > limit) {
    error = too_large(limit);
    return std::nullopt;
  }
  return bytes;
}

}  // namespace wadi
