#include "collection_statistics.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "analysis/language.h"
#include "analysis/schema.h"

namespace wadi {
namespace {

// What an index run records of its articles' lengths (schema::kLengthSpreadKey).
struct LengthStatistics {
  double mean = 0, deviation = 0;
  static std::optional<LengthStatistics> of(const Xapian::Database& db) {
    std::istringstream in(db.get_metadata(schema::kLengthSpreadKey));
    LengthStatistics s;
    if (in >> s.mean >> s.deviation && s.mean > 0) return s;
    return std::nullopt;
  }
};

}  // namespace

// The shards of one wadi database hold one value, which Xapian reads from
// the first.
double pooled_length_spread(const std::vector<StubEntry>& entries, const Xapian::Database& db,
                            const RemoteTimeouts& timeouts) {
  const bool one_run = std::all_of(entries.begin(), entries.end(), [](const StubEntry& entry) {
    std::error_code ec;
    return entry.kind == StubEntry::Kind::kLocal && std::filesystem::exists(entry.path / "iamglass", ec);
  });
  std::vector<std::pair<LengthStatistics, double>> parts;  // statistics, articles
  if (one_run) {
    if (auto s = LengthStatistics::of(db)) parts.emplace_back(*s, 1);
  } else {
    for (const StubEntry& entry : entries) {
      const Xapian::Database part = open_entry(entry, timeouts);
      auto s = LengthStatistics::of(part);
      if (!s) return 0;
      parts.emplace_back(*s, part.get_doccount());
    }
  }
  double n = 0, sum = 0;
  for (const auto& [s, articles] : parts) n += articles, sum += articles * s.mean;
  if (n <= 0 || sum <= 0) return 0;
  const double mean = sum / n;
  double variance = 0;
  for (const auto& [s, articles] : parts)
    variance += articles * (s.deviation * s.deviation + (s.mean - mean) * (s.mean - mean)) / n;
  return std::sqrt(variance) / mean;
}

std::vector<std::string> query_languages(const Xapian::Database& db) {
  // A language detected in a handful of articles of a large archive is more
  // often a misreading of short text than a real language of the archive;
  // stemming every query word in it too would only add noise and slow the
  // search. Languages in another script than the archive's main one are
  // always kept: their words cannot be confused with the main language's.
  std::vector<std::pair<std::string, Xapian::doccount>> counts;
  for (auto it = db.allterms_begin(schema::kLanguagePrefix); it != db.allterms_end(schema::kLanguagePrefix); ++it)
    counts.emplace_back((*it).substr(1), it.get_termfreq());
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> codes;
  const Xapian::doccount articles = db.get_doccount();
  for (const auto& [code, count] : counts) {
    if (codes.empty() || count * 100 >= articles || !same_script(code, codes.front())) codes.push_back(code);
  }
  return codes;
}

}  // namespace wadi
