// terminal_output: article text and file names reach a terminal with their
// control characters neutralised, in both programs. Each corpus holds the
// attacks of issue 20.5: CSI, OSC 0 (window title), OSC 8 (link), OSC 52
// (clipboard), \r, backspace, U+202E, C1 controls, `&#27;` in HTML, and a
// file name with an escape sequence, a line break and invalid UTF-8 in it.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

namespace fs = std::filesystem;
using namespace wadi::test;

namespace {

// The first byte sequence of `text` a terminal would act on rather than
// show, as an offset, or npos: C0 controls other than the line ends the
// program itself writes, DEL, C1 controls, bidi overrides and isolates.
std::size_t first_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned char next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    unsigned char third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
    if ((c < 0x20 && c != '\n') || c == 0x7F) return i;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return i;
    if (c == 0xE2 && next == 0x80 && third >= 0xAA && third <= 0xAE) return i;
    if (c == 0xE2 && next == 0x81 && third >= 0xA6 && third <= 0xA9) return i;
  }
  return std::string::npos;
}

std::string around(const std::string& text, std::size_t at) {
  if (at >= text.size()) return {};
  return nlohmann::json(text.substr(at < 40 ? 0 : at - 40, 80)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class HostileTextCorpus {
 public:
  HostileTextCorpus() {
    write_file(corpus() / "web/osc.html",
               "<html><head><title>Zebra&#27;]0;owned&#7; escapes &#27;[2J</title></head><body>"
               "<p>A zebra &#27;]8;;http://evil.example/&#27;\\link&#27;]8;;&#27;\\ and &#155;31m red "
               "and the clipboard &#27;]52;c;cm0gLXJmIH4=&#7; and back&#8;space and \xE2\x80\xAE"
               "reversed text and a carriage&#13;return.</p></body></html>");
    write_file(corpus() / "feed/items.jsonl",
               R"({"title": "Zebra \u001b[31mred\u001b[0m title\u202e", "body": "The zebra line\r\nwith a tab\tand \u009b2J a C1 CSI.", )"
               R"("source": "Evil\u001b]0;x\u0007 Times", "author": "\u001b[8mHidden", "date": "2020-02-02"})"
               "\n");
    write_file(corpus() / evil_name(), "Zebra in a file of a hostile name\n\nThe zebra crossed.\n");
  }
  fs::path corpus() const { return dir_ / "corpus"; }
  fs::path db() const { return dir_ / "db"; }
  static std::string evil_name() { return "names/evil\x1b]0;owned\x07\n\xFF.txt"; }
  Run index() const { return wadi::test::index({"--db", db().string(), corpus().string()}); }
  Run search(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--db", db().string()});
    return wadi::test::search(args);
  }

 private:
  TempDir dir_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(terminal_output)

BOOST_AUTO_TEST_CASE(search_text_output_neutralises_every_control_character_from_articles) {
  HostileTextCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  Run r = c.search({"--facets", "--limit", "10", "zebra"});
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out.find("3 articles match") != std::string::npos, r.out);
  std::size_t at = first_control(r.out);
  BOOST_TEST(at == std::string::npos, "a control character at " << at << ": " << around(r.out, at));
  // The file name is shown, its controls made visible, as bash's $'...' writes them.
  BOOST_TEST(r.out.find("evil\\x1b]0;owned\\x07\\x0a") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(readers_store_no_control_characters_in_titles_sources_or_authors) {
  HostileTextCorpus c;
  BOOST_TEST_REQUIRE(c.index().status == 0);
  Run r = c.search({"--json", "zebra"});
  BOOST_TEST_REQUIRE(lines(r.out).size() == 3u, r.out + r.err);
  for (const std::string& line : lines(r.out)) {
    nlohmann::json hit = nlohmann::json::parse(line);
    for (const char* field : {"title", "source", "author", "date", "snippet"}) {
      std::string value = hit.value(field, "");
      std::size_t at = first_control(value);
      BOOST_TEST(at == std::string::npos, field << " holds a control character: " << around(value, at));
    }
  }
  // The path is the file's real name, for scripts: --json escapes it as JSON.
  BOOST_TEST(r.out.find("evil\\u001b]0;owned\\u0007\\n") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(index_messages_show_file_names_and_values_with_controls_visible) {
  HostileTextCorpus c;
  write_file(c.corpus() / "names/empty\x1b[2J\r\xFF.txt", "");
  write_file(c.corpus() / "feed/dates.jsonl", R"({"title": "Zebra dated", "body": "A zebra.", "date": "\u001b]52;c;cm0=\u0007"})" "\n");
  Run r = c.index();
  BOOST_TEST(r.status == 0, r.err);
  std::size_t at = first_control(r.err);
  BOOST_TEST(at == std::string::npos, "a control character at " << at << ": " << around(r.err, at));
  BOOST_TEST(lines(r.err).size() == 2u, r.err);
  BOOST_TEST(r.err.find("empty\\x1b[2J\\x0d\\xff.txt: skipped: empty file") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("unreadable date '\\x1b]52;c;cm0=\\x07'") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
