#include "result_printer.h"

#include <functional>

#include <algorithm>
#include <map>
#include <ostream>

#include "analysis/terminal_text.h"

namespace wadi {
namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kMark = "\033[1;31m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string shown_path(const std::string& path, const std::filesystem::path& working_dir) {
  if (working_dir.empty()) return path;
  std::filesystem::path relative = std::filesystem::path(path).lexically_relative(working_dir);
  if (relative.empty() || *relative.begin() == "..") return path;
  return relative.string();
}

std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "; 56 have every word" after the count line of a short query whose
// matches do not all hold every word ("; none has every word").
static std::string every_word_part(const SearchPage& page) {
  if (!page.every_word_matches || (*page.every_word_matches == page.matches && page.exact && page.every_word_exact))
    return "";
  const Xapian::doccount n = *page.every_word_matches;
  if (n == 0) return "; none has every word";
  return "; " + std::string(page.every_word_exact ? "" : "about ") + grouped(n) + (n == 1 ? " has" : " have") +
         " every word";
}

// "3 articles match", or for an estimate (above kExactCountUpTo) its bounds:
// "Between 12,000 and 15,500 articles match (about 13,100)".
std::size_t result_count(const SearchPage& page) { return page.stories > 0 ? page.stories : page.matches; }

std::string count_line(const SearchPage& page) {
  if (page.exact && page.stories > 0 && page.stories != page.matches)
    return grouped(page.stories) + (page.stories == 1 ? " story in " : " stories in ") + grouped(page.matches) +
           (page.stories == 1 ? " articles matches" : " articles match") + every_word_part(page);
  if (page.exact)
    return grouped(page.matches) + (page.matches == 1 ? " article matches" : " articles match") + every_word_part(page);
  return "Between " + grouped(page.matches_lower) + " and " + grouped(page.matches_upper) + " articles match (about " +
         grouped(page.matches) + ")" + every_word_part(page);
}

std::string versions_line(const Hit& hit, const std::function<std::string(const OtherVersion&)>& show_source) {
  constexpr std::size_t kSourcesShown = 5;
  std::vector<const OtherVersion*> firsts;  // the first version from each source
  for (const OtherVersion& version : hit.other_versions)
    if (!version.source.empty() &&
        std::none_of(firsts.begin(), firsts.end(), [&](const OtherVersion* f) { return f->source == version.source; }))
      firsts.push_back(&version);
  const std::size_t n = hit.other_versions.size();
  std::string line = "+" + grouped(n) + (n == 1 ? " other version" : " other versions");
  for (std::size_t i = 0; i < firsts.size() && i < kSourcesShown; ++i)
    line += (i == 0 ? ": " : ", ") + show_source(*firsts[i]);
  if (firsts.size() > kSourcesShown) line += ", …";
  return line;
}

std::string word_counts_line(const SearchPage& page, TextEscape escape) {
  std::string found, missing;
  for (const auto& [word, count] : page.word_counts) {
    if (count) found += (found.empty() ? "" : ", ") + escape(word) + " (" + plural(count, "article") + ")";
    else missing += (missing.empty() ? "" : ", ") + escape(word);
  }
  if (missing.empty()) return "";
  return found.empty() ? "No article has " + missing + "." : "Found " + found + "; no article has " + missing + ".";
}

namespace {

// "Found wadi (3 articles); no article has barada.": each word of an
// all-words query none of whose matches holds them all.
void print_word_counts(std::ostream& out, const SearchPage& page) {
  if (std::string words = word_counts_line(page, for_terminal); !words.empty()) out << words << '\n';
}

void print_zero_hits(std::ostream& out, const std::string& query, const SearchPage& page) {
  out << "No articles match" << (query.empty() ? std::string() : " " + for_terminal(query)) << ".\n";
  print_word_counts(out, page);
  if (!page.suggestion.empty()) out << "Did you mean: " << for_terminal(page.suggestion) << "?\n";
}

// The timeline as bars of whole and eighth blocks, the longest 40 wide.
void print_timeline(std::ostream& out, const Timeline& timeline) {
  Xapian::doccount most = 0, dated = 0;
  for (const auto& [bucket, count] : timeline.counts) most = std::max(most, count), dated += count;
  out << "Timeline by " << timeline.unit << ": " << grouped(dated) << (dated == 1 ? " dated article" : " dated articles");
  if (timeline.undated) out << ", " << grouped(timeline.undated) << " without a date of their own";
  out << '\n';
  static constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  for (const auto& [bucket, count] : timeline.counts) {
    const std::size_t eighths = most ? (count * 40 * 8 + most - 1) / most : 0;
    out << "  " << bucket << std::string(10 - std::min<std::size_t>(10, bucket.size()), ' ') << ' ';
    for (std::size_t i = 0; i < eighths / 8; ++i) out << "█";
    out << kEighths[eighths % 8] << ' ' << grouped(count) << '\n';
  }
}

// The facets, one line each, then the timeline, when they were asked for.
void print_facets_and_timeline(std::ostream& out, const SearchPage& page) {
  auto print_counts = [&out](const std::map<std::string, Xapian::doccount>& counts) {
    std::vector<std::pair<std::string, Xapian::doccount>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < sorted.size() && i < 12; ++i) out << ' ' << for_terminal(sorted[i].first) << " (" << sorted[i].second << ')';
    if (sorted.size() > 12) out << " …";
    if (sorted.empty()) out << " none";
  };
  const auto file_years = page.facets.find("file_date_year");
  for (const auto& [facet, counts] : page.facets) {
    if (facet == "file_date_year") continue;
    out << facet << ':';
    print_counts(counts);
    // Years of articles dated only by their file's time, apart: when a file
    // was copied says little of when it was written.
    if (facet == "year" && file_years != page.facets.end()) {
      out << "; file date:";
      print_counts(file_years->second);
    }
    out << '\n';
  }
  if (!page.timeline.unit.empty()) print_timeline(out, page.timeline);
}

}  // namespace

