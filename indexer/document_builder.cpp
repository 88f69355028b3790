#include "document_builder.h"

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "analysis/schema.h"
#include "file_catalog.h"

namespace wadi {
namespace {

bool worth_a_spelling(const Token& token) {
  return !token.is_number && token.term.size() >= 3 && token.term.size() <= 40;
}

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

}  // namespace

std::size_t DocumentBuilder::index_words(Xapian::Document& doc, const std::string& text, const std::string& language,
                                         Xapian::termpos offset, bool title, std::map<std::string, unsigned>& spellings) {
  const Xapian::termcount weight = title ? schema::kTitleWeight : 1;
  std::vector<Token> tokens = analyzer_.tokenize(text);
  for (const Token& token : tokens) {
    const Xapian::termpos pos = offset + token.position + 1;
    doc.add_posting(token.term, pos, weight);
    std::string stem = token.is_number ? token.term : analyzer_.stem(token.term, language);
    doc.add_term(schema::kStemPrefix + stem, weight);
    if (title) {
      doc.add_posting(schema::kTitlePrefix + token.term, pos);
      doc.add_term(schema::kTitleStemPrefix + stem);
    }
    if (std::string latin = analyzer_.transliterate(token.term); !latin.empty()) {
      doc.add_posting(latin, pos, weight);
      doc.add_term(schema::kStemPrefix + latin, weight);
    }
    if (worth_a_spelling(token)) ++spellings[token.term];
  }
  return tokens.size();
}

BuiltDocument DocumentBuilder::build(const Article& article) {
  BuiltDocument built;
  Xapian::Document& doc = built.document;
  std::size_t words = index_words(doc, article.title, article.language, 0, true, built.spellings);
  words += index_words(doc, article.body, article.language, schema::kBodyPositionOffset, false, built.spellings);

  doc.add_boolean_term(bounded_term(schema::kIdPrefix, article.key));
  doc.add_boolean_term(bounded_term(schema::kFilePrefix, article.path));
  for (const Token& token : analyzer_.tokenize(article.source))
    doc.add_boolean_term(schema::kSourcePrefix + token.term);
  if (!article.language.empty()) doc.add_boolean_term(schema::kLanguagePrefix + article.language);

  std::string compact_date;
  for (char c : article.date)
    if (c != '-') compact_date += c;
  doc.add_value(schema::kDateSlot, compact_date);
  if (compact_date.size() >= 4) doc.add_value(schema::kYearSlot, compact_date.substr(0, 4));
  doc.add_value(schema::kSourceSlot, article.source);
  doc.add_value(schema::kLanguageSlot, article.language);
  doc.add_value(schema::kKeySlot, article.key);

  nlohmann::json data = {
      {"key", article.key},       {"path", article.path},     {"title", article.title},
      {"date", article.date},     {"date_from", to_string(article.date_origin)},
      {"source", article.source}, {"lang", article.language}, {"url", article.url},
      {"author", article.author}, {"words", words}, {"body", article.body},
  };
  std::string serialized = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  built.content_hash = hex64(XXH3_64bits(serialized.data(), serialized.size()));
  doc.add_value(schema::kContentSlot, built.content_hash);
  doc.set_data(serialized);
  return built;
}

}  // namespace wadi
