#include "metadata.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <regex>
#include <stdexcept>

#include "analysis/ascii_text.h"
#include "analysis/language.h"

namespace wadi {
namespace {

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
  const std::string lower = ascii_lower(name.substr(0, 3));
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

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int current_year() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// A date a path may name: a real day between 1900 and next year.
std::string plausible_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || year > current_year() + 1 || month < 1 || month > 12 || day < 1) return {};
  if (day > kDays[month - 1] || (month == 2 && day == 29 && !is_leap(year))) return {};
  return iso_date(year, month, day);
}

// True for the words a date line may hold besides its date: names of
// months and weekdays (or their first three letters), times and zones, single
// letters ("T", "Z").
bool is_date_word(std::string_view word) {
  static constexpr std::array<const char*, 19> kNames{
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  static constexpr std::array<const char*, 16> kOthers{"sept", "at", "on", "am", "pm", "gmt", "utc", "z", "st", "nd",
                                                       "rd", "th", "est", "edt", "cet", "cest"};
  if (word.size() <= 1) return true;
  const std::string lower = ascii_lower(word);
  for (const char* name : kNames)
    if (lower.size() >= 3 && std::string_view(name).substr(0, lower.size()) == lower) return true;
  return std::find(kOthers.begin(), kOthers.end(), lower) != kOthers.end();
}

bool is_abbreviation(std::string_view word) {
  static constexpr std::array<const char*, 22> kAbbreviations{
      "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul",
      "aug", "sep", "sept", "oct", "nov", "dec", "gen", "sen", "rep", "gov", "no"};
  if (word.empty()) return false;      // a period after a space ends a sentence
  if (word.size() == 1) return true;   // an initial, or a letter of "U.S."
  const std::string lower = ascii_lower(word);
  for (const char* a : kAbbreviations)
    if (lower == a) return true;
  return false;
}

bool ends_with_ellipsis(std::string_view s) { return s.size() >= 3 && s.substr(s.size() - 3) == "..."; }

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

}  // namespace

const char* to_string(DateOrigin origin) {
  switch (origin) {
    case DateOrigin::kGiven: return "given";
    case DateOrigin::kText: return "text";
    case DateOrigin::kPath: return "path";
    case DateOrigin::kFileTime: return "mtime";
    case DateOrigin::kCrawl: return "crawl";
    case DateOrigin::kNone: break;
  }
  return "none";
}

Headline split_headline(std::string_view text) {
  Headline result;
  std::size_t pos = 0;
  std::string_view first;
  // Date lines above the headline are metadata, not the headline.
  while (pos < text.size() && first.empty()) {
    first = trim(next_line(text, pos));
    if (std::string date = date_line(first); !date.empty()) {
      if (result.date.empty()) result.date = date;
      text.remove_prefix(pos);
      pos = 0;
      first = {};
    }
  }
  std::size_t words = 1;
  for (char c : first) words += c == ' ';
  bool has_letter = false;
  for (char c : first) has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80);
  char last = first.empty() ? '.' : first.back();
  // "Talks stall..." trails off: an ellipsis does not end a sentence.
  bool ends_sentence = std::string_view(".,;:").find(last) != std::string_view::npos && !ends_with_ellipsis(first);
  bool headline = has_letter && first.size() <= 300 && words <= 30 && !ends_sentence && !trim(text.substr(pos)).empty();
  if (!headline) {
    result.body = std::string(trim(text));
    return result;
  }
  result.title = std::string(first);
  // Drop repeats of the headline and date lines among the next few lines.
  for (int seen = 0; pos < text.size() && seen < 10;) {
    std::size_t line_start = pos;
    std::string_view line = trim(next_line(text, pos));
    if (line.empty()) continue;
    ++seen;
    if (std::string date = date_line(line); !date.empty()) {
      if (result.date.empty()) result.date = date;
      continue;
    }
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
    if ((ch == "." || ch == "!" || ch == "?") && (i >= text.size() || is_ascii_space(text[i]))) {
      std::size_t word_start = sentence.find_last_of(" .", sentence.size() - 2);
      word_start = word_start == std::string::npos ? 0 : word_start + 1;
      if (ch != "." || !is_abbreviation(std::string_view(sentence).substr(word_start, sentence.size() - 1 - word_start))) break;
    }
  }
  if (cut) {
    if (last_space != std::string::npos && last_space > sentence.size() / 2) sentence.resize(last_space);
    while (!sentence.empty() && std::string_view(" ,;:-").find(sentence.back()) != std::string_view::npos) sentence.pop_back();
    sentence += "…";
  } else if (!sentence.empty() && sentence.back() == '.' && !ends_with_ellipsis(sentence)) {
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

std::string date_line(std::string_view line) {
  line = trim(line);
  if (line.size() > 80 || !has_year_digits(line)) return {};
  static const std::regex label(
      R"(^(?:(?:first|last)\s+)?(?:published|updated|modified|posted|created|dated?|datum|fecha)(?:\s+(?:on|at))?\s*[:|-]?\s*)",
      std::regex::icase);
  std::string s(line);
  std::smatch m;
  if (std::regex_search(s, m, label)) line.remove_prefix(static_cast<std::size_t>(m.length(0)));
  for (std::size_t i = 0; i < line.size();) {  // nothing but the date, its weekday, time and zone
    if (!std::isalpha(static_cast<unsigned char>(line[i])) && !(line[i] & 0x80)) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && (std::isalpha(static_cast<unsigned char>(line[end])) || (line[end] & 0x80))) ++end;
    if (!is_date_word(line.substr(i, end - i))) return {};
    i = end;
  }
  return search_date(line);
}

