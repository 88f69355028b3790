#include "snippet.h"

#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "analysis/schema.h"

namespace wadi {
namespace {

// Text longer than this is cut before looking for the best passage: a
// snippet is for reading on a screen, not for proving every match.
constexpr std::size_t kMaxScannedBytes = 256 * 1024;

// Marks the words of every occurrence of `phrase` in `tokens`; `whole`
// holds each token's whole-word term, or "" (see schema::kWholeWordPrefix).
void mark_phrase(const std::vector<Token>& tokens, const std::vector<std::string>& whole,
                 const std::vector<std::string>& phrase, std::vector<bool>& hit) {
  if (phrase.empty() || tokens.size() < phrase.size()) return;
  for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
    std::size_t n = 0;
    while (n < phrase.size() && (tokens[i + n].term == phrase[n] || whole[i + n] == phrase[n])) ++n;
    if (n == phrase.size())
      for (std::size_t k = 0; k < n; ++k) hit[i + k] = true;
  }
}

// The bytes a text's words must start with to be folded for `term`: its
// first, or for a whole-word term that of each of its parts ("XWat&t": a, t).
void set_first_bytes(const std::string& term, std::bitset<256>& bytes) {
  const std::string_view prefix = schema::kWholeWordPrefix;
  if (!term.starts_with(prefix)) {
    if (!term.empty()) bytes.set(static_cast<unsigned char>(term[0]));
    return;
  }
  for (std::size_t at = prefix.size(); at < term.size(); at = term.find('&', at) + 1) {
    bytes.set(static_cast<unsigned char>(term[at]));
    if (term.find('&', at) == std::string::npos) break;
  }
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// Appends `gap` (the text between two words) with runs of white space as one space.
void append_collapsed(std::string& out, std::string_view gap) {
  for (std::size_t i = 0; i < gap.size(); ++i) {
    bool nbsp = gap.compare(i, 2, "\xC2\xA0") == 0;  // news pages are full of no-break spaces
    if (is_space(gap[i]) || nbsp) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      i += nbsp;
    } else {
      out += gap[i];
    }
  }
}

}  // namespace

SnippetMaker::SnippetMaker(Analyzer& analyzer, const HighlightTerms& terms) : analyzer_(analyzer), terms_(terms) {
  for (const auto* words : {&terms.words, &terms.forms})
    for (const std::string& word : *words)
      if (!word.empty()) first_bytes_.set(static_cast<unsigned char>(word[0]));
  for (const std::string& prefix : terms.prefixes) {
    if (prefix.empty()) first_bytes_.set();
    else first_bytes_.set(static_cast<unsigned char>(prefix[0]));
  }
  folded_ = first_bytes_;
  for (const std::vector<std::string>& phrase : terms.phrases)
    for (const std::string& word : phrase) set_first_bytes(word, folded_);
  for (const std::string& word : terms.words) set_first_bytes(word, folded_);
}

bool SnippetMaker::matches_as_written(const std::string& term) const {
  if (!term.empty() && first_bytes_.test(static_cast<unsigned char>(term[0]))) {
    if (terms_.words.count(term) || terms_.forms.count(term)) return true;
    for (const std::string& prefix : terms_.prefixes)
      if (term.compare(0, prefix.size(), prefix) == 0) return true;
  }
  for (const std::string& latin : analyzer_.transliterations(term))  // "sergei" marks Сергей
    if (terms_.words.count(latin) || terms_.forms.count(latin) || terms_.stems.count(latin)) return true;
  return false;
}

bool SnippetMaker::matches(const Token& token, const std::string& language, Decisions& decided) {
  // Only stemming is worth remembering; a phrase search has no word to match one by one.
  if (terms_.stems.empty()) return first_bytes_.any() && !token.term.empty() && matches_as_written(token.term);
  auto [known, first] = decided.try_emplace(token.term, false);
  if (!first) return known->second;
  bool& match = known->second;
  if (!token.is_number && terms_.stems.count(analyzer_.stem(token.term, language))) return match = true;
  return match = matches_as_written(token.term);
}

Snippet make_snippet(Analyzer& analyzer, std::string_view text, const HighlightTerms& terms,
                     const std::string& language, std::size_t words) {
  return SnippetMaker(analyzer, terms)(text, language, words);
}

