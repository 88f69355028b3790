// stub_file: a Xapian stub may list only local databases and TCP remotes.
// Both programs read stubs themselves (analysis/stub_file.h) and refuse, in
// one line naming the stub file and its line, with exit 3: a program to run
// (`remote :PROG ARGS`), an unknown line, a stub that lists itself or a
// cycle of stubs, a remote without a usable port; through --db and $WADI_DB.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "analysis/stub_file.h"
#include "e2e_support.h"

using namespace wadi::test;

namespace {

// Both ways of naming the database: --db and $WADI_DB.
std::vector<Run> search_both_ways(const std::string& db) {
  std::vector<Run> runs;
  runs.push_back(search({"--db", db, "oil"}));
  ScopedEnv env("WADI_DB", db);
  runs.push_back(search({"oil"}));
  return runs;
}

// `search` refuses `db` with exactly `message` (after "search: "), exit 3.
void expect_refused(const std::string& db, const std::string& message) {
  for (const Run& r : search_both_ways(db)) {
    BOOST_TEST(r.status == 3, db << ": " << r.err);
    BOOST_TEST(r.err == "search: " + message + "\n");
    BOOST_TEST(r.out.empty(), r.out);
  }
}

// A one-article wadi database at dir/db.
std::string small_database(const TempDir& dir) {
  write_file(dir / "corpus" / "a.txt", "Oil prices rose\n\nOil prices rose on Monday in thin trading.\n");
  const std::string db = (dir / "db").string();
  BOOST_REQUIRE_EQUAL(index({"--db", db, (dir / "corpus").string()}).status, 0);
  return db;
}

const std::string kForms = "a stub may list auto PATH, glass PATH, remote HOST:PORT or remote tcp HOST PORT";

}  // namespace

BOOST_AUTO_TEST_SUITE(stub_file)

BOOST_AUTO_TEST_CASE(a_stub_naming_a_program_is_refused_and_the_program_never_runs) {
  TempDir dir;
  const std::filesystem::path marker = dir / "ran";
  write_file(dir / "evil" / "XAPIANDB", "remote :/bin/sh -c touch\\ " + marker.string() + "\n");
  const std::string folder = (dir / "evil").string();
  const std::string refusal = ":1: a stub may not run a program (remote :PROG); serve the database with xapian-tcpsrv and list remote HOST:PORT";
  expect_refused(folder, folder + "/XAPIANDB" + refusal);
  // The same stub given as a file.
  expect_refused(folder + "/XAPIANDB", folder + "/XAPIANDB" + refusal);
  BOOST_TEST(!std::filesystem::exists(marker));
}

BOOST_AUTO_TEST_CASE(a_program_listed_by_a_nested_stub_is_refused_naming_that_stub) {
  TempDir dir;
  const std::filesystem::path marker = dir / "ran";
  write_file(dir / "inner.stub", "# shards\n\nremote :/bin/touch " + marker.string() + "\n");
  write_file(dir / "outer.stub", "auto inner.stub\n");
  expect_refused((dir / "outer.stub").string(), (dir / "inner.stub").string() +
                 ":3: a stub may not run a program (remote :PROG); serve the database with xapian-tcpsrv and list remote HOST:PORT");
  BOOST_TEST(!std::filesystem::exists(marker));
}

BOOST_AUTO_TEST_CASE(an_unknown_database_type_is_refused_without_quoting_the_line) {
  TempDir dir;
  const std::string stub = (dir / "s.stub").string();
  write_file(stub, "# a comment\n\nsecret-token-123 /etc\n");
  expect_refused(stub, stub + ":3: not a database line: " + kForms);
  write_file(stub, "inmemory\n");
  expect_refused(stub, stub + ":1: not a database line: " + kForms);
  write_file(stub, "auto\n");
  expect_refused(stub, stub + ":1: auto needs a path");
}

BOOST_AUTO_TEST_CASE(a_stub_that_lists_itself_is_refused_in_one_line) {
  TempDir dir;
  write_file(dir / "self" / "XAPIANDB", "auto .\n");
  const std::string folder = (dir / "self").string();
  expect_refused(folder, folder + "/XAPIANDB:1: the stub lists itself");
  const std::string file = (dir / "self.stub").string();
  write_file(file, "auto " + file + "\n");
  expect_refused(file, file + ":1: the stub lists itself");
}

BOOST_AUTO_TEST_CASE(a_cycle_of_stubs_is_refused_in_one_line) {
  TempDir dir;
  const std::string a = (dir / "a.stub").string(), b = (dir / "b.stub").string();
  write_file(a, "auto b.stub\n");
  write_file(b, "# back\nauto " + a + "\n");
  expect_refused(a, b + ":2: lists " + a + ", which lists this stub again (a cycle of stubs)");
}

BOOST_AUTO_TEST_CASE(a_relative_auto_path_is_read_from_the_stubs_folder) {
  TempDir dir;
  small_database(dir);
  write_file(dir / "stubs" / "good.stub", "auto ../db\n");
  Run found = search({"--db", (dir / "stubs" / "good.stub").string(), "oil"});
  BOOST_TEST(found.status == 0, found.err);
  BOOST_TEST(found.out.find("1 article matches") != std::string::npos, found.out);
  // One that leads nowhere from there names the stub and its line.
  const std::string stub = (dir / "stubs" / "bad.stub").string();
  write_file(stub, "auto ../db\nauto db\n");
  for (const Run& r : search_both_ways(stub)) {
    BOOST_TEST(r.status == 3);
    BOOST_TEST(lines(r.err).size() == 1u, r.err);
    BOOST_TEST(r.err.find(stub + ":2: no database at " + (dir / "stubs" / "db").string()) != std::string::npos, r.err);
  }
}

