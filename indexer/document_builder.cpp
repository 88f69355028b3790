#include "document_builder.h"

#include <algorithm>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include "analysis/ranking_settings.h"
#include "analysis/schema.h"
#include "analysis/stopwords.h"
#include "file_catalog.h"

namespace wadi {
namespace {

std::size_t letter_count(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Transliterations are indexed for names only: Cyrillic common words spell
// English words in Latin letters (то "to", нет "net", друг "drug"), names
// rarely do. A name starts with a capital letter; a capitalized word of
// fewer than four letters that opens a sentence is taken for a common word
// (Но, Он, Мы). Measured in the README (cross-script search).
bool looks_like_name(std::string_view text, const Token& token) {
  int32_t at = static_cast<int32_t>(token.begin);
  UChar32 first;
  U8_NEXT(text.data(), at, static_cast<int32_t>(text.size()), first);
  if (!u_isupper(first) && !u_istitle(first)) return false;
  if (letter_count(token.term) >= 4) return true;
  static constexpr std::string_view kOpeners[] = {" ", "\t", "\"", "'", "(", "-", "«", "„", "“", "—", "–", "\u00A0"};
  std::size_t i = token.begin;  // back over spaces, quotes, dashes and brackets
  while (i > 0) {
    std::size_t start = i - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    if (std::find(std::begin(kOpeners), std::end(kOpeners), text.substr(start, i - start)) == std::end(kOpeners)) break;
    i = start;
  }
  if (i == 0) return false;  // opens the text
  char before = text[i - 1];
  return before != '.' && before != '!' && before != '?' && before != '\n' && before != ':' && before != '\r';
}

// The non-Latin words `text` writes in lower case somewhere: a capitalized
// word that is also among them opens a sentence, it is not a name.
std::unordered_set<std::string> lower_case_words(std::string_view text, const std::vector<Token>& tokens) {
  std::unordered_set<std::string> words;
  for (const Token& token : tokens) {
    if (static_cast<unsigned char>(text[token.begin]) < 0x80) continue;
    int32_t at = static_cast<int32_t>(token.begin);
    UChar32 first;
    U8_NEXT(text.data(), at, static_cast<int32_t>(text.size()), first);
    if (u_islower(first)) words.insert(token.term);
  }
  return words;
}

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

}  // namespace

std::size_t DocumentBuilder::index_words(Xapian::Document& doc, const std::string& text, const std::string& language,
                                         Xapian::termpos offset, bool title) {
  const Xapian::termcount weight = title ? RankingSettings::get().title_weight : 1;
  std::vector<Token> tokens = analyzer_.tokenize(text);
  const std::unordered_set<std::string> common_words = lower_case_words(text, tokens);
  for (const Token& token : tokens) {
    const Xapian::termpos pos = offset + token.position + 1;
    doc.add_posting(token.term, pos, weight);
    std::string stem = token.is_number ? token.term : analyzer_.stem(token.term, language);
    doc.add_term(schema::kStemPrefix + stem, weight);
    if (title) {
      doc.add_posting(schema::kTitlePrefix + token.term, pos);
      doc.add_term(schema::kTitleStemPrefix + stem);
    }
    bool name = !token.is_number && looks_like_name(text, token) && !common_words.count(token.term) &&
                !Stopwords::builtin().contains(language, token.term);
    if (name) {
      // Latin spellings share the word's position, so "sergei lavrov" is a
      // phrase in "Сергей Лавров"; the stem's spelling lets "Lavrov" find
      // "Лаврова" (stems under five letters match too many English words).
      for (const std::string& latin : analyzer_.transliterations(token.term)) {
        doc.add_posting(latin, pos, weight);
        doc.add_term(schema::kStemPrefix + latin, weight);
        if (title) doc.add_posting(schema::kTitlePrefix + latin, pos);
        if (title) doc.add_term(schema::kTitleStemPrefix + latin);
      }
      if (stem != token.term && letter_count(stem) >= 5)
        for (const std::string& latin : analyzer_.transliterations(stem)) {
          doc.add_term(schema::kStemPrefix + latin, weight);
          if (title) doc.add_term(schema::kTitleStemPrefix + latin);
        }
    }
  }
  return tokens.size();
}

BuiltDocument DocumentBuilder::build(const Article& article) {
  BuiltDocument built;
  Xapian::Document& doc = built.document;
  std::size_t words = index_words(doc, article.title, article.language, 0, true);
  words += index_words(doc, article.body, article.language, schema::kBodyPositionOffset, false);

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
