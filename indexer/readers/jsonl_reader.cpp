#include "readers/jsonl_reader.h"

#include <cctype>
#include <ctime>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "analysis/article_key.h"
#include "analysis/ascii_text.h"
#include "analysis/language.h"
#include "analysis/text_decoder.h"
#include "metadata.h"

namespace wadi {

namespace {

using Problems = ProblemList;

// "line N: what"
std::string on_line(std::size_t line, const std::string& what) { return "line " + std::to_string(line) + ": " + what; }

using nlohmann::json;

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

std::string clean(std::string s) {
  for (char& c : s)
    if (c == '\0') c = ' ';
  return s;
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
      problems_.add(on_line(line_, std::string("field '") + name + "' is " + type_name(*it) + ", not text: ignored"));
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
      std::string s(trim(shown));
      bool digits = !s.empty() && s.size() >= 9 && s.size() <= 13 &&
                    s.find_first_not_of("0123456789") == std::string::npos;
      date = digits ? epoch_date(std::stod(s)) : parse_date(s);
    }
    if (date.empty()) {
      if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
      problems_.add(on_line(line_, "unreadable date '" + one_line(to_valid_utf8(shown)) + "': ignored"));
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

JsonLinesReader::JsonLinesReader(FileContext context, std::vector<std::string>& problems)
    : context_(std::move(context)), problems_(std::make_unique<ProblemList>(problems)) {}

JsonLinesReader::~JsonLinesReader() = default;

std::size_t JsonLinesReader::problem_count() const { return problems_->count(); }

void JsonLinesReader::finish() { problems_->finish(); }

void JsonLinesReader::skip_line(const std::string& reason) { problems_->add(on_line(++line_number_, reason)); }

std::optional<Article> JsonLinesReader::read_line(std::string_view line) {
  ++line_number_;
  Problems& problems = *problems_;
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;
  if (line.size() > kMaxArticleTextBytes) {
    problems.add(on_line(line_number_, "over " + std::to_string(kMaxArticleTextBytes >> 20) + " MB: skipped"));
    return std::nullopt;
  }
  std::string repaired;
  if (!is_valid_utf8(line)) {  // read as a stream, the file was not decoded as a whole
    repaired = to_valid_utf8(line);
    line = repaired;
    problems.add(on_line(line_number_, "invalid UTF-8 replaced with U+FFFD"));
  }
  json object;
  try {
    object = json::parse(line);
  } catch (const json::parse_error& e) {
    std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    problems.add(on_line(line_number_, "invalid JSON at column " + std::to_string(column_of(line, at))));
    return std::nullopt;
  } catch (const json::exception&) {
    problems.add(on_line(line_number_, "invalid JSON"));
    return std::nullopt;
  }
  if (!object.is_object()) {
    problems.add(on_line(line_number_, std::string("not a JSON object but ") + type_name(object)));
    return std::nullopt;
  }
  LineReader fields(object, line_number_, problems);
  Article article;
  article.path = context_.path;
  article.title = one_line(fields.text({"title", "headline"}));
  article.body = std::string(trim(fields.text({"body", "text", "content", "article", "articleBody", "description", "summary"})));
  if (article.title.empty() && article.body.empty()) {
    problems.add(on_line(line_number_, "no text: none of title, body, text or content"));
    return std::nullopt;
  }
  article.url = one_line(fields.text({"url", "link"}));
  article.source = one_line(fields.text({"source", "site", "publisher"}));
  article.author = one_line(fields.text({"author", "authors", "byline"}, ", "));
  std::string lang = fields.text({"lang", "language"});
  article.language = normalize_language(lang);
  if (!lang.empty() && article.language.empty())
    problems.add(on_line(line_number_, "unknown language '" + one_line(to_valid_utf8(lang.substr(0, 20))) + "': detected instead"));
  article.date = fields.date();
  std::string id(trim(fields.text({"id", "_id", "guid"})));
  std::string suffix = !id.empty() ? id : !article.url.empty() ? article.url : std::to_string(line_number_);
  article.key = article_key(context_.path, suffix);
  // Keys by hash: a file of a million lines keeps 16 bytes per line here.
  auto [seen, inserted] = first_line_of_.emplace(std::hash<std::string>{}(article.key), line_number_);
  if (!inserted) {
    problems.add(on_line(line_number_, "same " + std::string(!id.empty() ? "id" : "url") + " as line " +
                                   std::to_string(seen->second) + ": skipped"));
    return std::nullopt;
  }
  complete_metadata(article, context_);
  return article;
}

std::string decode_jsonl(std::string_view bytes, std::string& decoded, std::string_view& text, ReadResult& result) {
  // JSON is UTF-8; other encodings are read as text files are, so that an
  // export in Latin-1 or UTF-16 is not lost.
  text = bytes;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool utf16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
  if (utf16 || !is_valid_utf8(text) || text.find('\0') != std::string_view::npos) {
    DecodedText d = decode_text(bytes);
    if (!d.error.empty()) return d.error;
    if (!d.warning.empty()) result.problems.push_back(d.warning);
    decoded = std::move(d.text);
    text = decoded;
  }
  return {};
}

ReadResult read_jsonl_articles(const FileContext& context, std::string_view bytes) {
  ReadResult result;
  std::string decoded;
  std::string_view text;
  result.skip_reason = decode_jsonl(bytes, decoded, text, result);
  if (!result.skip_reason.empty()) return result;
  JsonLinesReader reader(context, result.problems);
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (std::optional<Article> article = reader.read_line(line)) result.articles.push_back(std::move(*article));
  }
  reader.finish();
  if (result.articles.empty())
    result.skip_reason = reader.problem_count() ? "no readable JSON line" : bytes.empty() ? "empty file" : "no articles (only blank lines)";
  return result;
}

}  // namespace wadi
