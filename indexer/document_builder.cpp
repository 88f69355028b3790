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
#include "analysis/stored_article.h"
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

}  // namespace

bool DocumentBuilder::HashSet::insert(std::uint64_t hash) {
  constexpr std::size_t kMaxSize = 1 << 23;  // hashes; bounds the memory of long runs (128 MB)
  if (hash == 0) hash = 1;                   // 0 marks an empty slot
  if (size_ * 2 >= slots_.size()) {
    std::vector<std::uint64_t> old = std::move(slots_);
    size_ = 0;
    if (old.size() >= kMaxSize * 2) {
      slots_.assign(1 << 16, 0);  // forget: a word met again is only handed on again
    } else {
      slots_.assign(old.size() * 2, 0);
      for (std::uint64_t h : old)
        if (h != 0) insert(h);
    }
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots_[i] == hash) return false;
    if (slots_[i] == 0) {
      slots_[i] = hash;
      ++size_;
      return true;
    }
  }
}

void DocumentBuilder::note_word(BuiltDocument& built, const std::string& stem, const std::string& word) {
  std::string entry = schema::kStemPrefix + stem;
  const std::uint64_t seed = XXH3_64bits(entry.data(), entry.size());
  if (noted_.insert(XXH3_64bits_withSeed(word.data(), word.size(), seed))) built.words.emplace_back(std::move(entry), word);
}

std::size_t DocumentBuilder::index_words(BuiltDocument& built, const std::string& text, const std::vector<Token>& tokens,
                                         const std::string& language, Xapian::termpos offset, bool title) {
  Xapian::Document& doc = built.document;
  const Xapian::termcount weight = title ? title_weight_ : 1;
  const std::unordered_set<std::string> common_words = lower_case_words(text, tokens);
  // Each word met for the first time (in this language) goes to the
  // vocabulary under its stem; numbers are searched as written.
  const std::uint64_t language_seed = ~XXH3_64bits(language.data(), language.size());
  for (const Token& token : tokens) {
    const Xapian::termpos pos = offset + token.position + 1;
    doc.add_posting(token.term, pos, weight);
    if (title) doc.add_posting(schema::kTitlePrefix + token.term, pos);
    if (!token.is_number && noted_.insert(XXH3_64bits_withSeed(token.term.data(), token.term.size(), language_seed)))
      note_word(built, analyzer_.stem(token.term, language), token.term);
    bool name = !token.is_number && looks_like_name(text, token) && !common_words.count(token.term) &&
                !Stopwords::builtin().contains(language, token.term);
    if (name) {
      // Latin spellings share the word's position, so "sergei lavrov" is a
      // phrase in "Сергей Лавров"; the stem's spelling lets "Lavrov" find
      // "Лаврова" (stems under five letters match too many English words).
      const std::vector<std::string> latins = analyzer_.transliterations(token.term);
      if (latins.empty()) continue;
      for (const std::string& latin : latins) {
        doc.add_posting(latin, pos, weight);
        if (title) doc.add_posting(schema::kTitlePrefix + latin, pos);
        note_word(built, latin, latin);
      }
      const std::string word_stem = analyzer_.stem(token.term, language);
      if (word_stem != token.term && letter_count(word_stem) >= 5)
        for (const std::string& stem_latin : analyzer_.transliterations(word_stem))
          for (const std::string& latin : latins) note_word(built, stem_latin, latin);
    }
  }
  // A hyphen-joined word is also one word (see schema::kJoinedPrefix), at
  // its first part's position and, adding nothing to its frequency, at its
  // last one's.
  for (const Compound& compound : Analyzer::compounds(text, tokens)) {
    const Xapian::termpos first = offset + tokens[compound.first].position + 1;
    const Xapian::termpos last = offset + tokens[compound.last].position + 1;
    const std::string term = schema::kJoinedPrefix + compound.term;
    doc.add_posting(term, first, weight);
    doc.add_posting(term, last, 0);
    if (title) {
      doc.add_posting(schema::kTitlePrefix + term, first);
      doc.add_posting(schema::kTitlePrefix + term, last, 0);
    }
    if (noted_.insert(XXH3_64bits_withSeed(term.data(), term.size(), language_seed)))
      note_word(built, analyzer_.stem(compound.term, language), term);
  }
  // A word written with a symbol is also one word (see schema::kWholeWordPrefix),
  // counting nothing in the article's length.
  for (const WholeWord& whole : analyzer_.whole_words(text, tokens)) {
    const std::string term = schema::kWholeWordPrefix + whole.term;
    for (std::size_t i = whole.first; i <= whole.last; ++i) {
      const Xapian::termpos pos = offset + tokens[i].position + 1;
      doc.add_posting(term, pos, 0);
      if (title) doc.add_posting(schema::kTitlePrefix + term, pos, 0);
    }
  }
  return tokens.size();
}

BuiltDocument DocumentBuilder::build(const Article& article) {
  BuiltDocument built;
  Xapian::Document& doc = built.document;
  std::size_t words = index_words(built, article.title, analyzer_.tokenize(article.title), article.language, 0, true);
  const std::vector<Token> body = analyzer_.tokenize(article.body);
  words += index_words(built, article.body, body, article.language, schema::kBodyPositionOffset, false);
  if (stories_) {
    built.shingles = shingles_of(body);
    for (const std::string& band : StorySignature(built.shingles).band_terms()) doc.add_boolean_term(band);
  }

  doc.add_boolean_term(bounded_term(schema::kIdPrefix, article.key));
  doc.add_boolean_term(bounded_term(schema::kFilePrefix, article.path));
  for (const Token& token : analyzer_.tokenize(article.source))
    doc.add_boolean_term(schema::kSourcePrefix + token.term);
  if (!article.language.empty()) doc.add_boolean_term(schema::kLanguagePrefix + article.language);
  if (article.date_origin != DateOrigin::kNone)
    doc.add_boolean_term(schema::kDateOriginPrefix + std::string(to_string(article.date_origin)));

  std::string compact_date;
  for (char c : article.date)
    if (c != '-') compact_date += c;
  doc.add_value(schema::kDateSlot, compact_date);
  // A file's mtime is when it was copied as often as when it was written:
  // its year is counted apart.
  const bool file_time = article.date_origin == DateOrigin::kFileTime;
  if (compact_date.size() >= 4) doc.add_value(file_time ? schema::kFileYearSlot : schema::kYearSlot, compact_date.substr(0, 4));
  doc.add_value(schema::kSourceSlot, article.source);
  doc.add_value(schema::kLanguageSlot, article.language);
  doc.add_value(schema::kKeySlot, article.key);

  nlohmann::json data = {
      {"key", article.key},       {"path", article.path},     {"title", article.title},
      {"date", article.date},     {"date_from", to_string(article.date_origin)},
      {"source", article.source}, {"lang", article.language}, {"url", article.url},
      {"author", article.author}, {"words", words},
  };
  if (!article.categories.empty()) data["categories"] = article.categories;  // only then: other hashes stay as they were
  std::string serialized = schema::encode_article(data, article.body);
  built.content_hash = hex64(XXH3_64bits(serialized.data(), serialized.size()));
  doc.add_value(schema::kContentSlot, built.content_hash);
  doc.set_data(serialized);
  return built;
}

}  // namespace wadi
