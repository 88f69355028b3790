// compression: the zlib override of indexer/uncompressed_tables.cpp applies
// to Xapian's calls, both of them, and to nothing else; `index` writes the
// article text uncompressed.
#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include <fstream>
#include <iterator>
#include <string>

#include <xapian.h>

#include "e2e_support.h"
#include "uncompressed_tables.h"

using namespace wadi::test;
namespace fs = std::filesystem;

namespace {

// Very compressible text that deflate would shrink to a few bytes, short
// enough for glass to store it in one piece.
std::string repetitive_text() {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "zanzibar quokka ";
  text.pop_back();  // index trims the body's trailing space
  return text;
}

// Whether some file under `folder` holds `bytes` as they are.
bool stored_literally(const fs::path& folder, const std::string& bytes) {
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(folder)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find(bytes) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compression)

BOOST_AUTO_TEST_CASE(index_stores_article_text_uncompressed) {
  TempDir dir;
  const std::string body = repetitive_text();
  write_file(dir / "corpus" / "a.txt", "Repetition\n\n" + body + "\n");
  BOOST_REQUIRE(index({"--db", (dir / "db").string(), (dir / "corpus").string()}).status == 0);
  BOOST_TEST(stored_literally(dir / "db", body));
  BOOST_TEST(search({"--db", (dir / "db").string(), "quokka"}).status == 0);
}

BOOST_AUTO_TEST_CASE(xapian_calls_are_answered_by_the_override) {
  TempDir dir;
  const wadi::UncompressedTablesCalls before = wadi::uncompressed_tables_calls();
  {
    Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    for (int i = 0; i < 3; ++i) {
      Xapian::Document doc;
      doc.set_data(repetitive_text() + std::to_string(i));
      doc.add_term("quokka");
      db.add_document(doc);
    }
    db.commit();
  }
  const wadi::UncompressedTablesCalls after = wadi::uncompressed_tables_calls();
  BOOST_TEST(after.deflates_skipped >= before.deflates_skipped + 3);
  BOOST_TEST(after.resets_skipped >= before.resets_skipped + 3);
  BOOST_TEST(stored_literally(dir / "db", repetitive_text() + "1"));
  Xapian::Database reader((dir / "db").string());
  BOOST_TEST(reader.get_document(2).get_data() == repetitive_text() + "1");
}

BOOST_AUTO_TEST_CASE(other_zlib_users_compress_as_usual) {
  const std::string text = repetitive_text();
  uLongf size = compressBound(text.size());
  std::string packed(size, '\0');
  BOOST_REQUIRE(compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
                          text.size(), Z_DEFAULT_COMPRESSION) == Z_OK);
  BOOST_TEST(size < text.size() / 10);
  std::string unpacked(text.size(), '\0');
  uLongf unpacked_size = unpacked.size();
  BOOST_REQUIRE(uncompress(reinterpret_cast<Bytef*>(unpacked.data()), &unpacked_size,
                           reinterpret_cast<const Bytef*>(packed.data()), size) == Z_OK);
  BOOST_TEST(unpacked == text);
}

BOOST_AUTO_TEST_CASE(a_gzip_stream_of_another_user_is_written_whole) {
  // As a WARC writer would: gzip framing, one member, reset between two.
  const std::string text = repetitive_text();
  z_stream stream{};
  BOOST_REQUIRE(deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  for (int member = 0; member < 2; ++member) {
    std::string out(deflateBound(&stream, text.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = text.size();
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = out.size();
    BOOST_TEST(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    BOOST_TEST(stream.total_out < text.size() / 10);
    BOOST_TEST(deflateReset(&stream) == Z_OK);
  }
  deflateEnd(&stream);
}

BOOST_AUTO_TEST_SUITE_END()