BOOST_AUTO_TEST_CASE(a_remote_without_a_usable_port_is_refused) {
  TempDir dir;
  const std::string stub = (dir / "s.stub").string();
  for (const char* line : {"remote h:0", "remote h:65536", "remote h:12ab", "remote h:", "remote h:-1", "remote tcp h 99999"}) {
    write_file(stub, std::string(line) + "\n");
    expect_refused(stub, stub + ":1: bad port: give a port from 1 to 65535");
  }
  write_file(stub, "remote h\n");
  expect_refused(stub, stub + ":1: remote needs a port: remote HOST:PORT");
  write_file(stub, "remote :7000\n");
  Run r = search({"--db", stub, "oil"});
  BOOST_TEST(r.err.find("may not run a program") != std::string::npos, r.err);
  write_file(stub, "remote tcp h\n");
  expect_refused(stub, stub + ":1: remote tcp needs a host and a port: remote tcp HOST PORT");
}

BOOST_AUTO_TEST_CASE(remote_tcp_host_port_is_a_tcp_remote) {
  TempDir dir;
  const std::string stub = (dir / "s.stub").string();
  const std::string port = std::to_string(free_port());  // nothing listens there
  write_file(stub, "remote tcp 127.0.0.1 " + port + "\n");
  Run r = search({"--db", stub, "oil"});
  BOOST_TEST(r.status == 3);
  BOOST_TEST(lines(r.err).size() == 1u, r.err);
  BOOST_TEST(r.err.find("NetworkError: Couldn't connect") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("127.0.0.1:" + port) != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(read_stub_reads_every_accepted_form) {
  TempDir dir;
  const std::filesystem::path stub = dir / "s.stub";
  write_file(stub, "# shards\r\nauto shard0\r\nglass /srv/db\n  \nremote host.example:33333\nremote [::1]:7\nremote tcp 10.0.0.1 8080\n");
  const std::vector<wadi::StubEntry> entries = wadi::read_stub(stub);
  BOOST_REQUIRE_EQUAL(entries.size(), 5u);
  BOOST_TEST(entries[0].path == dir / "shard0");
  BOOST_TEST(entries[0].listed == "shard0");
  BOOST_TEST(entries[0].line == 2u);
  BOOST_TEST(entries[1].glass);
  BOOST_TEST(entries[1].path == "/srv/db");
  BOOST_TEST((entries[2].kind == wadi::StubEntry::Kind::kRemote));
  BOOST_TEST(entries[2].host == "host.example");
  BOOST_TEST(entries[2].port == 33333u);
  BOOST_TEST(entries[3].host == "::1");
  BOOST_TEST(entries[3].port == 7u);
  BOOST_TEST(entries[4].host == "10.0.0.1");
  BOOST_TEST(entries[4].port == 8080u);
  BOOST_TEST(entries[4].line == 7u);
}

// Spaces are ASCII whitespace wherever wadi reads a format (analysis/ascii_text.h):
// a form feed or vertical tab left by an editor is no part of a path.
BOOST_AUTO_TEST_CASE(any_ascii_space_around_or_between_a_stub_lines_words_is_a_space) {
  TempDir dir;
  const std::filesystem::path stub = dir / "s.stub";
  write_file(stub, "\fglass\v/srv/db\f\n\vremote\fhost.example:33333\v\n");
  const std::vector<wadi::StubEntry> entries = wadi::read_stub(stub);
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  BOOST_TEST(entries[0].glass);
  BOOST_TEST(entries[0].path == "/srv/db");
  BOOST_TEST(entries[1].host == "host.example");
  BOOST_TEST(entries[1].port == 33333u);
}

BOOST_AUTO_TEST_CASE(index_refuses_a_database_whose_stub_runs_a_program_or_lists_itself) {
  TempDir dir;
  const std::string db = small_database(dir);
  const std::filesystem::path marker = dir / "ran";
  for (const std::string& stub : {"remote :/bin/touch " + marker.string() + "\n", std::string("auto .\n"), std::string("auto ../db\n"),
                                 std::string("remote 127.0.0.1:1\n")}) {
    write_file(std::filesystem::path(db) / "XAPIANDB", stub);
    for (bool through_env : {false, true}) {
      Run r = through_env ? (ScopedEnv("WADI_DB", db), index({(dir / "corpus").string()}))
                          : index({"--db", db, (dir / "corpus").string()});
      BOOST_TEST(r.status == 3, stub << r.err);
      BOOST_TEST(lines(r.err).size() == 1u, r.err);
      BOOST_TEST(r.err.rfind("index: " + db + "/XAPIANDB:1: ", 0) == 0u, r.err);
    }
  }
  BOOST_TEST(!std::filesystem::exists(marker));
}

BOOST_AUTO_TEST_SUITE_END()
