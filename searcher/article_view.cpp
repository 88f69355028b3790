#include "article_view.h"

#include <algorithm>
#include <ostream>
#include <set>

#include "analysis/analyzer.h"
#include "analysis/article_key.h"
#include "analysis/schema.h"
#include "analysis/terminal_text.h"
#include "file_catalog.h"
#include "result_printer.h"
#include "snippet.h"

namespace wadi {
namespace {

std::vector<schema::StoredArticle> articles_with(const Xapian::Database& db, const std::string& term) {
  std::vector<std::pair<std::string, schema::StoredArticle>> found;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    Xapian::Document doc = db.get_document(*it);
    found.emplace_back(doc.get_value(schema::kKeySlot), schema::decode_article(doc.get_data()));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<schema::StoredArticle> articles;
  for (auto& [key, article] : found) articles.push_back(std::move(article));
  return articles;
}

}  // namespace

const char* date_origin_text(const std::string& origin) {
  if (origin == "given") return " (given by the article)";
  if (origin == "text") return " (from a date in the text)";
  if (origin == "path") return " (from the file's path)";
  if (origin == "mtime") return " (file date: when the file was last changed, not a date of the article)";
  if (origin == "crawl") return " (crawl date: when the page was fetched; the page gives none)";
  return "";
}

std::string marked_text(const std::string& body, const std::string& language, const HighlightTerms* terms,
                        std::string_view open, std::string_view close, std::vector<std::string>* matched,
                        TextEscape escape) {
  Analyzer analyzer;
  const HighlightTerms none;
  SnippetMaker maker(analyzer, terms ? *terms : none);
  std::string out;
  std::set<std::string> seen;
  for (std::size_t pos = 0; pos <= body.size();) {
    std::size_t end = std::min(body.find('\n', pos), body.size());
    std::string_view line(body.data() + pos, end - pos);
    Snippet snippet = terms ? maker(line, language, std::string::npos) : Snippet{};
    if (snippet.marks.empty()) {
      out += escape ? escape(line) : std::string(line);
    } else {
      out += render_marks(snippet, open, close, escape);
      for (const std::string& word : snippet.matched)
        if (matched && seen.insert(word).second) matched->push_back(word);
    }
    if (end < body.size()) out += '\n';
    pos = end + 1;
  }
  return out;
}

std::vector<schema::StoredArticle> find_article_by_key(const Xapian::Database& db, const std::string& key) {
  return articles_with(db, bounded_term(schema::kIdPrefix, key));
}

std::vector<schema::StoredArticle> find_articles(const Xapian::Database& db, const std::string& key_or_path) {
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(key_or_path, ec).lexically_normal().string();
  for (const std::string& key : {key_or_path, article_key(absolute)})
    if (std::vector<schema::StoredArticle> found = articles_with(db, bounded_term(schema::kIdPrefix, key)); !found.empty())
      return found;
  return articles_with(db, bounded_term(schema::kFilePrefix, absolute));
}

void print_article_text(std::ostream& out, const schema::StoredArticle& article, const ArticleViewOptions& options) {
  const nlohmann::json& f = article.fields;
  auto field = [&f](const char* name) { return f.contains(name) && f[name].is_string() ? f[name].get<std::string>() : ""; };
  auto line = [&out](const char* label, const std::string& value, const char* note = "") {
    if (!value.empty()) out << label << ": " << for_terminal(value) << note << '\n';
  };
  out << (options.colour ? "\033[1m" : "") << (field("title").empty() ? "(untitled)" : for_terminal(field("title")))
      << (options.colour ? "\033[0m" : "") << '\n';
  line("Date", field("date").empty() ? "unknown" : field("date"), date_origin_text(field("date_from")));
  line("Source", field("source"));
  line("Author", field("author"));
  line("URL", field("url"));
  line("Language", field("lang"));
  line("Path", shown_path(field("path"), options.working_dir));
  if (field("key") != field("path")) line("Key", field("key"));
  out << '\n';
  out << marked_text(article.body, field("lang"), options.marks, options.colour ? "\033[1;31m" : "[",
                     options.colour ? "\033[0m" : "]", nullptr, for_terminal);
  out << '\n';
}

nlohmann::json article_json(const schema::StoredArticle& article, const HighlightTerms* marks) {
  nlohmann::json object = article.fields;
  object["body"] = article.body;
  if (marks) {
    std::vector<std::string> matched;
    object["marked_body"] = marked_text(article.body, object.value("lang", ""), marks, "[", "]", &matched);
    object["matched"] = matched;
  }
  return object;
}

void print_article_json(std::ostream& out, const schema::StoredArticle& article, const ArticleViewOptions& options) {
  out << article_json(article, options.marks).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace wadi
