#include "similar_articles.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "analysis/article_key.h"
#include "analysis/schema.h"
#include "feedback.h"
#include "file_catalog.h"

namespace wadi {
namespace {

// Expands "more like this" only with words, not ids, paths or sources.
class WordsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && !schema::is_prefixed(term);
  }
};

}  // namespace

Xapian::Query similar_query(const Xapian::Database& db, const std::string& path_or_key, bool by_path,
                            Xapian::docid& self, ParsedQuery& parsed) {
  std::string key = path_or_key;
  std::error_code ec;
  if (auto absolute = std::filesystem::absolute(path_or_key, ec);
      by_path && !ec && std::filesystem::exists(absolute, ec))
    key = article_key(absolute.lexically_normal().string());
  // As the indexer names it: a long key is cut and completed by a hash.
  std::string id = bounded_term(schema::kIdPrefix, key);
  Xapian::PostingIterator it = db.postlist_begin(id);
  if (it == db.postlist_end(id)) throw UnknownArticle("--similar: no indexed article has the path or key '" + path_or_key + "'");
  self = *it;
  Xapian::RSet rset;
  rset.add_document(self);
  Xapian::Enquire enquire(db);
  WordsOnly words_only;
  // The article's 20 most telling words, chosen over the whole database
  // (Xapian's OP_ELITE_SET would choose them shard by shard).
  Xapian::ESet eset = enquire.get_eset(20, rset, kExactExpansion, &words_only);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) {
    terms.emplace_back(*t);
    parsed.highlight.words.insert(*t);
    parsed.reading += (parsed.reading.empty() ? "" : " ") + *t;
  }
  parsed.reading = "LIKE(" + parsed.reading + ")";
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace wadi
