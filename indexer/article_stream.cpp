#include "article_stream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace wadi {
namespace {

constexpr std::size_t kReadBlock = 1u << 20;

std::string too_long() { return "over " + std::to_string(kMaxArticleTextBytes >> 20) + " MB: skipped"; }

}  // namespace

ArticleListStream::ArticleListStream(ReadResult read) : read_(std::move(read)), problem_count_(read_.problems.size()) {}

ReadResult ArticleListStream::next(std::size_t max_articles) {
  ReadResult part;
  part.problems.swap(read_.problems);
  part.passed_over.swap(read_.passed_over);
  std::size_t end = std::min(read_.unread.size(), position_ + max_articles);
  for (; position_ < end; ++position_) part.unread.push_back(std::move(read_.unread[position_]));
  articles_ += part.unread.size();
  at_end_ = position_ == read_.unread.size();
  if (at_end_) read_.unread = {};
  return part;
}

JsonLinesStream::JsonLinesStream(FileContext context, std::string text)
    : reader_(std::move(context), problems_), buffer_(std::move(text)) {}

JsonLinesStream::JsonLinesStream(FileContext context, int fd, std::uint64_t length)
    : reader_(std::move(context), problems_), fd_(fd), length_(length) {}

JsonLinesStream::~JsonLinesStream() {
  if (fd_ >= 0) ::close(fd_);
}

JsonLinesStream::Line JsonLinesStream::next_line(std::string_view& line, std::string& error) {
  for (;;) {
    std::size_t end = buffer_.find('\n', position_);
    if (end != std::string::npos) {
      line = std::string_view(buffer_).substr(position_, end - position_);
      position_ = end + 1;
      return Line::kLine;
    }
    if (offset_ >= length_) {  // all of the text is in the buffer
      if (position_ >= buffer_.size()) return Line::kEnd;
      line = std::string_view(buffer_).substr(position_);
      position_ = buffer_.size();
      return Line::kLine;
    }
    buffer_.erase(0, position_);
    position_ = 0;
    bool skipping = buffer_.size() > kMaxArticleTextBytes;  // a line too long to hold: drop it up to its end
    if (skipping) buffer_.clear();
    std::size_t used = buffer_.size();
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kReadBlock, length_ - offset_));
    buffer_.resize(used + want);
    ssize_t n;
    do n = ::pread(fd_, buffer_.data() + used, want, static_cast<off_t>(offset_));
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      error = std::string("cannot read: ") + std::strerror(errno);
      return Line::kEnd;
    }
    buffer_.resize(used + static_cast<std::size_t>(n));
    offset_ += static_cast<std::uint64_t>(n);
    if (n == 0) length_ = offset_;  // it shrank since it was hashed
    if (skipping) {
      std::size_t rest = buffer_.find('\n');
      while (rest == std::string::npos && offset_ < length_) {  // keep dropping blocks until the line ends
        buffer_.clear();
        std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(kReadBlock, length_ - offset_));
        buffer_.resize(size);
        do n = ::pread(fd_, buffer_.data(), size, static_cast<off_t>(offset_));
        while (n < 0 && errno == EINTR);
        if (n <= 0) {
          if (n < 0) error = std::string("cannot read: ") + std::strerror(errno);
          buffer_.clear();
          length_ = offset_;
          return n < 0 ? Line::kEnd : Line::kTooLong;
        }
        buffer_.resize(static_cast<std::size_t>(n));
        offset_ += static_cast<std::uint64_t>(n);
        rest = buffer_.find('\n');
      }
      position_ = rest == std::string::npos ? buffer_.size() : rest + 1;
      return Line::kTooLong;
    }
  }
}

ReadResult JsonLinesStream::next(std::size_t max_articles) {
  ReadResult result;
  while (!at_end_ && result.articles.size() < max_articles) {
    std::string_view line;
    std::string error;
    Line kind = next_line(line, error);
    if (!error.empty()) {
      result.skip_reason = std::move(error);
      at_end_ = true;
    } else if (kind == Line::kEnd) {
      reader_.finish();
      at_end_ = true;
    } else if (kind == Line::kTooLong) {
      reader_.skip_line(too_long());
    } else if (std::optional<Article> article = reader_.read_line(line)) {
      finish_article(*article, problems_);
      result.articles.push_back(std::move(*article));
      ++articles_;
    }
  }
  result.problems.swap(problems_);
  if (fd_ >= 0) {  // what is left unread in the buffer is read again next time
    offset_ -= buffer_.size() - position_;
    buffer_ = std::string();
    position_ = 0;
  }
  return result;
}

}  // namespace wadi
