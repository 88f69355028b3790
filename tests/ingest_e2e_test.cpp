// ingest_e2e: the real `index` and `search` on tests/fixtures/multilingual/, a
// corpus of short articles in eight languages, as text, HTML and JSON Lines,
// some in Latin-1, windows-1251 and UTF-16 (made by
// tests/fixtures/make-multilingual). Each query reaches its article only
// through what ingestion did: decoding, stemming in the article's language,
// word segmentation, Arabic normalization or transliteration.
#include <boost/test/unit_test.hpp>

#include <fstream>

#include <set>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/schema.h"
#include "analysis/stored_article.h"
#include "e2e_support.h"

using namespace wadi::test;

namespace {

std::filesystem::path fixture_corpus() {
  return std::filesystem::path(WADI_SOURCE_DIR) / "tests" / "fixtures" / "multilingual";
}

struct IndexedCorpus {
  TempDir dir;
  std::string db = (dir / "db").string();
  Run run;
  explicit IndexedCorpus(const std::string& jobs) : run(index({"--db", db, "--jobs", jobs, fixture_corpus().string()})) {}

  Run find(const std::string& query) const { return search({"--db", db, "--json", "--limit", "50", "--", query}); }

  // The results of `query`, as JSON objects in rank order.
  std::vector<nlohmann::json> hits(const std::string& query) const {
    Run r = find(query);
    BOOST_TEST_REQUIRE((r.status == 0 || r.status == 1), query << ": exit " << r.status << ": " << r.err);
    return result_hits(r.out);
  }