std::string date_from_path(std::string_view path) {
  std::size_t start = path.size();
  for (int parts = 0; parts < 4 && start != std::string_view::npos && start > 0; ++parts)
    start = path.rfind('/', start - 1);
  std::string tail(start == std::string_view::npos ? path : path.substr(start + 1));
  if (auto dot = tail.rfind('.'); dot != std::string::npos && tail.find('/', dot) == std::string::npos) tail.resize(dot);
  // Days: 2017/01/19/, 2017-01-19, 2017_01_19, 20170119; then months: 2017/01/, 2017-01.
  static const std::regex day(R"((?:^|[^0-9])(\d{4})([-_./]?)(\d{2})\2(\d{2})(?![0-9]))");
  static const std::regex month(R"((?:^|[^0-9])(\d{4})[-_./](\d{2})(?![0-9]))");
  auto nearest = [&tail](const std::regex& pattern, bool with_day) {
    std::string found;
    for (auto it = std::sregex_iterator(tail.begin(), tail.end(), pattern); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      std::string date = plausible_date(std::stoi(m[1].str()), std::stoi(m[with_day ? 3 : 2].str()),
                                        with_day ? std::stoi(m[4].str()) : 1);
      if (!date.empty()) found = date;
    }
    return found;
  };
  std::string date = nearest(day, true);
  return date.empty() ? nearest(month, false) : date;
}

DateOrder parse_date_order(std::string_view spec) {
  DateOrder order;
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    std::size_t comma = std::min(spec.find(',', pos), spec.size());
    std::string_view name = trim(spec.substr(pos, comma - pos));
    pos = comma + 1;
    DateSource source;
    if (name == "text") source = DateSource::kText;
    else if (name == "path") source = DateSource::kPath;
    else if (name == "mtime") source = DateSource::kFileTime;
    else throw std::invalid_argument("unknown date source '" + std::string(name) + "' (use text, path and mtime)");
    if (std::find(order.begin(), order.end(), source) != order.end())
      throw std::invalid_argument("date source '" + std::string(name) + "' given twice");
    order.push_back(source);
  }
  return order;
}

std::string to_string(const DateOrder& order) {
  std::string out;
  for (DateSource source : order)
    out += std::string(out.empty() ? "" : ",") +
           (source == DateSource::kText ? "text" : source == DateSource::kPath ? "path" : "mtime");
  return out;
}

std::string parse_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 120) return {};
  return search_date(text);
}

void complete_metadata(Article& article, const FileContext& context, std::string_view text_date) {
  if (article.title.empty()) article.title = first_sentence(article.body);
  if (!article.date.empty() && article.date_origin == DateOrigin::kNone) article.date_origin = DateOrigin::kGiven;
  for (std::size_t i = 0; i < context.date_order.size() && article.date.empty(); ++i) {
    switch (context.date_order[i]) {
      case DateSource::kText:
        article.date = text_date.empty() ? find_dateline(article.body) : std::string(text_date);
        article.date_origin = DateOrigin::kText;
        break;
      case DateSource::kPath:
        article.date = date_from_path(context.path);
        article.date_origin = DateOrigin::kPath;
        break;
      case DateSource::kFileTime:
        article.date = context.file_date;
        article.date_origin = DateOrigin::kFileTime;
        break;
    }
  }
  if (article.date.empty()) article.date_origin = DateOrigin::kNone;
  if (article.source.empty()) article.source = context.folder_source;
  if (article.language.empty()) {
    LanguageGuess guess = guess_language(article.title, article.body);
    article.language = std::move(guess.code);
    article.language_origin = guess.reliable ? Article::LanguageOrigin::kDetected : Article::LanguageOrigin::kUnsure;
  }
}

}  // namespace wadi
