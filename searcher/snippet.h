// The passage of an article that best shows why it matched.
#pragma once

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/analyzer.h"
#include "query_parser.h"

namespace wadi {

struct Snippet {
  std::string text;                                        // white space collapsed, "…" where cut
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // byte ranges of matched words in `text`
  std::vector<std::string> matched;                        // distinct matched words, as written
};

// Snippets for one page of results, all marking the same query terms.
class SnippetMaker {
 public:
  SnippetMaker(Analyzer& analyzer, const HighlightTerms& terms);
  // Picks the window of about `words` words holding the most distinct query
  // terms (ties: the most matches, then the earliest), cut at word
  // boundaries. A word matches when it is a query word or one of the forms
  // a plain query word searches, as written, has the stem of a plain query
  // word the vocabulary does not list in the article's `language`, starts with a
  // query prefix, or is part of an occurrence of a query phrase or of a
  // hyphen-joined word that matches as one ("ceasefire" marks "cease-fire").
  // Adjacent matched words form one mark ("[Wadi Barada]").
  Snippet operator()(std::string_view text, const std::string& language, std::size_t words = 32);

 private:
  // Whether a folded word matches, in one language.
  using Decisions = std::unordered_map<std::string, bool>;
  bool matches(const Token& token, const std::string& language, Decisions& decided);
  bool matches_as_written(const std::string& term) const;

  Analyzer& analyzer_;
  const HighlightTerms& terms_;
  std::bitset<256> first_bytes_;  // of the words, forms and prefixes: most words of a text start otherwise
  std::bitset<256> folded_;       // ... and of the phrases' words: the words a text needs folded
  // By language: one maker serves a page of results, whose articles share
  // most of their words, and stemming each word is most of a snippet's cost.
  std::unordered_map<std::string, Decisions> decided_;
};

// One snippet, for a text alone.
Snippet make_snippet(Analyzer& analyzer, std::string_view text, const HighlightTerms& terms,
                     const std::string& language, std::size_t words = 32);

// How the article's own text is made safe where it is shown (for_terminal,
// html_escape), or nullptr to keep it as it is (JSON escapes when dumped).
using TextEscape = std::string (*)(std::string_view);

// `snippet.text` with each mark wrapped in `open` and `close` (which are not
// escaped), the article's text passed through `escape`.
std::string render_marks(const Snippet& snippet, std::string_view open, std::string_view close,
                         TextEscape escape = nullptr);

}  // namespace wadi
