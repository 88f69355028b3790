#include "result_printer.h"

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

std::string shown_path(const std::string& path, const std::filesystem::path& working_dir) {
  if (working_dir.empty()) return path;
  std::filesystem::path relative = std::filesystem::path(path).lexically_relative(working_dir);
  if (relative.empty() || *relative.begin() == "..") return path;
  return relative.string();
}


std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// 12345 -> "12,345": counts a reader quotes.
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "3 articles match", or for an estimate (above kExactCountUpTo) its bounds:
// "Between 12,000 and 15,500 articles match (about 13,100)".
std::string count_line(const SearchPage& page) {
  if (page.exact && page.stories > 0 && page.stories != page.matches)
    return grouped(page.stories) + (page.stories == 1 ? " story in " : " stories in ") + grouped(page.matches) +
           (page.stories == 1 ? " articles matches" : " articles match");
  if (page.exact)
    return grouped(page.matches) + (page.matches == 1 ? " article matches" : " articles match");
  return "Between " + grouped(page.matches_lower) + " and " + grouped(page.matches_upper) + " articles match (about " +
         grouped(page.matches) + ")";
}

// "+2 other versions: AP, Reuters": the other versions' sources, each once.
std::string versions_line(const Hit& hit) {
  constexpr std::size_t kSourcesShown = 5;
  std::vector<std::string> sources;
  for (const OtherVersion& version : hit.other_versions)
    if (!version.source.empty() && std::find(sources.begin(), sources.end(), version.source) == sources.end())
      sources.push_back(version.source);
  const std::size_t n = hit.other_versions.size();
  std::string line = "+" + grouped(n) + (n == 1 ? " other version" : " other versions");
  for (std::size_t i = 0; i < sources.size() && i < kSourcesShown; ++i)
    line += (i == 0 ? ": " : ", ") + for_terminal(sources[i]);
  if (sources.size() > kSourcesShown) line += ", …";
  return line;
}

void print_zero_hits(std::ostream& out, const std::string& query, const SearchPage& page) {
  out << "No articles match" << (query.empty() ? std::string() : " " + for_terminal(query)) << ".\n";
  if (!page.word_counts.empty()) {
    std::string found, missing;
    for (const auto& [word, count] : page.word_counts) {
      if (count) found += (found.empty() ? "" : ", ") + for_terminal(word) + " (" + plural(count, "article") + ")";
      else missing += (missing.empty() ? "" : ", ") + for_terminal(word);
    }
    if (!found.empty() && !missing.empty()) out << "Found " << found << "; no article has " << missing << ".\n";
    else if (!missing.empty()) out << "No article has " << missing << ".\n";
  }
  if (!page.suggestion.empty()) out << "Did you mean: " << for_terminal(page.suggestion) << "?\n";
}

nlohmann::json summary_json(const SearchPage& page) {
  nlohmann::json words = nlohmann::json::object();
  for (const auto& [word, count] : page.word_counts) words[word] = count;
  return {{"matches", page.matches}, {"exact", page.exact}, {"stories", page.stories}, {"matches_lower", page.matches_lower},
          {"matches_upper", page.matches_upper},      {"relaxed", page.relaxed},
          {"word_counts", words},    {"suggestion", page.suggestion}, {"facets", page.facets},
          {"reading", page.parsed.reading}, {"notes", page.parsed.notes}, {"ranking", page.ranking}};
}

}  // namespace

std::string terminal_snippet(const Snippet& snippet, std::string_view open, std::string_view close) {
  std::string out;
  std::size_t cursor = 0;
  std::string_view text = snippet.text;
  for (const auto& [begin, end] : snippet.marks) {
    out += for_terminal(text.substr(cursor, begin - cursor));
    out.append(open);
    out += for_terminal(text.substr(begin, end - begin));
    out.append(close);
    cursor = end;
  }
  return out + for_terminal(text.substr(cursor));
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
  if (page.hits.empty() && !page.relaxed) {
    if (page.matches > 0)
      out << count_line(page) << " (none on this page).\n";
    else print_zero_hits(out, query, page);
    return;
  }
  if (page.relaxed) {
    print_zero_hits(out, query, page);
    out << "Showing articles with some of the words.\n";
  } else if (!page.suggestion.empty()) {
    out << "Did you mean: " << page.suggestion << "?\n";
  }
  out << count_line(page);
  if (page.hits.size() < (page.stories > 0 ? page.stories : page.matches)) out << " (showing " << page.hits.front().rank << "-" << page.hits.back().rank << ")";
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
      out << "   " << terminal_snippet(hit.snippet, options.colour ? kMark : "[", options.colour ? kReset : "]") << '\n';
    if (!hit.other_versions.empty()) out << "   " << style(kDim) << versions_line(hit) << style(kReset) << '\n';
    out << '\n';
  }
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
}

void print_json(std::ostream& out, const SearchPage& page, const PrintOptions& options) {
  for (const Hit& hit : page.hits) {
    nlohmann::json line = hit.fields;
    line["rank"] = hit.rank;
    line["score"] = hit.score;
    line["percent"] = hit.percent;
    line["snippet"] = render_marks(hit.snippet, "[", "]");
    line["matched"] = hit.snippet.matched;
    if (!hit.story.empty()) line["story"] = hit.story;
    if (page.grouped) {
      line["versions"] = hit.other_versions.size() + 1;
      nlohmann::json others = nlohmann::json::array();
      for (const OtherVersion& version : hit.other_versions) others.push_back(version.key);
      line["other_versions"] = std::move(others);
    }
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  if (options.summary)
    out << nlohmann::json{{"summary", summary_json(page)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace wadi