nlohmann::json timeline_json(const Timeline& timeline) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [bucket, count] : timeline.counts) counts[bucket] = count;
  return {{"unit", timeline.unit}, {"counts", counts}, {"undated", timeline.undated}};
}

nlohmann::json hit_json(const Hit& hit, bool grouped) {
  nlohmann::json line = hit.fields;
  line["rank"] = hit.rank;
  line["score"] = hit.score;
  line["percent"] = hit.percent;
  line["snippet"] = render_marks(hit.snippet, "[", "]");
  line["matched"] = hit.snippet.matched;
  if (!hit.story.empty()) line["story"] = hit.story;
  if (grouped) {
    line["versions"] = hit.other_versions.size() + 1;
    nlohmann::json others = nlohmann::json::array();
    for (const OtherVersion& version : hit.other_versions) others.push_back(version.key);
    line["other_versions"] = std::move(others);
  }
  return line;
}

nlohmann::json summary_json(const SearchPage& page) {
  nlohmann::json words = nlohmann::json::object();
  for (const auto& [word, count] : page.word_counts) words[word] = count;
  nlohmann::json summary = {{"matches", page.matches}, {"exact", page.exact}, {"stories", page.stories},
          {"matches_lower", page.matches_lower},
          {"matches_upper", page.matches_upper},      {"relaxed", page.relaxed},
          {"every_word_matches", page.every_word_matches ? nlohmann::json(*page.every_word_matches) : nlohmann::json()},
          {"every_word_exact", page.every_word_exact},
          {"word_counts", words},    {"suggestion", page.suggestion}, {"facets", page.facets},
          {"reading", page.parsed.reading}, {"notes", page.parsed.notes}, {"ranking", page.ranking}};
  if (!page.timeline.unit.empty()) summary["timeline"] = timeline_json(page.timeline);
  return summary;
}


void print_text(std::ostream& out, const std::string& query, const SearchPage& page, const PrintOptions& options) {
  auto style = [&](const char* code) { return options.colour ? code : ""; };
  if (options.explain) {
    out << "Query read as: " << for_terminal(page.parsed.reading) << '\n';
    for (const std::string& note : page.parsed.notes) out << "Note: " << for_terminal(note) << '\n';
    out << "Xapian query: " << for_terminal(page.parsed.query.get_description()) << '\n';
    out << "Ranked by: " << page.ranking << '\n';
  } else {
    for (const std::string& note : page.parsed.notes) out << "Note: " << for_terminal(note) << '\n';
  }
  // A short ranked query's partial matches are results: its count line
  // says how many hold every word. A query requiring every word
  // (WADI_ALL_WORDS_MAX) that no article matches shows the partial ones.
  const bool ranked_partial = page.every_word_matches.has_value();
  if (page.hits.empty() && (!page.relaxed || ranked_partial)) {
    if (page.matches > 0)
      out << count_line(page) << " (none on this page).\n";
    else print_zero_hits(out, query, page);
    if (page.matches > 0) print_facets_and_timeline(out, page);
    return;
  }
  if (page.relaxed && !ranked_partial) {
    print_zero_hits(out, query, page);
    out << "Showing articles with some of the words.\n";
  } else if (!page.suggestion.empty()) {
    out << "Did you mean: " << for_terminal(page.suggestion) << "?\n";
  }
  if (page.relaxed && ranked_partial) print_word_counts(out, page);
  out << count_line(page);
  if (page.hits.size() < result_count(page)) out << " (showing " << page.hits.front().rank << "-" << page.hits.back().rank << ")";
  out << "\n\n";
  for (const Hit& hit : page.hits) {
    const nlohmann::json& f = hit.fields;
    out << hit.rank << ". " << style(kBold) << for_terminal(f.value("title", "(untitled)")) << style(kReset) << '\n';
    std::string date = for_terminal(f.value("date", ""));
    if (f.value("date_from", "") == "mtime") date += " (file date)";
    std::string source = for_terminal(f.value("source", "")), author = for_terminal(f.value("author", "")),
                url = for_terminal(f.value("url", ""));
    out << "   " << style(kDim) << (date.empty() ? "undated" : date) << (source.empty() ? "" : " · " + source)
        << (author.empty() ? "" : " · by " + author) << " · "
        << for_terminal(shown_path(f.value("path", ""), options.working_dir)) << style(kReset) << '\n';
    // The path of a JSON Lines or saved web article is a file of many
    // articles or a copy: the URL is what a person can open.
    if (!url.empty()) out << "   " << style(kDim) << url << style(kReset) << '\n';
    if (!hit.snippet.text.empty())
      out << "   " << render_marks(hit.snippet, options.colour ? kMark : "[", options.colour ? kReset : "]", for_terminal) << '\n';
    if (!hit.other_versions.empty()) out << "   " << style(kDim) << versions_line(hit, [](const OtherVersion& v) { return for_terminal(v.source); }) << style(kReset) << '\n';
    out << '\n';
  }
  print_facets_and_timeline(out, page);
}

void print_json(std::ostream& out, const SearchPage& page, const PrintOptions& options) {
  for (const Hit& hit : page.hits)
    out << hit_json(hit, page.grouped).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  if (options.summary)
    out << nlohmann::json{{"summary", summary_json(page)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace wadi
