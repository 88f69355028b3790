// Reading a file of many articles (JSON Lines, a feed, a crawl) a bounded
// number of articles at a time, so that a file of a million lines or a
// crawl of 10 GB never sits in memory whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "readers/article_reader.h"
#include "readers/jsonl_reader.h"

namespace wadi {

// The articles of one file, a part at a time.
class ArticleStream {
 public:
  virtual ~ArticleStream() = default;
  // The next at most `max_articles` articles, finished (finish_article()) or
  // still to be read (ReadResult::unread), and the problems met on their parts. After the last part, the problems
  // end with the count of those not listed. A read error is skip_reason.
  virtual ReadResult next(std::size_t max_articles) = 0;
  bool at_end() const { return at_end_; }
  // Articles and problems so far: a stream that gave neither read nothing.
  std::size_t articles() const { return articles_; }
  virtual std::size_t problems() const = 0;

 protected:
  std::size_t articles_ = 0;
  bool at_end_ = false;
};

// The articles a reader found in a whole file (a feed's items, still to be
// read: ReadResult::unread), handed out a part at a time so that they are
// read and analysed on every core.
class ArticleListStream : public ArticleStream {
 public:
  // Hands out `read.unread`; its problems come with the first part.
  explicit ArticleListStream(ReadResult read);
  ReadResult next(std::size_t max_articles) override;
  std::size_t problems() const override { return problem_count_; }

 private:
  ReadResult read_;
  std::size_t position_ = 0;
  std::size_t problem_count_ = 0;
};

// The lines of a JSON Lines file.
class JsonLinesStream : public ArticleStream {
 public:
  // Reads the lines of `text`, the whole UTF-8 text of the file.
  JsonLinesStream(FileContext context, std::string text);
  // Reads the first `length` bytes of the file open as `fd` (which it owns
  // and closes), as UTF-8; a line longer than an article may be is skipped
  // unread. It holds no buffer between calls to next().
  JsonLinesStream(FileContext context, int fd, std::uint64_t length);
  ~JsonLinesStream() override;
  JsonLinesStream(const JsonLinesStream&) = delete;
  JsonLinesStream& operator=(const JsonLinesStream&) = delete;

  ReadResult next(std::size_t max_articles) override;
  std::size_t problems() const override { return reader_.problem_count(); }

 private:
  enum class Line { kLine, kTooLong, kEnd };
  Line next_line(std::string_view& line, std::string& error);

  std::vector<std::string> problems_;  // the reader's, taken by each next()
  JsonLinesReader reader_;
  std::string buffer_;        // the text, or the bytes read from the file not yet used
  std::size_t position_ = 0;  // in buffer_
  int fd_ = -1;
  std::uint64_t offset_ = 0, length_ = 0;  // in the file
};

}  // namespace wadi
