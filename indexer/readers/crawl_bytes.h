// The bytes of a crawl file as a stream: read a block at a time, and
// inflated when it is gzip (one member after the other, as crawlers write a
// member per record). Used by the WARC reader.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <zlib.h>

namespace wadi {

// Where a crawl's bytes come from: a file read a block at a time, or bytes
// in memory.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Appends up to `n` bytes to `out`; none at the end. False on a read
  // error, said in `error`.
  virtual bool read(std::string& out, std::size_t n, std::string& error) = 0;
};

// Reads `length` bytes of the file open as `fd` (owned and closed).
std::unique_ptr<ByteSource> file_source(int fd, std::uint64_t length);
// Reads `bytes`, which must outlive it.
std::unique_ptr<ByteSource> memory_source(std::string_view bytes);

inline bool is_gzip_start(std::string_view bytes) { return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b'; }

// The bytes of a crawl as WARC records: the file's own, or those of its gzip
// members inflated one after the other. Holds a block of each at most.
// Corrupt gzip data makes a break: the bytes stop short (the record being
// read is cut) until resume(), which goes on at the next gzip member.
class CrawlBytes {
 public:
  explicit CrawlBytes(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}
  ~CrawlBytes() {
    if (gzip_) inflateEnd(&z_);
  }
  CrawlBytes(const CrawlBytes&) = delete;
  CrawlBytes& operator=(const CrawlBytes&) = delete;

  // The next line without its "\r\n" or "\n", cut to `max` bytes (the rest
  // of it dropped). False at the end or a break.
  bool line(std::string& out, std::size_t max) {
    out.clear();
    for (;;) {
      std::size_t end = buf_.find('\n', pos_);
      std::size_t stop = end == std::string::npos ? buf_.size() : end;
      if (out.size() < max) out.append(buf_, pos_, std::min(stop - pos_, max - out.size()));
      pos_ = end == std::string::npos ? buf_.size() : end + 1;
      if (end != std::string::npos) break;
      if (!fill()) {
        if (out.empty()) return false;
        break;
      }
    }
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return true;
  }

  // Appends up to `n` bytes to `out` (drops them when `out` is null); the
  // count taken, short at the end or a break.
  std::uint64_t take(std::string* out, std::uint64_t n) {
    std::uint64_t taken = 0;
    while (taken < n) {
      if (pos_ == buf_.size() && !fill()) break;
      std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(n - taken, buf_.size() - pos_));
      if (out) out->append(buf_, pos_, chunk);
      pos_ += chunk;
      taken += chunk;
    }
    return taken;
  }

  // Why the bytes stopped short (a read error, corrupt gzip data), or "".
  const std::string& error() const { return error_; }
  bool at_break() const { return broken_; }
  // Goes on after a break, at the next gzip member.
  void resume() {
    broken_ = false;
    error_.clear();
  }

 private:
  static constexpr std::size_t kBlock = 256u << 10;

  // More bytes in buf_ (whose used bytes are dropped); false at the end or a break.
  bool fill() {
    buf_.erase(0, pos_);
    pos_ = 0;
    if (broken_ || (done_ && raw_pos_ == raw_.size())) return false;
    if (!started_) start();
    if (!gzip_) {
      if (raw_pos_ == raw_.size() && !more_raw()) return false;
      buf_.append(raw_, raw_pos_);
      raw_pos_ = raw_.size();
      return true;
    }
    return inflate_some();
  }

  void start() {
    started_ = true;
    more_raw();
    gzip_ = is_gzip_start(std::string_view(raw_).substr(raw_pos_));
    if (gzip_ && inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
      gzip_ = false;
      done_ = true;
      raw_.clear();
      raw_pos_ = 0;
      error_ = "out of memory for gzip";
    }
  }

  // Reads a block of the file into raw_; false when there is none.
  bool more_raw() {
    if (done_) return false;
    raw_.erase(0, raw_pos_);
    raw_pos_ = 0;
    std::size_t before = raw_.size();
    std::string error;
    if (!source_->read(raw_, kBlock, error)) {
      error_ = error;
      broken_ = true;
    }
    if (raw_.size() == before) done_ = true;
    return raw_.size() > before;
  }

  bool inflate_some() {
    for (;;) {
      if (raw_pos_ == raw_.size() && !more_raw()) {
        if (in_member_) {
          error_ = "the last gzip member is cut short";
          in_member_ = false;
        }
        return false;
      }
      if (!in_member_) {  // a new member: gzip's magic, or the end of the data
        if (raw_.size() - raw_pos_ < 2 && !done_) more_raw();
        if (!is_gzip_start(std::string_view(raw_).substr(raw_pos_))) {
          if (std::string_view(raw_).substr(raw_pos_).find_first_not_of('\0') != std::string_view::npos)
            error_ = "bytes after the last gzip member are not gzip data: ignored";
          raw_pos_ = raw_.size();
          done_ = true;
          return false;
        }
        in_member_ = true;
      }
      std::size_t used = buf_.size();
      buf_.resize(used + kBlock);
      z_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
      z_.avail_in = static_cast<uInt>(raw_.size() - raw_pos_);
      z_.next_out = reinterpret_cast<Bytef*>(buf_.data() + used);
      z_.avail_out = static_cast<uInt>(kBlock);
      int status = inflate(&z_, Z_NO_FLUSH);
      raw_pos_ = raw_.size() - z_.avail_in;
      buf_.resize(used + kBlock - z_.avail_out);
      if (status == Z_STREAM_END) {
        inflateReset(&z_);
        in_member_ = false;
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        error_ = std::string("corrupt gzip data (") + (z_.msg ? z_.msg : "inflate failed") + ")";
        inflateReset(&z_);
        in_member_ = false;
        skip_to_next_member();
        broken_ = true;
        return buf_.size() > used;
      }
      if (buf_.size() > used) return true;
    }
  }

  void skip_to_next_member() {
    for (;;) {
      std::size_t at = raw_.find("\x1f\x8b\x08", raw_pos_ + 1);
      if (at != std::string::npos) {
        raw_pos_ = at;
        return;
      }
      raw_pos_ = raw_.size() >= 2 ? raw_.size() - 2 : raw_.size();  // the magic may straddle blocks
      if (!more_raw()) {
        raw_pos_ = raw_.size();
        return;
      }
    }
  }

  std::unique_ptr<ByteSource> source_;
  std::string raw_, buf_;
  std::size_t raw_pos_ = 0, pos_ = 0;
  z_stream z_{};
  bool started_ = false, gzip_ = false, in_member_ = false, done_ = false, broken_ = false;
  std::string error_;
};

}  // namespace wadi
