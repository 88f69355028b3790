// stored_article: the document data layout (fields as one JSON line, then the
// body as written), and the older layout with the body inside the JSON.
#include <boost/test/unit_test.hpp>

#include "analysis/stored_article.h"

using wadi::schema::decode_article;
using wadi::schema::encode_article;

BOOST_AUTO_TEST_SUITE(stored_article)

BOOST_AUTO_TEST_CASE(fields_and_body_read_back_as_written) {
  nlohmann::json fields = {{"title", "Talks\nresume \"today\""}, {"lang", "en"}, {"words", 7}};
  const std::string body = "First line.\n\n{\"not\": \"json\"}\nЛетом \\n\t\"quoted\"\n";
  std::string data = encode_article(fields, body);
  BOOST_TEST(data.find(body) != std::string::npos);  // stored as written, not as a JSON string
  wadi::schema::StoredArticle read = decode_article(data);
  BOOST_TEST(read.fields == fields);
  BOOST_TEST(read.body == body);
  BOOST_TEST(decode_article(encode_article(fields, "")).body.empty());
  BOOST_TEST(decode_article(encode_article(fields, "")).fields == fields);
}

BOOST_AUTO_TEST_CASE(the_layout_is_one_compact_json_line_then_the_body) {
  // Pinned as bytes: databases on disk hold this layout, and a change to it
  // must be a new schema version, never an accident of the JSON library.
  BOOST_TEST(encode_article({{"title", "T\u00e9"}, {"lang", "en"}, {"words", 2}}, "Body.\nMore.") ==
             "{\"lang\":\"en\",\"title\":\"T\u00e9\",\"words\":2}\nBody.\nMore.");
}

BOOST_AUTO_TEST_CASE(the_older_layout_reads_the_body_from_the_json) {
  wadi::schema::StoredArticle read = decode_article(R"({"title":"Talks","body":"negotiations\nresumed","lang":"en"})");
  BOOST_TEST(read.body == "negotiations\nresumed");
  BOOST_TEST(read.fields == (nlohmann::json{{"title", "Talks"}, {"lang", "en"}}));
}

BOOST_AUTO_TEST_CASE(unreadable_data_gives_no_fields_and_bad_bytes_are_replaced) {
  for (const char* data : {"", "not json", "[1, 2]", "{\"title\": \"cut", "{\"title\": \"cut\n{}"}) {
    wadi::schema::StoredArticle read = decode_article(data);
    BOOST_TEST(read.fields == nlohmann::json::object(), data);
    BOOST_TEST(read.body.empty(), data);
  }
  BOOST_TEST(decode_article(encode_article({{"title", "t"}}, "ok \xff\xfe done")).body == "ok \xEF\xBF\xBD\xEF\xBF\xBD done");
}

BOOST_AUTO_TEST_SUITE_END()
