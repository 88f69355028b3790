// file_identity: an article is its content at a path. Files that move take
// their articles along, a copy takes over when its original goes, `--prune`
// and a PATH that is gone drop the articles of files gone, a file's source
// stays with the root it was first indexed under, only what lies under the
// PATHs given is read, a folder that is not ours is never written, and any
// byte string the file system allows as a name round-trips.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analysis/schema.h"
#include "analysis/stored_article.h"
#include "e2e_support.h"
#include "reliability_support.h"

using namespace wadi::test;
namespace fs = std::filesystem;

namespace {

struct Archive {
  TempDir dir;
  std::string db = (dir / "db").string();

  Run index(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return wadi::test::index(args);
  }
  Run ok(std::vector<std::string> args) {
    Run r = index(std::move(args));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return r;
  }
  std::string at(const std::string& name) const { return (dir / name).string(); }

  // The file of each article, as stored: raw bytes.
  std::multiset<std::string> files() const {
    std::multiset<std::string> out;
    Xapian::Database xdb(db);
    for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
      Xapian::Document doc = xdb.get_document(*it);
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if ((*t).rfind(wadi::schema::kFilePrefix, 0) == 0) out.insert((*t).substr(2));
    }
    return out;
  }
  // The fields `search --json` prints of each article matching `query`.
  std::vector<nlohmann::json> hits(const std::string& query) {
    return result_hits(search({"--db", db, "--json", "--limit", "100", "--", query}).out);
  }
};

std::string story(const std::string& word) { return "A story of " + word + "\n\nThe talks on " + word + " went on.\n"; }

