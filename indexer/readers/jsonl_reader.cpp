#include "readers/jsonl_reader.h"

#include <cctype>
#include <ctime>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "analysis/language.h"
#include "analysis/text_decoder.h"
#include "metadata.h"

namespace wadi {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxProblemsListed = 20;

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::boolean: return "true/false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "text";
    default: return "null";
  }
}

// Collects a file's problems, listing the first few and counting the rest.
class Problems {
 public:
  explicit Problems(std::vector<std::string>& out) : out_(out) {}
  void add(std::size_t line, const std::string& what) {
    ++count_;
    if (out_.size() < kMaxProblemsListed) out_.push_back("line " + std::to_string(line) + ": " + what);
    else ++unlisted_;
  }
  std::size_t count() const { return count_; }
  void finish() {
    if (unlisted_) out_.push_back("... and " + std::to_string(unlisted_) + " more problems in this file");
  }

 private:
  std::vector<std::string>& out_;
  std::size_t count_ = 0;
  std::size_t unlisted_ = 0;
};

std::string clean(std::string s) {
  for (char& c : s)
    if (c == '\0') c = ' ';
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// One line: trimmed, every run of white space made one space.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string epoch_date(double seconds) {
  if (seconds > 1e11) seconds /= 1000;  // milliseconds, as JavaScript writes them
  if (!(seconds > -5e9 && seconds < 7e9)) return {};
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

// The article fields of one line's object; reports fields it cannot use.
class LineReader {
 public:
  LineReader(const json& object, std::size_t line, Problems& problems)
      : object_(object), line_(line), problems_(problems) {}

  // The first of `names` present, as text; a list of strings is joined with
  // `separator`, an object gives its "name".
  std::string text(std::initializer_list<const char*> names, const char* separator = "\n\n") {
    for (const char* name : names) {
      auto it = object_.find(name);
      if (it == object_.end() || it->is_null()) continue;
      if (it->is_string()) return clean(it->get<std::string>());
      if (it->is_number() && (std::string_view(name) == "id")) return it->dump();
      if (it->is_object() && it->contains("name") && (*it)["name"].is_string()) return clean((*it)["name"].get<std::string>());
      if (it->is_array()) {
        std::string joined;
        bool all_text = true;
        for (const json& item : *it) {
          const json* value = &item;
          if (item.is_object() && item.contains("name")) value = &item["name"];
          if (!value->is_string()) { all_text = false; continue; }
          if (!joined.empty()) joined += separator;
          joined += value->get<std::string>();
        }
        if (all_text) return clean(std::move(joined));
      }
      problems_.add(line_, std::string("field '") + name + "' is " + type_name(*it) + ", not text: ignored");
      return {};
    }
    return {};
  }

  std::string date() {
    // Other names feeds use; only their string or number values are dates
    // ("published": true is not).
    auto it = object_.find("date");
    for (const char* name : {"published", "published_at", "datePublished", "pubDate", "timestamp"}) {
      if (it != object_.end()) break;
      auto other = object_.find(name);
      if (other != object_.end() && (other->is_string() || other->is_number())) it = other;
    }
    if (it == object_.end() || it->is_null()) return {};
    std::string date;
    // Never dump() a list or an object: it recurses as deep as the JSON nests.
    std::string shown = it->is_string() ? it->get<std::string>() : it->is_number() ? it->dump() : type_name(*it);
    if (it->is_number()) {
      date = epoch_date(it->get<double>());
    } else if (it->is_string()) {
      std::string s = trim(shown);
      bool digits = !s.empty() && s.size() >= 9 && s.size() <= 13 &&
                    s.find_first_not_of("0123456789") == std::string::npos;
      date = digits ? epoch_date(std::stod(s)) : parse_date(s);
    }
    if (date.empty()) {
      if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
      problems_.add(line_, "unreadable date '" + one_line(to_valid_utf8(shown)) + "': ignored");
    }
    return date;
  }

 private:
  const json& object_;
  std::size_t line_;
  Problems& problems_;
};

// Column (in characters) of byte `offset` of `line`, 1-based.
std::size_t column_of(std::string_view line, std::size_t offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  return column;
}

}  // namespace

ReadResult read_jsonl_articles(const FileContext& context, std::string_view bytes) {
  ReadResult result;
  // JSON is UTF-8; other encodings are read as text files are, so that an
  // export in Latin-1 or UTF-16 is not lost.
  std::string decoded;
  std::string_view text = bytes;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool utf16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
  if (utf16 || !is_valid_utf8(text) || text.find('\0') != std::string_view::npos) {
    DecodedText d = decode_text(bytes);
    if (!d.error.empty()) {
      result.skip_reason = d.error;
      return result;
    }
    if (!d.warning.empty()) result.problems.push_back(d.warning);
    decoded = std::move(d.text);
    text = decoded;
  }

  Problems problems(result.problems);
  std::unordered_map<std::string, std::size_t> first_line_of;
  std::size_t line_number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json object;
    try {
      object = json::parse(line);
    } catch (const json::parse_error& e) {
      std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
      problems.add(line_number, "invalid JSON at column " + std::to_string(column_of(line, at)));
      continue;
    } catch (const json::exception&) {
      problems.add(line_number, "invalid JSON");
      continue;
    }
    if (!object.is_object()) {
      problems.add(line_number, std::string("not a JSON object but ") + type_name(object));
      continue;
    }
    LineReader fields(object, line_number, problems);
    Article article;
    article.path = context.path;
    article.title = one_line(fields.text({"title", "headline"}));
    article.body = trim(fields.text({"body", "text", "content", "article", "articleBody", "description", "summary"}));
    if (article.title.empty() && article.body.empty()) {
      problems.add(line_number, "no text: none of title, body, text or content");
      continue;
    }
    article.url = one_line(fields.text({"url", "link"}));
    article.source = one_line(fields.text({"source", "site", "publisher"}));
    article.author = one_line(fields.text({"author", "authors", "byline"}, ", "));
    std::string lang = fields.text({"lang", "language"});
    article.language = normalize_language(lang);
    if (!lang.empty() && article.language.empty())
      problems.add(line_number, "unknown language '" + one_line(to_valid_utf8(lang.substr(0, 20))) + "': detected instead");
    article.date = fields.date();
    std::string id = trim(fields.text({"id", "_id", "guid"}));
    std::string suffix = !id.empty() ? id : !article.url.empty() ? article.url : std::to_string(line_number);
    article.key = context.path + "#" + suffix;
    auto [seen, inserted] = first_line_of.emplace(article.key, line_number);
    if (!inserted) {
      problems.add(line_number, "same " + std::string(!id.empty() ? "id" : "url") + " as line " +
                                    std::to_string(seen->second) + ": skipped");
      continue;
    }
    complete_metadata(article, context);
    result.articles.push_back(std::move(article));
  }
  problems.finish();
  if (result.articles.empty())
    result.skip_reason = problems.count() ? "no readable JSON line" : bytes.empty() ? "empty file" : "no articles (only blank lines)";
  return result;
}

}  // namespace wadi
