#include "searcher.h"

#include <unistd.h>

#include "analysis/schema.h"

namespace wadi {
namespace {

constexpr int kReopenAttempts = 5;

// An index run may add or remove articles between the estimate and the
// documents we read; Xapian says so with DatabaseModifiedError.
template <class F>
auto with_reopen(Xapian::Database& db, F f) {
  for (int attempt = 1;; ++attempt) {
    try {
      return f();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReopenAttempts) throw;
      db.reopen();
    }
  }
}

// Expands "more like this" only with words, not ids, paths or sources.
class WordsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.size() > 2;
  }
};

}  // namespace

Searcher::Searcher(const std::filesystem::path& path) : db_(path.string()) {}

std::vector<std::string> Searcher::languages() const {
  std::vector<std::string> codes;
  for (auto it = db_.allterms_begin(schema::kLanguagePrefix); it != db_.allterms_end(schema::kLanguagePrefix); ++it)
    codes.push_back((*it).substr(1));
  return codes;
}

SearchPage Searcher::search(const std::string& query, const SearchOptions& options) {
  return with_reopen(db_, [&] { return run(query, options); });
}

Xapian::MSet Searcher::match(const Xapian::Query& query, const SearchOptions& options, SearchPage& page) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  if (options.sort == SortOrder::kDate) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
  if (options.sort == SortOrder::kDateReverse) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  Xapian::ValueCountMatchSpy by_source(schema::kSourceSlot), by_year(schema::kYearSlot), by_language(schema::kLanguageSlot);
  if (options.facets) {
    enquire.add_matchspy(&by_source);
    enquire.add_matchspy(&by_year);
    enquire.add_matchspy(&by_language);
  }
  // Facets count every match, so they need the whole match set checked.
  Xapian::doccount check_at_least = options.facets ? db_.get_doccount() : 0;
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                       static_cast<Xapian::doccount>(options.limit), check_at_least);
  page.matches = mset.get_matches_estimated();
  page.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  if (options.facets) {
    page.facets.clear();
    for (auto* spy : {&by_source, &by_year, &by_language}) {
      std::string name = spy == &by_source ? "source" : spy == &by_year ? "year" : "lang";
      auto& counts = page.facets[name];
      for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
        if (!(*it).empty()) counts[*it] = it.get_termfreq();
    }
  }
  return mset;
}

Xapian::Query Searcher::similar_query(const std::string& path_or_key, Xapian::docid& self, ParsedQuery& parsed) {
  std::string key = path_or_key;
  std::error_code ec;
  if (auto absolute = std::filesystem::absolute(path_or_key, ec); !ec && std::filesystem::exists(absolute, ec))
    key = absolute.lexically_normal().string();
  std::string id = schema::kIdPrefix + key;
  Xapian::PostingIterator it = db_.postlist_begin(id);
  if (it == db_.postlist_end(id)) throw QueryError("--similar: no indexed article is '" + path_or_key + "'", 1);
  self = *it;
  Xapian::RSet rset;
  rset.add_document(self);
  Xapian::Enquire enquire(db_);
  WordsOnly words_only;
  Xapian::ESet eset = enquire.get_eset(40, rset, &words_only);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) {
    terms.emplace_back(*t);
    parsed.highlight.words.insert(*t);
    parsed.reading += (parsed.reading.empty() ? "" : " ") + *t;
  }
  parsed.reading = "LIKE(" + parsed.reading + ")";
  return Xapian::Query(Xapian::Query::OP_ELITE_SET, terms.begin(), terms.end(), 20);
}

SearchPage Searcher::run(const std::string& query, const SearchOptions& options) {
  SearchPage page;
  Xapian::docid self = 0;
  if (!options.similar.empty()) {
    page.parsed.query = similar_query(options.similar, self, page.parsed);
    if (!query.empty()) {
      ParsedQuery extra = QueryParser(analyzer_, languages()).parse(query);
      page.parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, page.parsed.query, extra.query);
    }
    page.parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, page.parsed.query, Xapian::Query(schema::kIdPrefix + db_.get_document(self).get_value(schema::kKeySlot)));
  } else {
    page.parsed = QueryParser(analyzer_, languages()).parse(query);
  }
  Xapian::MSet mset = match(page.parsed.query, options, page);
  if (mset.empty() && options.offset == 0 && !page.parsed.relaxed.empty()) {
    explain_zero_hits(page);
    mset = match(page.parsed.relaxed, options, page);
    page.relaxed = !mset.empty();
  } else if (mset.empty() && options.offset == 0) {
    explain_zero_hits(page);
  }
  std::size_t rank = options.offset;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    Hit hit{++rank, it.get_weight(), it.get_percent(), *it, nlohmann::json::object(), {}};
    nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) data = nlohmann::json::object();
    std::string body = data.value("body", "");
    std::string language = data.value("lang", "");
    data.erase("body");
    hit.snippet = make_snippet(analyzer_, body, page.parsed.highlight, language);
    hit.fields = std::move(data);
    page.hits.push_back(std::move(hit));
  }
  return page;
}

void Searcher::explain_zero_hits(SearchPage& page) {
  // How many articles hold each word, and a spelling correction for the
  // words no article holds.
  std::string corrected;
  bool changed = false;
  HighlightTerms ignored;
  QueryParser parser(analyzer_, languages());
  for (const std::string& word : page.parsed.all_words) {
    Xapian::Query q = parser.word_query(word, ignored);
    Xapian::doccount articles = 0;
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) articles = std::max(articles, db_.get_termfreq(*t));
    page.word_counts.emplace_back(word, articles);
    std::string replacement = analyzer_.fold(word);
    if (articles == 0) {
      if (std::string suggestion = db_.get_spelling_suggestion(replacement); !suggestion.empty()) {
        replacement = suggestion;
        changed = true;
      }
    }
    corrected += (corrected.empty() ? "" : " ") + replacement;
  }
  if (changed) page.suggestion = corrected;
}

}  // namespace wadi
