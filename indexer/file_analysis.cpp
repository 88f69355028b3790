#include "file_analysis.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string_view>
#include <utility>

#include <xxhash.h>

#include "analysis/text_decoder.h"
#include "file_reading.h"
#include "readers/feed_reader.h"
#include "readers/jsonl_reader.h"
#include "readers/warc_reader.h"

namespace wadi {
namespace {

// A single article larger than this is not news; JSON Lines files hold many
// articles and may be larger, up to kMaxFileBytes.
constexpr std::uint64_t kMaxArticleFileBytes = 64ull << 20;
constexpr std::uint64_t kMaxFileBytes = 1ull << 30;

std::string utc_date(std::int64_t mtime_ns) {
  std::time_t seconds = static_cast<std::time_t>(mtime_ns / 1000000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

// At most this many articles of a JSON Lines file are analysed at a time:
// the first part by a worker, the rest a part per thread while the writer
// waits for them (kPartArticles).
constexpr std::size_t kFirstPartArticles = 500;
// A JSON Lines file up to this size, or one whose first block is not UTF-8,
// is read whole (and decoded whatever its encoding); larger ones are read as
// a stream of UTF-8 lines.
constexpr std::uint64_t kWholeJsonLinesBytes = 4ull << 20;
// An article file past this size is analysed by one thread at a time.
constexpr std::uint64_t kLongArticleBytes = 4ull << 20;

}  // namespace

void build_part(WorkerState& state, ReadResult part, FileWork& work) {
  read_unread(part);
  for (std::string& problem : part.problems) work.problems.push_back(std::move(problem));
  for (const auto& [kind, count] : part.passed_over) work.passed_over[kind] += count;
  for (const Article& article : part.articles) {
    work.documents.push_back(state.builder.build(article));
    work.text_bytes += article.title.size() + article.body.size();
    work.languages.add(article.language);
  }
}

namespace {

// Hashes the first `limit` + 1 bytes at most of the file open as `fd`, a
// block at a time; false on a read error (in `error`).
bool hash_file(int fd, std::uint64_t limit, std::string& hash, std::uint64_t& length, std::string& error) {
  XXH3_state_t* hasher = XXH3_createState();
  XXH3_64bits_reset(hasher);
  length = 0;
  std::string block;
  for (;;) {
    block.clear();
    if (!read_at(fd, length, 1u << 20, block, error)) break;
    XXH3_64bits_update(hasher, block.data(), block.size());
    length += block.size();
    if (block.empty() || length > limit) break;
  }
  hash = hex64(XXH3_64bits_digest(hasher));
  XXH3_freeState(hasher);
  return error.empty();
}

// Builds the first part of `stream`'s articles into `work`, which keeps the
// stream for the writer when there are more. Returns the count of problems
// met so far.
std::size_t start_stream(WorkerState& state, std::unique_ptr<ArticleStream> stream, FileWork& work) {
  ReadResult part = stream->next(kFirstPartArticles);
  if (!part.skip_reason.empty()) {
    work.skip_reason = std::move(part.skip_reason);
    work.transient = true;
    return stream->problems();
  }
  build_part(state, std::move(part), work);
  std::size_t problems = stream->problems();
  if (!stream->at_end()) work.rest = std::move(stream);
  return problems;
}

// The JSON Lines file `fd` open as `file`: hashed first as a stream, then
// read part by part (work.rest holds what the first part left).
void analyse_jsonl(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old, OpenFile& fd, FileWork& work) {
  auto skip = [&work](std::string reason, bool transient = false) {
    work.skip_reason = std::move(reason);
    work.transient = transient;
  };
  std::string first, error;
  if (!read_at(fd.get(), 0, kFirstBlock, first, error)) return skip(error, true);
  if (binary_start(first)) return skip(kBinary);
  std::uint64_t length = 0;
  if (!hash_file(fd.get(), kMaxFileBytes, work.hash, length, error)) return skip(error, true);
  if (length > kMaxFileBytes) return skip(too_large(kMaxFileBytes));
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate) {
    work.same_bytes = true;
    return;
  }
  FileContext context{file.path, utc_date(file.mtime_ns), file.folder_source};
  std::string_view start = std::string_view(first).substr(0, first.size() - std::min<std::size_t>(3, first.size()));
  bool utf8 = first.substr(0, 2) != "\xFF\xFE" && first.substr(0, 2) != "\xFE\xFF" && is_valid_utf8(start);
  std::unique_ptr<ArticleStream> stream;
  if (length <= kWholeJsonLinesBytes || !utf8) {
    if (length > kMaxArticleFileBytes) return skip("not UTF-8, and too large to decode (over 64 MB)");
    std::string bytes, decoded;
    if (!read_at(fd.get(), 0, static_cast<std::size_t>(length), bytes, error)) return skip(error, true);
    std::string_view text;
    ReadResult decoding;
    work.skip_reason = decode_jsonl(bytes, decoded, text, decoding);
    if (!work.skip_reason.empty()) return;
    work.problems = std::move(decoding.problems);
    stream = std::make_unique<JsonLinesStream>(context, std::string(text));
  } else {
    stream = std::make_unique<JsonLinesStream>(context, fd.release(), length);
  }
  std::size_t problems = start_stream(state, std::move(stream), work);
  if (work.skip_reason.empty() && work.documents.empty() && !work.rest)
    work.skip_reason = problems ? "no readable JSON line" : length == 0 ? "empty file" : "no articles (only blank lines)";
}

// A crawl of any size, open as `fd`: hashed as a stream, then read record
// by record (work.rest holds what the first part left).
void analyse_crawl(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old, const DateOrder& date_order,
                   OpenFile& fd, FileWork& work) {
  std::string error;
  std::uint64_t length = 0;
  if (!hash_file(fd.get(), UINT64_MAX - 1, work.hash, length, error)) {
    work.skip_reason = error;
    work.transient = true;
    return;
  }
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate) {
    work.same_bytes = true;
    return;
  }
  FileContext context{file.path, utc_date(file.mtime_ns), file.folder_source, date_order};
  start_stream(state, std::make_unique<WarcStream>(context, file_source(fd.release(), length)), work);
  if (work.skip_reason.empty() && work.documents.empty() && !work.rest)
    work.skip_reason = length == 0 ? "empty file" : "no HTML pages in the crawl";
}

}  // namespace

FileWork analyse_file(WorkerState& state, const CorpusFile& file, const std::optional<FileRecord>& old,
                      const DateOrder& date_order) {
  FileWork work;
  const ArticleFormat format = format_of(file.path);
  if (format == ArticleFormat::kWarc) {  // read as a stream, whatever its size
    OpenFile fd(open_article_file(file.path, UINT64_MAX, work.skip_reason, work.transient));
    if (fd.get() >= 0) analyse_crawl(state, file, old, date_order, fd, work);
    return work;
  }
  bool many_articles = format == ArticleFormat::kJsonLines;
  std::uint64_t limit = many_articles ? kMaxFileBytes : kMaxArticleFileBytes;
  if (file.size > limit) {
    work.skip_reason = too_large(limit);
    return work;
  }
  if (many_articles) {
    OpenFile fd(open_article_file(file.path, limit, work.skip_reason, work.transient));
    if (fd.get() >= 0) analyse_jsonl(state, file, old, fd, work);
    return work;
  }
  // Analysis takes several times an article's size in memory: long ones
  // take turns, so that all threads on long articles do not add up.
  static std::mutex long_article;
  std::unique_lock<std::mutex> turn(long_article, std::defer_lock);
  if (file.size > kLongArticleBytes) turn.lock();
  std::optional<std::string> bytes = read_file(file.path, limit, work.skip_reason, work.transient);
  if (!bytes) return work;
  work.hash = hex64(XXH3_64bits(bytes->data(), bytes->size()));
  // A file touched on another day is read again: an article dated by its
  // mtime gets the new date, as it would in a database built afresh.
  if (old && old->content_hash == work.hash && old->status != FileRecord::Status::kDuplicate &&
      utc_date(old->mtime_ns) == utc_date(file.mtime_ns)) {
    work.same_bytes = true;
    return work;
  }
  FileContext context{file.path, utc_date(file.mtime_ns), file.folder_source, date_order};
  if (format == ArticleFormat::kFeed || format == ArticleFormat::kXml) {  // many articles: read and analysed on every core
    ReadResult read = read_feed_articles(context, *bytes, format == ArticleFormat::kXml);
    if (!read.skip_reason.empty()) work.skip_reason = std::move(read.skip_reason);
    else start_stream(state, std::make_unique<ArticleListStream>(std::move(read)), work);
    if (work.skip_reason.empty() && work.documents.empty() && !work.rest) work.skip_reason = "no items with text in the feed";
    return work;
  }
  ReadResult read = read_articles(context, *bytes);
  work.skip_reason = std::move(read.skip_reason);
  bool doubtful = false;
  for (const Article& article : read.articles) {
    work.doubts.push_back(doubt_language(state.analyzer, article));
    doubtful = doubtful || work.doubts.back().doubtful();
  }
  if (doubtful) {
    work.problems = std::move(read.problems);
    work.undecided = std::move(read.articles);
    return work;
  }
  build_part(state, std::move(read), work);
  if (work.skip_reason.empty() && work.documents.empty()) work.skip_reason = "no articles in it";
  return work;
}

// Builds the documents of a file whose languages were in doubt, in `main`
// where the doubt allows it.
void settle_languages(WorkerState& state, FileWork& work, const std::string& main) {
  for (std::size_t i = 0; i < work.undecided.size(); ++i) {
    work.undecided[i].language = settle_language(work.undecided[i], work.doubts[i], main);
    work.documents.push_back(state.builder.build(work.undecided[i]));
  }
  work.undecided.clear();
}

}  // namespace wadi
