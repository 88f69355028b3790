#include "archive_language.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <sstream>
#include <vector>

#include <xxhash.h>

#include "analysis/ascii_text.h"
#include "analysis/language.h"
#include "analysis/stopwords.h"

namespace wadi {
namespace {

// Calls `f` with each word of `text` folded, as far as function words need:
// an ASCII word lower-cased, another folded by the analyzer. A third of
// the cost of tokenize(), which short articles would pay twice.
template <typename F>
void for_each_word(Analyzer& analyzer, std::string_view text, F f) {
  std::string word;
  bool ascii = true;
  auto flush = [&] {
    if (!word.empty()) f(ascii ? word : analyzer.fold(word));
    word.clear();
    ascii = true;
  };
  for (char c : text) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b >= 0x80) {
      word += c;
      ascii = false;
    } else if (std::isalpha(b) || c == '\'') {
      word += ascii_lower(c);
    } else {
      flush();
    }
  }
  flush();
}

// Bit i set: `word` is a function word of the i-th language with a list.
// Remembered per thread: the words of news repeat, and asking every list
// about every word would cost as much as indexing the article.
// The memory is a direct-mapped table of words' 64-bit hashes: one cache
// miss a word, no allocation, a fixed 1 MB per thread; a word whose slot
// another took is only asked again. (A map of strings was 5% of the CPU of
// indexing Reuters.)
std::uint32_t stopword_lists_of(const std::string& word) {
  static const std::vector<std::string> kListed = Stopwords::builtin().languages();
  struct Known {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t lists = 0;
  };
  thread_local std::vector<Known> known(1 << 16);
  const std::uint64_t hash = XXH3_64bits(word.data(), word.size()) | 1;
  Known& slot = known[hash & (known.size() - 1)];
  if (slot.hash == hash) return slot.lists;
  std::uint32_t in = 0;
  for (std::size_t i = 0; i < kListed.size() && i < 32; ++i)
    if (Stopwords::builtin().contains(kListed[i], word)) in |= 1u << i;
  slot = {hash, in};
  return in;
}

}  // namespace

LanguageDoubt doubt_language(Analyzer& analyzer, const Article& article) {
  LanguageDoubt doubt;
  if (article.language_origin == Article::LanguageOrigin::kGiven || article.language.empty()) return doubt;
  // A long text the detector is unsure of is mixed, not misread; and the
  // texts in doubt wait in memory until the end of the run.
  if (article.title.size() + article.body.size() >= kShortArticleBytes) return doubt;
  doubt.unsure = article.language_origin == Article::LanguageOrigin::kUnsure;
  static const std::vector<std::string> kListed = Stopwords::builtin().languages();
  const auto own_list = std::find(kListed.begin(), kListed.end(), article.language);
  std::vector<std::size_t> hits(kListed.size());
  std::size_t own = 0;
  for_each_word(analyzer, article.title + "\n" + article.body, [&](const std::string& word) {
    const std::uint32_t in = stopword_lists_of(word);
    for (std::size_t i = 0; i < kListed.size(); ++i) hits[i] += (in >> i) & 1;
  });
  if (own_list != kListed.end()) own = hits[static_cast<std::size_t>(own_list - kListed.begin())];
  for (std::size_t i = 0; i < kListed.size(); ++i)
    if (kListed[i] != article.language && hits[i] > 0 && hits[i] >= own && same_script(kListed[i], article.language))
      doubt.rivals.push_back(kListed[i]);
  return doubt;
}

std::string settle_language(const Article& article, const LanguageDoubt& doubt, const std::string& main) {
  if (main.empty() || main == article.language || !same_script(main, article.language)) return article.language;
  if (doubt.unsure || std::find(doubt.rivals.begin(), doubt.rivals.end(), main) != doubt.rivals.end()) return main;
  return article.language;
}

void LanguageTally::add(const std::string& language, std::size_t articles) {
  if (!language.empty() && articles > 0) counts_[language] += articles;
}

void LanguageTally::add(const LanguageTally& other) {
  for (const auto& [language, count] : other.counts_) add(language, count);
}

std::string LanguageTally::main() const {
  std::string best;
  std::size_t most = 0;
  for (const auto& [language, count] : counts_)  // in code order: the first of equals wins
    if (count > most) best = language, most = count;
  return best;
}

std::string LanguageTally::serialize() const {
  std::string out;
  for (const auto& [language, count] : counts_) out += (out.empty() ? "" : " ") + language + ":" + std::to_string(count);
  return out;
}

LanguageTally LanguageTally::parse(const std::string& text) {
  LanguageTally tally;
  std::istringstream in(text);
  for (std::string entry; in >> entry;) {
    std::size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    try {
      tally.add(entry.substr(0, colon), std::stoul(entry.substr(colon + 1)));
    } catch (const std::exception&) {
    }
  }
  return tally;
}

}  // namespace wadi
