// Reading a JSON Lines file of any size a bounded number of articles at a
// time, so that a file of a million lines never sits in memory whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "readers/article_reader.h"
#include "readers/jsonl_reader.h"

namespace wadi {

class ArticleStream {
 public:
  // Reads the lines of `text`, the whole UTF-8 text of the file.
  ArticleStream(FileContext context, std::string text);
  // Reads the first `length` bytes of the file open as `fd` (which it owns
  // and closes), as UTF-8; a line longer than an article may be is skipped
  // unread. It holds no buffer between calls to next().
  ArticleStream(FileContext context, int fd, std::uint64_t length);
  ~ArticleStream();
  ArticleStream(const ArticleStream&) = delete;
  ArticleStream& operator=(const ArticleStream&) = delete;

  // The next at most `max_articles` articles, finished (finish_article()),
  // and the problems met on their lines. After the last line, the problems
  // end with the count of those not listed. A read error is skip_reason.
  ReadResult next(std::size_t max_articles);
  bool at_end() const { return at_end_; }
  // Articles and problems so far: a stream that gave neither read nothing.
  std::size_t articles() const { return articles_; }
  std::size_t problems() const { return reader_.problem_count(); }

 private:
  enum class Line { kLine, kTooLong, kEnd };
  Line next_line(std::string_view& line, std::string& error);

  std::vector<std::string> problems_;  // the reader's, taken by each next()
  JsonLinesReader reader_;
  std::string buffer_;        // the text, or the bytes read from the file not yet used
  std::size_t position_ = 0;  // in buffer_
  int fd_ = -1;
  std::uint64_t offset_ = 0, length_ = 0;  // in the file
  std::size_t articles_ = 0;
  bool at_end_ = false;
};

}  // namespace wadi