  // The keys of the articles `query` finds, relative to the fixture folder.
  std::set<std::string> keys(const std::string& query) const {
    std::set<std::string> found;
    std::string root = fixture_corpus().string() + "/";
    for (const nlohmann::json& hit : hits(query)) {
      std::string key = hit["key"].get<std::string>();
      found.insert(key.rfind(root, 0) == 0 ? key.substr(root.size()) : key);
    }
    return found;
  }
};

const IndexedCorpus& corpus() {
  static const IndexedCorpus indexed("2");
  return indexed;
}

using Keys = std::set<std::string>;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(ingest_e2e)

BOOST_AUTO_TEST_CASE(summary_counts_articles_duplicates_and_skipped_files_with_reasons) {
  const Run& r = corpus().run;
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  // 12 articles: 9 files of one article, two JSON Lines files of two.
  BOOST_TEST(has(r.out, "12 added"), r.out);
  BOOST_TEST(has(r.out, "1 duplicates"), r.out);
  BOOST_TEST(has(r.out, "2 skipped ("), r.out);
  BOOST_TEST(has(r.out, "1 binary file"), r.out);
  BOOST_TEST(has(r.out, "1 unsupported file type"), r.out);
  BOOST_TEST(has(r.err, "skipped/photo.txt: skipped: binary file"), r.err);
  BOOST_TEST(has(r.err, "skipped/report.pdf: skipped: unsupported file type"), r.err);
}

BOOST_AUTO_TEST_CASE(broken_jsonl_line_is_named_and_the_other_lines_indexed) {
  BOOST_TEST(has(corpus().run.err, "de/nachrichten.jsonl: line 2: invalid JSON"), corpus().run.err);
  BOOST_TEST(corpus().keys("Trinkwasser") == Keys{"de/nachrichten.jsonl#https://rundschau.example/wadi-barada"});
  BOOST_TEST(corpus().keys("\"kaputte zeile\"").empty());
}

BOOST_AUTO_TEST_CASE(each_language_finds_its_article_by_another_form_of_the_word) {
  struct Case {
    const char* query;  // a form the article does not hold
    const char* key;
    const char* lang;
  };
  const Case cases[] = {
      {"negotiating", "en/astana-talks.txt", "en"},                 // negotiations
      {"négociations", "fr/astana-negociation.html", "fr"},         // négociation, Latin-1 HTML
      {"Verhandlung", "de/nachrichten.jsonl#de-1", "de"},           // Verhandlungen, JSON Lines
      {"Außenministers", "de/aussenminister-latin1.txt", "de"},     // Außenminister, Latin-1 text
      {"görüşmeler", "tr/astana-gorusmeleri.txt", "tr"},            // görüşmelerinde, UTF-8 with BOM
      {"переговоры", "ru/lavrov-astana.txt", "ru"},                 // переговорах, windows-1251
  };
  for (const Case& c : cases) {
    BOOST_TEST(corpus().keys(c.query) == Keys{c.key}, c.query);
    std::vector<nlohmann::json> hits = corpus().hits(c.query);
    if (!hits.empty()) BOOST_TEST(hits[0]["lang"] == c.lang, c.query << " found an article in " << hits[0]["lang"]);
    // The same word in quotes is not stemmed, so it finds nothing: the
    // match above came from stemming in the article's language.
    BOOST_TEST(corpus().keys("\"" + std::string(c.query) + "\"").empty(), c.query);
  }
}

BOOST_AUTO_TEST_CASE(latin_name_finds_the_article_that_spells_it_in_cyrillic) {
  BOOST_TEST(corpus().keys("Lavrov") == Keys{"ru/lavrov-astana.txt"});
  BOOST_TEST(corpus().keys("\"sergei lavrov\"") == Keys{"ru/lavrov-astana.txt"});
  BOOST_TEST(corpus().keys("\"sergej lavrov\"") == Keys{"ru/lavrov-astana.txt"});
  BOOST_TEST(corpus().keys("Лавров") == Keys{"ru/lavrov-astana.txt"});
}

BOOST_AUTO_TEST_CASE(arabic_without_harakat_finds_the_word_written_with_them) {
  BOOST_TEST(corpus().keys("بردى") == Keys{"ar/wadi-barada.html"});
  BOOST_TEST(corpus().keys("\"وادي بردى\"") == Keys{"ar/wadi-barada.html"});
  BOOST_TEST(corpus().keys("بَرَدى") == Keys{"ar/wadi-barada.html"});
}

BOOST_AUTO_TEST_CASE(chinese_word_finds_its_article_not_one_with_its_characters_apart) {
  // zh/fayuan.txt has 谈 (in 谈话) and 判 (in 判断), never 谈判.
  BOOST_TEST(corpus().keys("谈判") == Keys{"zh/astana-tanpan.txt"});
  BOOST_TEST(corpus().keys("判断") == Keys{"zh/fayuan.txt"});
}

BOOST_AUTO_TEST_CASE(japanese_word_finds_its_article_not_one_with_its_characters_apart) {
  // ja-2 has 交 (in 交通) and 渉 (in 干渉), never 交渉.
  BOOST_TEST(corpus().keys("交渉") == Keys{"ja/nyusu.jsonl#ja-1"});
  BOOST_TEST(corpus().keys("干渉") == Keys{"ja/nyusu.jsonl#ja-2"});
}

BOOST_AUTO_TEST_CASE(language_of_each_article_is_searchable) {
  BOOST_TEST(corpus().keys("lang:zh") == (Keys{"zh/astana-tanpan.txt", "zh/fayuan.txt"}));
  BOOST_TEST(corpus().keys("lang:ru") == Keys{"ru/lavrov-astana.txt"});
  BOOST_TEST(corpus().keys("lang:ar") == Keys{"ar/wadi-barada.html"});
}

BOOST_AUTO_TEST_CASE(html_and_jsonl_metadata_reach_the_results) {
  std::vector<nlohmann::json> fr = corpus().hits("négociations");
  BOOST_REQUIRE_EQUAL(fr.size(), 1u);
  BOOST_TEST(fr[0]["title"] == "Syrie : une négociation difficile s'ouvre à Astana");
  BOOST_TEST(fr[0]["date"] == "2017-01-23");
  BOOST_TEST(fr[0]["source"] == "quotidien-geneve.example");
  BOOST_TEST(fr[0]["author"] == "Claire Dubois");

  std::vector<nlohmann::json> ar = corpus().hits("بردى");
  BOOST_REQUIRE_EQUAL(ar.size(), 1u);
  BOOST_TEST(ar[0]["title"] == "معارك في وادي بَرَدى تهدد مياه دمشق");
  BOOST_TEST(ar[0]["source"] == "صحيفة الشام");
  BOOST_TEST(ar[0]["date"] == "2017-01-19");

  std::vector<nlohmann::json> de = corpus().hits("Verhandlung");
  BOOST_REQUIRE_EQUAL(de.size(), 1u);
  BOOST_TEST(de[0]["source"] == "Rheinische Rundschau");
  BOOST_TEST(de[0]["author"] == "Jonas Weber");
  BOOST_TEST(de[0]["date"] == "2017-01-23");

  std::vector<nlohmann::json> ja = corpus().hits("交渉");
  BOOST_REQUIRE_EQUAL(ja.size(), 1u);
  BOOST_TEST(ja[0]["source"] == "東京新報");
  BOOST_TEST(ja[0]["title"] == "シリア和平交渉がアスタナで始まる");
}

BOOST_AUTO_TEST_CASE(one_job_and_two_jobs_give_identical_results) {
  IndexedCorpus one("1");
  BOOST_TEST_REQUIRE(one.run.status == 0, one.run.err);
  for (const char* query : {"negotiating", "astana", "Lavrov", "\"sergei lavrov\"", "谈判", "交渉", "بردى", "syria OR suriye",
                            "lang:de", "date:2017-01", "переговоры", "wadi barada"}) {
    Run a = one.find(query), b = corpus().find(query);
    BOOST_TEST(a.status == b.status, query);
    BOOST_TEST(a.out == b.out, query);
  }
  Run a = search({"--db", one.db, "--json", "--facets", "astana"});
  Run b = search({"--db", corpus().db, "--json", "--facets", "astana"});
  BOOST_TEST(a.out == b.out);
}

// A plain word finds the words of its stem through the vocabulary table, and
// a crash may leave any subset of the shards committed: so each shard's own
// table must list every word of its own articles under its stem.
BOOST_AUTO_TEST_CASE(every_shard_lists_the_words_of_its_articles_under_their_stems) {
  IndexedCorpus three("3");
  BOOST_TEST_REQUIRE(three.run.status == 0, three.run.err);
  wadi::Analyzer analyzer;
  std::size_t checked = 0;
  std::vector<std::string> shards;  // as the stub lists them (compacted: "shard0.1", ...)
  std::ifstream stub(std::filesystem::path(three.db) / "XAPIANDB");
  for (std::string type, name; stub >> type >> name;) shards.push_back(name);
  BOOST_TEST_REQUIRE(shards.size() == 3u);
  for (std::size_t k = 0; k < shards.size(); ++k) {
    Xapian::Database shard((std::filesystem::path(three.db) / shards[k]).string());
    BOOST_TEST_REQUIRE(shard.get_doccount() > 0u);
    for (auto doc = shard.postlist_begin(""); doc != shard.postlist_end(""); ++doc) {
      std::string language = wadi::schema::decode_article(shard.get_document(*doc).get_data()).fields.value("lang", "");
      for (auto t = shard.termlist_begin(*doc); t != shard.termlist_end(*doc); ++t) {
        const std::string& term = *t;
        if ((term[0] >= 'A' && term[0] <= 'Z') || term.find_first_not_of("0123456789.,") == std::string::npos) continue;
        std::string stem = wadi::schema::kStemPrefix + analyzer.stem(term, language);
        std::set<std::string> forms(shard.synonyms_begin(stem), shard.synonyms_end(stem));
        BOOST_TEST(forms.count(term), "shard" << k << ": " << term << " missing under " << stem);
        ++checked;
      }
    }
  }
  BOOST_TEST(checked > 200u);
}

BOOST_AUTO_TEST_CASE(a_word_finds_the_other_forms_of_its_stem) {
  TempDir dir;
  write_file(dir / "corpus" / "a.txt", "Talks\n\nThe negotiations resumed in Astana.\n");
  write_file(dir / "corpus" / "b.txt", "Deal\n\nThey negotiated a ceasefire.\n");
  write_file(dir / "corpus" / "c.txt", "Weather\n\nRain is expected in Astana.\n");
  std::string db = (dir / "db").string();
  BOOST_TEST_REQUIRE(index({"--db", db, (dir / "corpus").string()}).status == 0);
  std::set<std::string> found;
  for (const std::string& path : result_paths(search({"--db", db, "--json", "--", "negotiating"}).out))
    found.insert(std::filesystem::path(path).filename().string());
  BOOST_TEST((found == std::set<std::string>{"a.txt", "b.txt"}));
  BOOST_TEST(result_paths(search({"--db", db, "--json", "--", "title:talk"}).out).size() == 1u);
  BOOST_TEST(result_paths(search({"--db", db, "--json", "--", "\"negotiated a\""}).out).size() == 1u);
}

// `index` keeps zlib out of Xapian's tables (indexer/uncompressed_tables.cpp):
// articles that compress a hundredfold take their full size in the document
// data, and read back whole, as do articles an earlier run compressed.
BOOST_AUTO_TEST_CASE(article_data_is_stored_uncompressed_and_reads_back) {
  TempDir dir;
  std::string db = (dir / "db").string();
  const std::string body = [] {
    std::string text;
    for (int i = 0; i < 800; ++i) text += "Crude oil prices rose again on the spot market. ";
    return text;
  }();
  for (int i = 0; i < 10; ++i) write_file(dir / "corpus" / ("a" + std::to_string(i) + ".txt"), "Oil report " + std::to_string(i) + "\n\n" + body + "\n");
  BOOST_TEST_REQUIRE(index({"--db", db, "--jobs", "2", (dir / "corpus").string()}).status == 0);
  std::uintmax_t docdata = 0;
  for (const char* shard : {"shard0", "shard1"}) docdata += std::filesystem::file_size(std::filesystem::path(db) / shard / "docdata.glass");
  BOOST_TEST(docdata >= 10 * body.size(), "document data " << docdata << " bytes for " << 10 * body.size() << " of text");
  Xapian::Database read(db);
  for (auto doc = read.postlist_begin(""); doc != read.postlist_end(""); ++doc)
    BOOST_TEST(wadi::schema::decode_article(read.get_document(*doc).get_data()).body.size() > body.size() - 10);
}

// Schema 1 had stems as "Z" terms and no vocabulary table: search finds
// other forms there through the stem terms.
BOOST_AUTO_TEST_CASE(a_schema_1_database_is_still_searched_by_stems) {
  TempDir dir;
  std::string db = (dir / "db").string();
  {
    Xapian::WritableDatabase old(db, Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_posting("negotiations", 1001);
    doc.add_term("Znegoti");
    doc.add_posting("resumed", 1002);
    doc.add_term("Zresum");
    doc.add_boolean_term("Len");
    doc.set_data(R"({"key":"/old/a.txt","path":"/old/a.txt","title":"Talks","body":"negotiations resumed"})");
    old.add_document(doc);
    old.set_metadata("wadi-schema", "1");
    old.commit();
  }
  Run r = search({"--db", db, "--json", "--", "negotiating"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(result_paths(r.out) == std::vector<std::string>{"/old/a.txt"});
  // Its document data has the body inside the JSON, the older layout.
  BOOST_TEST(r.out.find("\"snippet\":\"negotiations resumed\"") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()
