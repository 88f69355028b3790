#include "metadata.h"

#include <array>
#include <cctype>
#include <regex>

#include "analysis/language.h"

namespace wadi {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Returns the next line of `text` from `pos`, advancing `pos` past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  std::size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(pos, end - pos);
  pos = end < text.size() ? end + 1 : end;
  return line;
}

int month_number(std::string_view name) {
  static constexpr std::array<const char*, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  std::string lower;
  for (std::size_t i = 0; i < 3; ++i) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
  return 0;
}

std::string iso_date(int year, int month, int day) {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return {};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

bool has_year_digits(std::string_view s) {
  int run = 0;
  for (char c : s) {
    run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    if (run == 4) return true;
  }
  return false;
}

// The first date written anywhere in a short piece of text.
std::string search_date(std::string_view text) {
  if (!has_year_digits(text)) return {};  // keeps the regexes off most lines
  static const std::regex iso(R"((\d{4})[-/.](\d{1,2})[-/.](\d{1,2}))");
  static const std::regex compact(R"(\b(\d{4})(\d{2})(\d{2})\b)");
  static const std::regex day_month_year(
      R"(\b(\d{1,2})(?:st|nd|rd|th)?[-\s.]+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[-\s,]+(\d{4}))",
      std::regex::icase);
  static const std::regex month_day_year(
      R"(\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))",
      std::regex::icase);
  static const std::regex numeric_day_first(R"(\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b)");
  std::string s(text);
  std::smatch m;
  auto number = [&m](int i) { return std::stoi(m[i].str()); };
  if (std::regex_search(s, m, iso)) return iso_date(number(1), number(2), number(3));
  if (std::regex_search(s, m, day_month_year)) return iso_date(number(3), month_number(m[2].str()), number(1));
  if (std::regex_search(s, m, month_day_year)) return iso_date(number(3), month_number(m[1].str()), number(2));
  if (std::regex_search(s, m, numeric_day_first)) {
    int first = number(1), second = number(2);
    // Day first, as most of the world writes it, unless that cannot be.
    return second > 12 ? iso_date(number(3), first, second) : iso_date(number(3), second, first);
  }
  if (std::regex_search(s, m, compact)) return iso_date(number(1), number(2), number(3));
  return {};
}

bool is_abbreviation(std::string_view word) {
  static constexpr std::array<const char*, 22> kAbbreviations{
      "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul",
      "aug", "sep", "sept", "oct", "nov", "dec", "gen", "sen", "rep", "gov", "no"};
  if (word.empty()) return false;      // a period after a space ends a sentence
  if (word.size() == 1) return true;   // an initial, or a letter of "U.S."
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* a : kAbbreviations)
    if (lower == a) return true;
  return false;
}

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

}  // namespace

const char* to_string(DateOrigin origin) {
  switch (origin) {
    case DateOrigin::kGiven: return "given";
    case DateOrigin::kText: return "text";
    case DateOrigin::kFileTime: return "mtime";
    case DateOrigin::kNone: break;
  }
  return "none";
}

Headline split_headline(std::string_view text) {
  std::size_t pos = 0;
  std::string_view first;
  while (pos < text.size() && first.empty()) first = trim(next_line(text, pos));
  Headline result;
  std::size_t words = 1;
  for (char c : first) words += c == ' ';
  bool has_letter = false;
  for (char c : first) has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80);
  char last = first.empty() ? '.' : first.back();
  bool headline = has_letter && first.size() <= 300 && words <= 30 && std::string_view(".,;:").find(last) == std::string_view::npos &&
                  !trim(text.substr(pos)).empty();
  if (!headline) {
    result.body = std::string(trim(text));
    return result;
  }
  result.title = std::string(first);
  // Drop repeats of the headline among the next few lines.
  for (int seen = 0; pos < text.size() && seen < 10;) {
    std::size_t line_start = pos;
    std::string_view line = trim(next_line(text, pos));
    if (line.empty()) continue;
    ++seen;
    if (line != first) {
      pos = line_start;
      break;
    }
  }
  std::string body;
  for (std::size_t p = pos; p < text.size();) {
    std::string_view line = next_line(text, p);
    if (trim(line) == first) continue;
    body.append(line);
    body += '\n';
  }
  result.body = std::string(trim(body));
  return result;
}

std::string first_sentence(std::string_view text, std::size_t max_chars) {
  text = trim(text);
  std::string sentence;
  std::size_t chars = 0;
  std::size_t last_space = std::string::npos;
  bool cut = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = std::min(utf8_length(static_cast<unsigned char>(text[i])), text.size() - i);
    std::string_view ch = text.substr(i, n);
    i += n;
    if (ch == "\n" || ch == "\r" || ch == "\t") ch = " ";
    if (ch == " " && (sentence.empty() || sentence.back() == ' ')) continue;
    if (chars == max_chars) {
      cut = true;
      break;
    }
    if (ch == " ") last_space = sentence.size();
    sentence.append(ch);
    ++chars;
    if (ch == "。" || ch == "！" || ch == "？") break;
    if ((ch == "." || ch == "!" || ch == "?") && (i >= text.size() || std::isspace(static_cast<unsigned char>(text[i])))) {
      std::size_t word_start = sentence.find_last_of(" .", sentence.size() - 2);
      word_start = word_start == std::string::npos ? 0 : word_start + 1;
      if (ch != "." || !is_abbreviation(std::string_view(sentence).substr(word_start, sentence.size() - 1 - word_start))) break;
    }
  }
  if (cut) {
    if (last_space != std::string::npos && last_space > sentence.size() / 2) sentence.resize(last_space);
    while (!sentence.empty() && std::string_view(" ,;:-").find(sentence.back()) != std::string_view::npos) sentence.pop_back();
    sentence += "…";
  } else if (!sentence.empty() && sentence.back() == '.') {
    sentence.pop_back();
    while (!sentence.empty() && sentence.back() == ' ') sentence.pop_back();
  }
  return sentence;
}

std::string find_dateline(std::string_view text) {
  std::size_t pos = 0;
  for (int lines = 0; pos < text.size() && pos < 4000 && lines < 10;) {
    std::string_view line = trim(next_line(text, pos));
    if (line.empty()) continue;
    ++lines;
    if (line.size() > 120) continue;  // a paragraph, not a dateline
    if (std::string date = search_date(line); !date.empty()) return date;
  }
  return {};
}

std::string parse_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 120) return {};
  return search_date(text);
}

void complete_metadata(Article& article, const std::string& file_date, const std::string& folder_source) {
  if (article.title.empty()) article.title = first_sentence(article.body);
  if (article.date.empty()) {
    article.date = find_dateline(article.body);
    article.date_origin = DateOrigin::kText;
    if (article.date.empty()) {
      article.date = file_date;
      article.date_origin = file_date.empty() ? DateOrigin::kNone : DateOrigin::kFileTime;
    }
  } else if (article.date_origin == DateOrigin::kNone) {
    article.date_origin = DateOrigin::kGiven;
  }
  if (article.source.empty()) article.source = folder_source;
  if (article.language.empty()) article.language = detect_language(article.title, article.body);
}

}  // namespace wadi
