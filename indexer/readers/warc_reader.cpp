#include "readers/warc_reader.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "analysis/ascii_text.h"
#include "analysis/text_decoder.h"
#include "metadata.h"
#include "readers/http_payload.h"
#include "readers/html_reader.h"

namespace wadi {
namespace {

// A WARC header line, or an HTTP one, is never this long.
constexpr std::size_t kMaxHeaderLine = 64u << 10;
constexpr std::size_t kMaxHeaderLines = 1000;
// A part of a crawl holds pages of at most about this many bytes, whatever
// their number: a crawl of large pages costs no more memory than others.
constexpr std::uint64_t kMaxPartBytes = 64u << 20;
// Enough of a large record to read its HTTP headers.
constexpr std::size_t kRecordHead = 64u << 10;

}  // namespace

namespace detail {

struct WarcRecord {
  std::size_t number = 0;
  std::string type, id, target_uri, date, content_type;
  std::uint64_t length = 0;
  std::string block;  // all of it, or its first kRecordHead bytes when it is larger than kMaxRecordBytes
  bool whole = true;  // `block` holds all of it
};

}  // namespace detail

namespace {

using detail::WarcRecord;

enum class Header { kRecord, kInvalid, kEnd };

// Reads the named fields of a record's header block, after its version
// line, up to the blank line that ends it.
Header read_fields(CrawlBytes& bytes, WarcRecord& record, std::string& why) {
  std::string line;
  bool has_length = false;
  for (std::size_t n = 0;; ++n) {
    if (!bytes.line(line, kMaxHeaderLine)) {
      why = "header block cut short";
      return Header::kInvalid;
    }
    if (line.empty()) break;
    if (n == kMaxHeaderLines) {
      why = "header block too long";
      return Header::kInvalid;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;  // a continuation line or noise
    std::string name = ascii_lower(trim(std::string_view(line).substr(0, colon)));
    std::string value(trim(std::string_view(line).substr(colon + 1)));
    if (name == "warc-type") record.type = ascii_lower(value);
    else if (name == "warc-record-id") record.id = value;
    else if (name == "warc-target-uri") record.target_uri = value;
    else if (name == "warc-date") record.date = value;
    else if (name == "content-type") record.content_type = ascii_lower(value);
    else if (name == "content-length") {
      has_length = !value.empty() && value.size() < 19 && value.find_first_not_of("0123456789") == std::string::npos;
      if (has_length) record.length = std::stoull(value);
    }
  }
  if (record.id.size() >= 2 && record.id.front() == '<' && record.id.back() == '>') record.id = record.id.substr(1, record.id.size() - 2);
  if (!has_length) {
    why = "no valid Content-Length";
    return Header::kInvalid;
  }
  return Header::kRecord;
}

// Reads a record's header block, from its "WARC/1.x" line to the blank
// line. Blank lines before it (the end of the record before) are skipped.
Header read_header(CrawlBytes& bytes, WarcRecord& record, std::string& why) {
  std::string line;
  do
    if (!bytes.line(line, kMaxHeaderLine)) return Header::kEnd;
  while (line.empty());
  if (line.rfind("WARC/", 0) != 0) {
    why = "not a WARC record header";
    return Header::kInvalid;
  }
  return read_fields(bytes, record, why);
}

// Drops lines up to the next one that starts a record, and reads it.
Header resync(CrawlBytes& bytes, WarcRecord& record, std::string& why) {
  std::string line;
  for (;;) {
    if (bytes.at_break()) bytes.resume();
    if (!bytes.line(line, 16)) {
      if (bytes.at_break()) continue;
      return Header::kEnd;
    }
    if (line.rfind("WARC/1.", 0) == 0) return read_fields(bytes, record, why);
  }
}

// Whether a record of this type may hold a page.
bool may_be_page(const WarcRecord& record) {
  if (record.type == "response") return true;
  return record.type == "resource" && (record.content_type.rfind("text/html", 0) == 0 ||
                                       record.content_type.rfind("application/xhtml+xml", 0) == 0);
}

}  // namespace

WarcStream::WarcStream(FileContext context, std::unique_ptr<ByteSource> source)
    : context_(std::move(context)), problems_(problem_lines_), bytes_(std::make_unique<CrawlBytes>(std::move(source))) {}

WarcStream::~WarcStream() = default;

namespace {

// "record 5 <urn:uuid:...>", as problems name a record.
std::string record_name(const WarcRecord& record) {
  std::string name = "record " + std::to_string(record.number);
  if (!record.id.empty()) name += " <" + to_valid_utf8(record.id.substr(0, 200)) + ">";
  return name;
}

}  // namespace

void WarcStream::problem(const WarcRecord& record, const std::string& what) { problems_.add(record_name(record) + ": " + what); }

ReadResult WarcStream::next(std::size_t max_articles) {
  ReadResult part;
  std::uint64_t part_bytes = 0;  // bytes of the pages in `part`: a part of large pages is a short one
  while (!at_end_ && part.unread.size() < max_articles && part_bytes < kMaxPartBytes) {
    WarcRecord record;
    record.number = ++records_;
    std::string why;
    Header header = after_invalid_ ? resync(*bytes_, record, why) : read_header(*bytes_, record, why);
    after_invalid_ = false;
    if (header == Header::kEnd && bytes_->at_break()) {  // corrupt gzip data between records
      problem(record, bytes_->error() + ": skipped to the next gzip member");
      bytes_->resume();
      continue;
    }
    if (header == Header::kEnd) {
      if (!bytes_->error().empty()) problem(record, "cut short before its header ends (" + bytes_->error() + ")");
      --records_;
      problems_.finish();
      at_end_ = true;
      break;
    }
    if (header == Header::kInvalid) {
      problem(record, why + ": skipped to the next record");
      after_invalid_ = true;
      continue;
    }
    bool keep = may_be_page(record);
    std::uint64_t kept = keep ? (record.length <= kMaxRecordBytes ? record.length : kRecordHead) : 0;
    std::uint64_t got = bytes_->take(keep ? &record.block : nullptr, kept);
    if (got == kept) got += bytes_->take(nullptr, record.length - kept);
    record.whole = kept == record.length;
    if (got < record.length) {
      std::string cut = bytes_->error().empty() ? "" : " (" + bytes_->error() + ")";
      problem(record, "truncated: " + std::to_string(got) + " of " + std::to_string(record.length) + " bytes" + cut +
                          (bytes_->at_break() ? ": skipped" : ": skipped, and the file ends there"));
      bytes_->resume();  // said: not again at the end
      continue;
    }
    part_bytes += record.block.size();
    read_record(record, part);
  }
  articles_ += part.unread.size();
  part.problems.swap(problem_lines_);
  return part;
}

void WarcStream::read_record(WarcRecord& record, ReadResult& part) {
  if (!may_be_page(record)) {
    ++part.passed_over[record.type.empty() ? "untyped records" : record.type + " records"];
    return;
  }
  HttpPayload payload;
  if (record.type == "response") {
    payload = read_http_response(record.block, record.whole);
  } else {
    payload.charset = charset_of(record.content_type);
    payload.body = std::move(record.block);
  }
  if (!payload.passed_over.empty()) {
    ++part.passed_over[payload.passed_over];
    return;
  }
  if (!payload.problem.empty()) return problem(record, payload.problem + ": skipped");
  if (!record.whole) return problem(record, "page over " + std::to_string(kMaxRecordBytes >> 20) + " MB: skipped");
  if (record.id.empty()) record.id = "record-" + std::to_string(record.number);
  auto [seen, inserted] = first_record_of_.emplace(std::hash<std::string>{}(record.id), record.number);
  if (!inserted) return problem(record, "same WARC-Record-ID as record " + std::to_string(seen->second) + ": skipped");
  // Parsing the page is most of a record's cost: done by the thread that
  // analyses it (ReadResult::unread), the first problems listed.
  part.unread.push_back([context = context_, name = record_name(record), body = std::move(payload.body),
                         page = FetchedPage{record.id, record.target_uri, payload.charset, parse_date(record.date)},
                         listed = page_problems_]() {
    ReadResult read = read_fetched_page(context, body, page);
    for (Article& article : read.articles) finish_article(article, read.problems);
    std::vector<std::string> problems;
    for (const std::string& p : read.problems)
      if (listed->fetch_add(1) < ProblemList::kMaxListed) problems.push_back(name + ": " + p);
    read.problems = std::move(problems);
    if (!read.skip_reason.empty()) ++read.passed_over["pages without text"];
    return read;
  });
}

ReadResult read_warc_articles(const FileContext& context, std::string_view bytes) {
  WarcStream stream(context, memory_source(bytes));
  ReadResult all;
  while (!stream.at_end()) {
    ReadResult part = stream.next(1000);
    read_unread(part);
    for (Article& a : part.articles) all.articles.push_back(std::move(a));
    for (std::string& p : part.problems) all.problems.push_back(std::move(p));
    for (const auto& [kind, count] : part.passed_over) all.passed_over[kind] += count;
  }
  if (all.articles.empty()) all.skip_reason = "no HTML pages in the crawl";
  return all;
}

}  // namespace wadi
