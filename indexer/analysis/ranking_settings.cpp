#include "analysis/ranking_settings.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace wadi {
namespace {

template <class T>
void read(const char* name, T& value) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return;
  std::string_view s(text);
  T parsed{};
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), parsed);
  if (error != std::errc() || end != s.data() + s.size() || parsed < T{}) {
    std::cerr << "warning: ignored " << name << "='" << s << "': not a number\n";
    return;
  }
  value = parsed;
}

void read(const char* name, bool& value) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return;
  std::string_view s(text);
  if (s == "1" || s == "on" || s == "yes" || s == "true") value = true;
  else if (s == "0" || s == "off" || s == "no" || s == "false") value = false;
  else std::cerr << "warning: ignored " << name << "='" << s << "': use 0 or 1\n";
}

void read(const char* name, std::string& value) {
  if (const char* text = std::getenv(name); text != nullptr && *text != '\0') value = text;
}

RankingSettings from_environment() {
  RankingSettings s;
  read("WADI_WEIGHTING", s.weighting);
  read("WADI_BM25_K1", s.bm25_k1);
  read("WADI_BM25_B", s.bm25_b);
  s.bm25_b_fixed = std::getenv("WADI_BM25_B") != nullptr && *std::getenv("WADI_BM25_B") != '\0';
  read("WADI_BM25_B_SPREAD", s.bm25_b_spread);
  read("WADI_BM25_MIN_NORMLEN", s.bm25_min_normlen);
  read("WADI_STOPWORDS", s.stopwords);
  read("WADI_STOPWORD_WEIGHT", s.stopword_weight);
  read("WADI_ALL_WORDS_MAX", s.all_words_max);
  read("WADI_PRF", s.prf);
  read("WADI_PRF_DOCS", s.prf_docs);
  read("WADI_PRF_DEPTH", s.prf_depth);
  read("WADI_PRF_TERMS", s.prf_terms);
  read("WADI_PRF_WEIGHT", s.prf_weight);
  read("WADI_PRF_BALANCE", s.prf_balance);
  read("WADI_PRF_MIN_WEIGHT", s.prf_min_weight);
  read("WADI_PRF_REWEIGHT", s.prf_reweight);
  read("WADI_PRF_ALL_FORMS", s.prf_all_forms);
  read("WADI_PRF_SCHEME", s.prf_scheme);
  read("WADI_TITLE_WEIGHT", s.title_weight);
  if (s.bm25_b > 1) s.bm25_b = 1;
  if (s.bm25_b_spread > 1) s.bm25_b_spread = 1;
  if (s.title_weight == 0) s.title_weight = 1;
  static const char* const kWeightings[] = {"bm25", "bm25+", "pl2", "dph", "inl2", "tfidf"};
  if (std::find(std::begin(kWeightings), std::end(kWeightings), s.weighting) == std::end(kWeightings)) {
    std::cerr << "warning: ignored WADI_WEIGHTING='" << s.weighting << "': use bm25, bm25+, pl2, dph, inl2 or tfidf\n";
    s.weighting = "bm25";
  }
  if (s.prf_scheme != "trad" && s.prf_scheme != "bo1") {
    std::cerr << "warning: ignored WADI_PRF_SCHEME='" << s.prf_scheme << "': use trad or bo1\n";
    s.prf_scheme = "trad";
  }
  return s;
}

}  // namespace

const RankingSettings& RankingSettings::get() {
  static const RankingSettings settings = from_environment();
  return settings;
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
