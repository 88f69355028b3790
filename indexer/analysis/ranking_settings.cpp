#include "analysis/ranking_settings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <memory>
#include <sstream>
#include <type_traits>

namespace wadi {
namespace {

constexpr EnvironmentVariable kVariables[] = {
    {"WADI_DB", "index, search", "database folder when --db is not given (default ~/.local/share/wadi/db)"},
    {"WADI_TITLE_WEIGHT", "index", "a title word counts this many body words, 1..1000 (3); recorded in the database, which keeps it"},
    {"WADI_WEIGHTING", "search", "bm25, bm25+, pl2, dph, inl2 or tfidf (bm25)"},
    {"WADI_BM25_K1", "search", "BM25 term-frequency saturation, >= 0 (2.0)"},
    {"WADI_BM25_B", "search", "BM25 length normalisation, 0..1, for every archive (default: by the spread of the article lengths, 0.75 to 0.5)"},
    {"WADI_BM25_B_SPREAD", "search", "BM25 b for archives of widely spread lengths, 0..1 (0.5)"},
    {"WADI_BM25_MIN_NORMLEN", "search", "shorter articles count as this part of the average length, >= 0 (0.5)"},
    {"WADI_STOPWORDS", "search", "0 or 1: query-side stopwords (1)"},
    {"WADI_STOPWORD_WEIGHT", "search", "a stopword's weight in a plain-word query, >= 0 (0)"},
    {"WADI_ALL_WORDS_MAX", "search", "up to this many content words, a query requires all (0: none is required)"},
    {"WADI_EVERY_WORD_BONUS", "search", "in a short query, articles holding every word score this share more, >= 0 (0.3)"},
    {"WADI_EVERY_WORD_MAX", "search", "a query of up to this many content words is short (4)"},
    {"WADI_PRF", "search", "0 or 1: pseudo-relevance feedback (1)"},
    {"WADI_PRF_DOCS", "search", "feedback: top articles taken as relevant (5)"},
    {"WADI_PRF_DEPTH", "search", "feedback reorders this many of the first pass's best (300)"},
    {"WADI_PRF_TERMS", "search", "feedback: expansion terms added (50)"},
    {"WADI_PRF_SHORT_MIN_DOCS", "search", "feedback on a short query: expansion words are in at least this many of the top articles, >= 1 (2)"},
    {"WADI_PRF_MIN_WEIGHT", "search", "feedback: drop terms under this part of the best, 0..1 (0.3)"},
    {"WADI_PRF_WEIGHT", "search", "feedback: the best term's weight in query words, >= 0 (1.0)"},
    {"WADI_PRF_BALANCE", "search", "feedback terms weigh at most this many times the query's words, >= 0, 0 for no bound (1.0)"},
    {"WADI_PRF_SCHEME", "search", "feedback term weighting, trad or bo1 (trad)"},
    {"WADI_PRF_ALL_FORMS", "search", "0 or 1: an expansion stem searches all its forms (0)"},
    {"WADI_PRF_REWEIGHT", "search", "0 or 1: the final ranking reweighs terms by the feedback set (1)"},
    {"WADI_RELIABILITY_SEED", "tests", "the random seed of the reliability suite, to repeat a run"},
};

// Untrusted text from the environment, shown in a warning: control
// characters would reach the terminal.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  return out;
}

class Reader {
 public:
  Reader(const std::map<std::string, std::string>& variables, std::string_view program, std::ostream& warnings)
      : variables_(variables), program_(program), warnings_(warnings) {}

  // Numbers: `value` keeps its default unless the variable holds a finite
  // number in [low, high]. Returns whether it was set.
  template <class T>
  bool read(const char* name, T& value, T low, T high) {
    const std::string* text = find(name);
    if (text == nullptr) return false;
    T parsed{};
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
    bool ok = error == std::errc() && end == text->data() + text->size();
    if constexpr (std::is_floating_point_v<T>) ok = ok && std::isfinite(parsed);
    if (!ok || parsed < low || parsed > high) {
      std::ostringstream range;
      if (high == std::numeric_limits<T>::max()) range << "a number >= " << low;
      else range << "a number in " << low << ".." << high;
      warn(name, *text, "not " + range.str());
      return false;
    }
    value = parsed;
    return true;
  }

  void read(const char* name, bool& value) {
    const std::string* text = find(name);
    if (text == nullptr) return;
    if (*text == "1" || *text == "on" || *text == "yes" || *text == "true") value = true;
    else if (*text == "0" || *text == "off" || *text == "no" || *text == "false") value = false;
    else warn(name, *text, "use 0 or 1");
  }

  void read(const char* name, std::string& value, std::span<const char* const> allowed) {
    const std::string* text = find(name);
    if (text == nullptr) return;
    if (std::find(allowed.begin(), allowed.end(), *text) == allowed.end()) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      warn(name, *text, "use one of " + list);
      return;
    }
    value = *text;
  }

  void warn_unknown() {
    for (const auto& variable : variables_) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const auto& name = variable.first;
      auto known = [&](const EnvironmentVariable& v) { return name == v.name; };
      if (std::none_of(std::begin(kVariables), std::end(kVariables), known))
        warnings_ << program_ << ": warning: ignored unknown variable " << printable(name) << " (see " << program_
                  << " --help)\n";
    }
  }

 private:
  const std::string* find(const char* name) const {
    auto it = variables_.find(name);
    return it == variables_.end() ? nullptr : &it->second;
  }
  void warn(const char* name, const std::string& text, const std::string& why) {
    warnings_ << program_ << ": warning: ignored " << name << "='" << printable(text) << "': " << why << '\n';
  }

  const std::map<std::string, std::string>& variables_;
  std::string_view program_;
  std::ostream& warnings_;
};

}  // namespace