Snippet SnippetMaker::operator()(std::string_view text, const std::string& language, std::size_t words) {
  if (text.size() > kMaxScannedBytes) {
    std::size_t cut = kMaxScannedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  // Without stems, a word whose first byte starts no query word, form,
  // prefix or phrase word can only be counted, not matched: not folding it
  // halves the cost of a snippet.
  std::vector<Token> tokens = analyzer_.tokenize(text, terms_.stems.empty() ? &folded_ : nullptr);
  Snippet snippet;
  if (tokens.empty()) return snippet;
  std::vector<bool> hit(tokens.size());
  Decisions& decided = decided_[language];
  for (std::size_t i = 0; i < tokens.size(); ++i) hit[i] = matches(tokens[i], language, decided);
  std::vector<std::string> whole(tokens.size());  // "o'sullivan" marks O'Sullivan, not Sullivan
  const std::vector<WholeWord> whole_words = analyzer_.whole_words(text, tokens);
  for (const WholeWord& w : whole_words)
    for (std::size_t i = w.first; i <= w.last; ++i) whole[i] = schema::kWholeWordPrefix + w.term;
  for (std::size_t i = 0; i < tokens.size(); ++i) hit[i] = hit[i] || (!whole[i].empty() && terms_.words.count(whole[i]));
  for (const std::vector<std::string>& phrase : terms_.phrases) mark_phrase(tokens, whole, phrase, hit);
  for (const Compound& compound : Analyzer::compounds(text, tokens)) {  // "ceasefire" marks "cease-fire"
    Token joined{compound.term, 0, tokens[compound.first].begin, tokens[compound.last].end};
    if (matches(joined, language, decided))
      for (std::size_t i = compound.first; i <= compound.last; ++i) hit[i] = true;
  }
  for (const WholeWord& w : whole_words)  // "3.5%" is marked with its sign
    if (w.term.ends_with('%')) ++tokens[w.last].end;

  // Slide a window over the words, counting distinct matched terms in it.
  std::size_t width = std::min(words, tokens.size());
  std::map<std::string, int> in_window;
  std::size_t hits = 0, best_start = 0, best_distinct = 0, best_hits = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (hit[i]) ++in_window[tokens[i].term], ++hits;
    if (i >= width && hit[i - width]) {
      if (--in_window[tokens[i - width].term] == 0) in_window.erase(tokens[i - width].term);
      --hits;
    }
    if (i + 1 >= width && (in_window.size() > best_distinct || (in_window.size() == best_distinct && hits > best_hits))) {
      best_distinct = in_window.size();
      best_hits = hits;
      best_start = i + 1 - width;
    }
  }
  // Start a little before the first match so that it reads in context.
  if (best_distinct > 0) {
    std::size_t first = best_start;
    while (!hit[first]) ++first;
    std::size_t lead = std::min<std::size_t>(4, first - best_start);
    std::size_t shift = first - best_start - lead;
    best_start = std::min(best_start + shift, tokens.size() - width);
  }
  std::size_t best_end = best_start + width;

  std::size_t begin = best_start == 0 ? 0 : tokens[best_start].begin;
  if (begin > 0) snippet.text = "…";
  std::set<std::string> matched;
  std::size_t cursor = begin;
  for (std::size_t i = best_start; i < best_end; ++i) {
    const Token& t = tokens[i];
    bool joins_previous = i > best_start && hit[i] && hit[i - 1] && !snippet.marks.empty();
    append_collapsed(snippet.text, text.substr(cursor, t.begin - cursor));
    std::size_t start = snippet.text.size();
    snippet.text.append(text.substr(t.begin, t.end - t.begin));
    if (hit[i]) {
      if (joins_previous) snippet.marks.back().second = snippet.text.size();
      else snippet.marks.emplace_back(start, snippet.text.size());
      if (matched.insert(t.term).second) snippet.matched.emplace_back(text.substr(t.begin, t.end - t.begin));
    }
    cursor = t.end;
  }
  // Keep the punctuation that closes the last word ("Barada”,"), then cut.
  std::size_t tail = cursor;
  while (tail < text.size() && !is_space(text[tail]) && tail - cursor < 4) ++tail;
  bool at_end = best_end == tokens.size();
  if (at_end) tail = text.size();
  append_collapsed(snippet.text, text.substr(cursor, tail - cursor));
  while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
  if (!at_end) snippet.text += "…";
  return snippet;
}

std::string render_marks(const Snippet& snippet, std::string_view open, std::string_view close, TextEscape escape) {
  std::string out;
  const std::string_view text = snippet.text;
  auto append = [&](std::string_view piece) {
    if (escape) out += escape(piece);
    else out.append(piece);
  };
  std::size_t cursor = 0;
  for (const auto& [begin, end] : snippet.marks) {
    append(text.substr(cursor, begin - cursor));
    out.append(open);
    append(text.substr(begin, end - begin));
    out.append(close);
    cursor = end;
  }
  append(text.substr(cursor));
  return out;
}

}  // namespace wadi