std::multiset<std::string> set_of(std::initializer_list<std::string> paths) { return {paths.begin(), paths.end()}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(file_identity)

BOOST_AUTO_TEST_CASE(a_moved_folder_takes_its_articles_along) {
  Archive a;
  for (const char* word : {"astana", "geneva", "sochi"}) write_file(a.dir / "news" / (std::string(word) + ".txt"), story(word));
  a.ok({a.at("news")});
  fs::rename(a.dir / "news", a.dir / "archive");
  Run moved = a.ok({a.at("archive")});
  BOOST_TEST(summary_count(moved.out, "added") == 0u, moved.out);
  BOOST_TEST(summary_count(moved.out, "moved") == 3u, moved.out);
  BOOST_TEST(a.files() == set_of({a.at("archive/astana.txt"), a.at("archive/geneva.txt"), a.at("archive/sochi.txt")}),
             boost::test_tools::per_element());
  Run old_path = a.ok({a.at("news")});  // a folder indexed before: nothing left to drop, not an error
  BOOST_TEST(lines(old_path.err) == std::vector<std::string>{"index: " + a.at("news") + ": no such file or folder: dropping its 0 articles"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_path_given_that_is_gone_drops_its_articles_in_one_line) {
  Archive a;
  for (const char* word : {"astana", "geneva"}) write_file(a.dir / "news" / (std::string(word) + ".txt"), story(word));
  write_file(a.dir / "other" / "sochi.txt", story("sochi"));
  a.ok({a.at("news"), a.at("other")});
  fs::remove_all(a.dir / "news");
  Run gone = a.ok({a.at("news")});
  BOOST_TEST(lines(gone.err) == std::vector<std::string>{"index: " + a.at("news") + ": no such file or folder: dropping its 2 articles"},
             boost::test_tools::per_element());
  BOOST_TEST(a.files() == set_of({a.at("other/sochi.txt")}), boost::test_tools::per_element());
  BOOST_TEST(a.index({a.at("never-there")}).status == 3);  // a mistyped PATH is still an error
}

BOOST_AUTO_TEST_CASE(prune_drops_every_article_whose_file_is_gone_anywhere) {
  Archive a;
  for (const char* folder : {"a", "b"})
    for (const char* word : {"astana", "geneva"})
      write_file(a.dir / folder / (std::string(word) + ".txt"), story(std::string(folder) + word));
  a.ok({a.at("a")});
  a.ok({a.at("b")});
  fs::remove(a.dir / "a" / "astana.txt");
  fs::remove(a.dir / "b" / "geneva.txt");
  Run pruned = a.ok({"--prune"});
  BOOST_TEST(summary_count(pruned.out, "removed") == 2u, pruned.out);
  BOOST_TEST(a.files() == set_of({a.at("a/geneva.txt"), a.at("b/astana.txt")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_copy_elsewhere_takes_over_when_its_original_is_deleted) {
  Archive a;
  write_file(a.dir / "a" / "original.txt", story("astana"));
  write_file(a.dir / "b" / "copy.txt", story("astana"));
  a.ok({a.at("a"), a.at("b")});
  BOOST_TEST(a.files() == set_of({a.at("a/original.txt")}), boost::test_tools::per_element());
  fs::remove(a.dir / "a" / "original.txt");
  a.ok({a.at("a")});  // covers the original's folder only
  BOOST_TEST(a.files() == set_of({a.at("b/copy.txt")}), boost::test_tools::per_element());
  BOOST_TEST(a.hits("astana").size() == 1u);
}

BOOST_AUTO_TEST_CASE(edited_original_lets_its_copy_take_over) {
  Archive a;
  write_file(a.dir / "c" / "a-original.txt", story("astana"));  // listed first: the original
  write_file(a.dir / "c" / "b-copy.txt", story("astana"));
  a.ok({a.at("c")});
  BOOST_TEST(a.files() == set_of({a.at("c/a-original.txt")}), boost::test_tools::per_element());
  write_file(a.dir / "c" / "a-original.txt", story("geneva"));
  a.ok({a.at("c")});
  BOOST_TEST(a.files() == set_of({a.at("c/a-original.txt"), a.at("c/b-copy.txt")}), boost::test_tools::per_element());
  Run again = a.ok({a.at("c")});
  BOOST_TEST(summary_count(again.out, "unchanged") == 2u, again.out);
  BOOST_TEST(summary_count(again.out, "duplicates") == 0u, again.out);
}

BOOST_AUTO_TEST_CASE(a_new_file_with_an_edited_file_s_old_bytes_is_indexed) {
  Archive a;
  write_file(a.dir / "c" / "z.txt", story("astana"));
  a.ok({a.at("c")});
  write_file(a.dir / "c" / "z.txt", story("geneva"));
  write_file(a.dir / "c" / "a.txt", story("astana"));  // listed first
  a.ok({a.at("c")});
  BOOST_TEST(a.files() == set_of({a.at("c/a.txt"), a.at("c/z.txt")}), boost::test_tools::per_element());
  BOOST_TEST(a.hits("astana").size() == 1u);
  BOOST_TEST(a.hits("geneva").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_file_keeps_the_source_of_the_root_it_was_first_indexed_under) {
  Archive a;
  write_file(a.dir / "nest" / "reuters" / "2005" / "a.txt", story("astana"));
  a.ok({a.at("nest")});
  write_file(a.dir / "nest" / "reuters" / "2005" / "a.txt", story("astana and geneva"));
  write_file(a.dir / "nest" / "reuters" / "2005" / "b.txt", story("geneva only"));
  a.ok({a.at("nest/reuters/2005")});
  std::vector<nlohmann::json> hits = a.hits("geneva");
  BOOST_TEST(hits.size() == 2u);
  for (const nlohmann::json& hit : hits) BOOST_TEST(hit.value("source", "") == "reuters", hit.dump());
}

BOOST_AUTO_TEST_CASE(a_file_given_alone_can_go_and_come_back) {
  Archive a;
  const std::string file = a.at("c/outlet/one.txt");
  write_file(file, story("astana"));
  a.ok({file});
  fs::remove(file);
  a.ok({file});
  write_file(file, story("geneva"));
  a.ok({file});
  std::vector<nlohmann::json> hits = a.hits("geneva");
  BOOST_REQUIRE(hits.size() == 1u);
  BOOST_TEST(hits[0].value("source", "") == "outlet");
}

BOOST_AUTO_TEST_CASE(the_database_inside_the_corpus_is_never_indexed) {
  Archive a;
  write_file(a.dir / "corpus" / "one.txt", story("astana"));
  const std::string db = a.at("corpus/db");
  for (int run = 0; run < 2; ++run) {
    Run r = wadi::test::index({"--db", db, a.at("corpus")});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.err.empty(), r.err);
  }
}

BOOST_AUTO_TEST_CASE(a_file_that_becomes_a_fifo_or_a_dangling_link_loses_its_article) {
  Archive a;
  write_file(a.dir / "c" / "fifo.txt", story("astana"));
  write_file(a.dir / "c" / "link.txt", story("geneva"));
  write_file(a.dir / "c" / "kept.txt", story("sochi"));
  a.ok({a.at("c")});
  fs::remove(a.dir / "c" / "fifo.txt");
  BOOST_REQUIRE(mkfifo(a.at("c/fifo.txt").c_str(), 0644) == 0);
  fs::remove(a.dir / "c" / "link.txt");
  fs::create_symlink(a.dir / "nowhere.txt", a.dir / "c" / "link.txt");
  a.ok({a.at("c")});
  BOOST_TEST(a.files() == set_of({a.at("c/kept.txt")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(links_to_files_outside_the_paths_given_are_read_only_when_asked) {
  Archive a;
  write_file(a.dir / "secret" / "shadow.txt", story("password"));
  write_file(a.dir / "c" / "inside.txt", story("astana"));
  fs::create_symlink(a.dir / "secret" / "shadow.txt", a.dir / "c" / "x.md");
  fs::create_symlink(a.dir / "c" / "inside.txt", a.dir / "c" / "y.md");  // inside: read (a duplicate)
  Run r = a.ok({a.at("c")});
  BOOST_TEST(lines(r.err).size() == 1u, r.err);
  BOOST_TEST(r.err.find(a.at("c/x.md") + ": skipped: link to a file outside the paths given") != std::string::npos, r.err);
  BOOST_TEST(a.hits("password").empty());
  BOOST_TEST(summary_count(r.out, "duplicates") == 1u, r.out);
  a.ok({"--follow-links", a.at("c")});
  BOOST_TEST(a.hits("password").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_non_empty_folder_that_is_not_a_database_is_refused) {
  Archive a;
  write_file(a.dir / "c" / "one.txt", story("astana"));
  write_file(a.dir / "db" / "flintlock", "mine");
  write_file(a.dir / "db" / "postlist.glass", "mine too");
  Run r = a.index({a.at("c")});
  BOOST_TEST(r.status == 3);
  BOOST_TEST(lines(r.err).size() == 1u, r.err);
  BOOST_TEST(r.err.find("not a wadi database") != std::string::npos, r.err);
  std::ifstream kept(a.dir / "db" / "flintlock");
  std::string content;
  std::getline(kept, content);
  BOOST_TEST(content == "mine");
}

BOOST_AUTO_TEST_CASE(folders_in_a_database_that_wadi_did_not_make_are_kept) {
  Archive a;
  write_file(a.dir / "c" / "one.txt", story("astana"));
  a.ok({a.at("c")});
  write_file(a.dir / "db" / "shard0.backup" / "notes", "keep me");
  write_file(a.dir / "db" / "shard7" / "notes", "a leftover of ours: goes");
  a.ok({a.at("c")});
  BOOST_TEST(fs::exists(a.dir / "db" / "shard0.backup" / "notes"));
  BOOST_TEST(!fs::exists(a.dir / "db" / "shard7"));
}

BOOST_AUTO_TEST_CASE(names_that_are_not_utf8_stay_distinct_and_round_trip) {
  Archive a;
  const std::string e9 = a.at("c/caf\xe9.txt"), e8 = a.at("c/caf\xe8.txt");
  write_file(e9, story("astana"));
  write_file(e8, story("geneva"));
  Run first = a.ok({a.at("c")});
  BOOST_TEST(summary_count(first.out, "added") == 2u, first.out);
  BOOST_TEST(a.files() == set_of({e8, e9}), boost::test_tools::per_element());
  std::vector<nlohmann::json> hits = a.hits("astana");
  BOOST_REQUIRE(hits.size() == 1u);
  BOOST_TEST(hits[0].value("path_bytes", "") == a.at("c/caf\\xe9.txt"));
  write_file(e9, story("sochi"));
  Run edited = a.ok({a.at("c")});
  BOOST_TEST(summary_count(edited.out, "updated") == 1u, edited.out);
  fs::remove(e8);
  Run removed = a.ok({a.at("c")});
  BOOST_TEST(summary_count(removed.out, "removed") == 1u, removed.out);
  BOOST_TEST(a.files() == set_of({e9}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_json_lines_id_never_shares_a_key_with_a_file_named_like_it) {
  Archive a;
  // "feed.jsonl" line id "1.txt" and a file named "feed.jsonl#1.txt" would
  // both be keyed ".../feed.jsonl#1.txt"; "%23" in a name must not meet '#'.
  write_file(a.at("c/feed.jsonl"), R"({"id": "1.txt", "title": "Feed story", "body": "Astana talks from the feed."})" "\n");
  write_file(a.at("c/feed.jsonl#1.txt"), story("astana"));
  write_file(a.at("c/feed.jsonl%231.txt"), story("astana") + "More on astana.\n");
  Run first = a.ok({a.at("c")});
  BOOST_TEST(summary_count(first.out, "added") == 3u, first.out);
  BOOST_TEST(a.hits("astana").size() == 3u);
  std::set<std::string> keys;
  for (const nlohmann::json& hit : a.hits("astana")) keys.insert(hit.value("key", ""));
  BOOST_TEST(keys.size() == 3u);
  fs::remove(a.at("c/feed.jsonl#1.txt"));
  Run removed = a.ok({a.at("c")});
  BOOST_TEST(summary_count(removed.out, "removed") == 1u, removed.out);
  BOOST_TEST(a.hits("astana").size() == 2u);
  BOOST_TEST(a.files() == set_of({a.at("c/feed.jsonl"), a.at("c/feed.jsonl%231.txt")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tabs_and_newlines_in_names_keep_records_and_messages_whole) {
  Archive a;
  const std::string tab = a.at("c/a\tb.txt"), newline = a.at("c/line\nbreak.pdf");
  write_file(tab, story("astana"));
  write_file(newline, "not an article");
  Run first = a.ok({a.at("c")});
  BOOST_TEST(lines(first.err).size() == 1u, first.err);  // the skipped PDF, on one line
  BOOST_TEST(first.err.find("line\\x0abreak.pdf") != std::string::npos, first.err);
  Run again = a.ok({a.at("c")});
  BOOST_TEST(summary_count(again.out, "unchanged") == 1u, again.out);
  fs::remove(tab);
  Run removed = a.ok({a.at("c")});
  BOOST_TEST(summary_count(removed.out, "removed") == 1u, removed.out);
  BOOST_TEST(a.files().empty());
}

BOOST_AUTO_TEST_CASE(long_paths_under_a_long_root_are_found_again) {
  Archive a;
  fs::path root = a.dir.path();
  while (root.string().size() < 190) root /= "folder";
  const fs::path file = root / (std::string(60, 'n') + ".txt");
  write_file(file, story("astana"));
  a.ok({root.string()});
  Run again = a.ok({root.string()});
  BOOST_TEST(summary_count(again.out, "unchanged") == 1u, again.out);
  fs::remove(file);
  Run removed = a.ok({root.string()});
  BOOST_TEST(summary_count(removed.out, "removed") == 1u, removed.out);
}

BOOST_AUTO_TEST_SUITE_END()
