// Web crawls: WARC files (.warc, and .warc.gz with a gzip member per record,
// as crawlers write them), one article per HTML page fetched.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "article_stream.h"
#include "readers/article_reader.h"
#include "readers/crawl_bytes.h"
#include "readers/problem_list.h"

namespace wadi {

class CrawlBytes;
namespace detail {
struct WarcRecord;
}  // namespace detail

// The articles of a crawl, read record by record: memory stays bounded
// whatever the size of the file (a record's block is held only when it may
// be a page, and only up to kMaxRecordBytes).
//
// A part's pages come as ReadResult::unread, parsed by whoever analyses
// them; the first ProblemList::kMaxListed problems met there are listed.
// Each `response` record holding an HTTP response with status 2xx and an
// HTML payload (Content-Type text/html or application/xhtml+xml, or none and
// markup that starts like HTML), and each `resource` record of type
// text/html, is read by read_fetched_page(): url WARC-Target-URI, date the
// page's else WARC-Date's, source the page's else the URI's host, charset
// from the HTTP Content-Type. Chunked transfer coding and gzip or deflate
// content coding are decoded (a payload already decoded by the crawler,
// its headers kept, is read as it is). The key is "<path>#<WARC-Record-ID
// without its angle brackets>".
// Other records (warcinfo, request, metadata, revisit, images, PDFs,
// redirects...) are passed over and counted by kind in passed_over. A
// record cut short, with a header block that is not WARC's, or whose
// payload cannot be decoded is a problem "record N <id>: <reason>", and the
// records after it are read (after a header that is not WARC's, from the
// next line that starts a record).
class WarcStream : public ArticleStream {
 public:
  WarcStream(FileContext context, std::unique_ptr<ByteSource> source);
  ~WarcStream() override;
  ReadResult next(std::size_t max_articles) override;
  std::size_t problems() const override { return problems_.count(); }

 private:
  void read_record(detail::WarcRecord& record, ReadResult& part);
  void problem(const detail::WarcRecord& record, const std::string& what);

  FileContext context_;
  std::vector<std::string> problem_lines_;  // taken by each next()
  ProblemList problems_;
  std::unique_ptr<CrawlBytes> bytes_;
  std::size_t records_ = 0;
  bool after_invalid_ = false;  // the next record is looked for, line by line
  // Record ids by hash -> number: 16 bytes a record, for crawls of millions.
  std::unordered_map<std::size_t, std::size_t> first_record_of_;
  // Problems met parsing pages (on other threads): only the first few are listed.
  std::shared_ptr<std::atomic<std::size_t>> page_problems_ = std::make_shared<std::atomic<std::size_t>>(0);
};

// The most bytes of a record's block kept to read it as a page.
constexpr std::size_t kMaxRecordBytes = 32u << 20;

// Every article of a crawl held in `bytes` (tests, fuzzing), finished.
ReadResult read_warc_articles(const FileContext& context, std::string_view bytes);

}  // namespace wadi