RankingSettings RankingSettings::from_environment(const std::map<std::string, std::string>& variables,
                                                  std::string_view program, std::ostream& warnings) {
  constexpr double kNoLimit = std::numeric_limits<double>::max();
  constexpr auto kMaxCount = std::numeric_limits<Xapian::doccount>::max();
  static const char* const kWeightings[] = {"bm25", "bm25+", "pl2", "dph", "inl2", "tfidf"};
  static const char* const kSchemes[] = {"trad", "bo1"};
  RankingSettings s;
  Reader r(variables, program, warnings);
  r.read("WADI_WEIGHTING", s.weighting, kWeightings);
  r.read("WADI_BM25_K1", s.bm25_k1, 0.0, kNoLimit);
  s.bm25_b_fixed = r.read("WADI_BM25_B", s.bm25_b, 0.0, 1.0);
  r.read("WADI_BM25_B_SPREAD", s.bm25_b_spread, 0.0, 1.0);
  r.read("WADI_BM25_MIN_NORMLEN", s.bm25_min_normlen, 0.0, kNoLimit);
  r.read("WADI_STOPWORDS", s.stopwords);
  r.read("WADI_STOPWORD_WEIGHT", s.stopword_weight, 0.0, kNoLimit);
  r.read("WADI_ALL_WORDS_MAX", s.all_words_max, std::size_t{0}, std::numeric_limits<std::size_t>::max());
  r.read("WADI_EVERY_WORD_BONUS", s.every_word_bonus, 0.0, kNoLimit);
  r.read("WADI_EVERY_WORD_MAX", s.every_word_max, std::size_t{0}, std::numeric_limits<std::size_t>::max());
  r.read("WADI_PRF", s.prf);
  r.read("WADI_PRF_DOCS", s.prf_docs, Xapian::doccount{1}, kMaxCount);
  r.read("WADI_PRF_DEPTH", s.prf_depth, Xapian::doccount{0}, kMaxCount);
  r.read("WADI_PRF_TERMS", s.prf_terms, Xapian::termcount{0}, Xapian::termcount{10000});
  r.read("WADI_PRF_WEIGHT", s.prf_weight, 0.0, kNoLimit);
  r.read("WADI_PRF_BALANCE", s.prf_balance, 0.0, kNoLimit);
  r.read("WADI_PRF_MIN_WEIGHT", s.prf_min_weight, 0.0, 1.0);
  r.read("WADI_PRF_SHORT_MIN_DOCS", s.prf_short_min_docs, Xapian::doccount{1}, kMaxCount);
  r.read("WADI_PRF_REWEIGHT", s.prf_reweight);
  r.read("WADI_PRF_ALL_FORMS", s.prf_all_forms);
  r.read("WADI_PRF_SCHEME", s.prf_scheme, kSchemes);
  s.title_weight_given = r.read("WADI_TITLE_WEIGHT", s.title_weight, Xapian::termcount{1}, Xapian::termcount{1000});
  r.warn_unknown();
  return s;
}

std::map<std::string, std::string> wadi_variables(char** environment) {
  std::map<std::string, std::string> variables;
  for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view e(*entry);
    const std::size_t equals = e.find('=');
    if (!e.starts_with("WADI_") || equals == std::string_view::npos || equals + 1 == e.size()) continue;
    variables.emplace(e.substr(0, equals), e.substr(equals + 1));
  }
  return variables;
}

std::span<const EnvironmentVariable> environment_variables() { return kVariables; }

std::string environment_help(std::string_view program) {
  std::string text =
      "\nEnvironment (an unknown WADI_ variable, or a value out of range, is ignored with a warning):\n";
  for (const EnvironmentVariable& v : kVariables) {
    if (std::string_view(v.read_by).find(program) == std::string_view::npos) continue;
    std::string name = v.name;
    name.resize(std::max<std::size_t>(name.size() + 2, 24), ' ');
    text += "  " + name + v.meaning + "\n";
  }
  return text;
}

double RankingSettings::b_for(double length_spread) const {
  constexpr double kEven = 0.5, kSpread = 0.8;
  if (bm25_b_fixed || !(length_spread > kEven)) return bm25_b;
  if (length_spread >= kSpread) return bm25_b_spread;
  return bm25_b + (bm25_b_spread - bm25_b) * (length_spread - kEven) / (kSpread - kEven);
}

std::unique_ptr<Xapian::Weight> RankingSettings::weight(double length_spread) const {
  const double b = b_for(length_spread);
  // k2 = 0 and k3 = 1 (Xapian's defaults).
  if (weighting == "bm25+") return std::make_unique<Xapian::BM25PlusWeight>(bm25_k1, 0, 1, b, bm25_min_normlen, 1.0);
  if (weighting == "pl2") return std::make_unique<Xapian::PL2Weight>();
  if (weighting == "dph") return std::make_unique<Xapian::DPHWeight>();
  if (weighting == "inl2") return std::make_unique<Xapian::InL2Weight>();
  if (weighting == "tfidf") return std::make_unique<Xapian::TfIdfWeight>();
  return std::make_unique<Xapian::BM25Weight>(bm25_k1, 0, 1, b, bm25_min_normlen);
}

}  // namespace wadi
