#include "readers/crawl_bytes.h"

#include <unistd.h>

#include "file_reading.h"

namespace wadi {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(int fd, std::uint64_t length) : fd_(fd), length_(length) {}
  ~FileSource() override { ::close(fd_); }
  bool read(std::string& out, std::size_t n, std::string& error) override {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n, length_ - offset_));
    std::size_t before = out.size();
    if (want == 0) return true;
    if (!read_at(fd_, offset_, want, out, error)) return false;
    offset_ += out.size() - before;
    if (out.size() - before < want) length_ = offset_;  // it shrank since it was hashed
    return true;
  }

 private:
  int fd_;
  std::uint64_t offset_ = 0, length_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  bool read(std::string& out, std::size_t n, std::string&) override {
    std::string_view chunk = bytes_.substr(0, n);
    out.append(chunk);
    bytes_.remove_prefix(chunk.size());
    return true;
  }

 private:
  std::string_view bytes_;
};

}  // namespace

std::unique_ptr<ByteSource> file_source(int fd, std::uint64_t length) { return std::make_unique<FileSource>(fd, length); }
std::unique_ptr<ByteSource> memory_source(std::string_view bytes) { return std::make_unique<MemorySource>(bytes); }

}  // namespace wadi
