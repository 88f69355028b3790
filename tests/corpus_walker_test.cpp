// corpus_walker: listing the files under the paths given to `index`. The
// walk reads several folders at once; what it lists must not depend on how
// many. (A folder that cannot be read: hostile_input, which runs `index` as
// a user that cannot read it.)
#include <boost/test/unit_test.hpp>

#include "corpus_walker.h"
#include "e2e_support.h"

using namespace wadi;
using namespace wadi::test;

namespace {

std::vector<std::string> describe(const CorpusListing& listing) {
  std::vector<std::string> out;
  for (const CorpusFile& f : listing.files) out.push_back(f.path + " " + std::to_string(f.size) + " " + f.folder_source);
  for (const SkippedFile& s : listing.skipped) out.push_back(s.path + " skipped: " + s.reason);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus_walker)

BOOST_AUTO_TEST_CASE(any_number_of_threads_lists_the_same_files_in_path_order) {
  TempDir dir;
  std::size_t expected = 0;
  for (int outlet = 0; outlet < 12; ++outlet)
    for (int day = 0; day < 3; ++day)
      for (int story = 0; story <= outlet; ++story, ++expected)
        write_file(dir / "corpus" / ("outlet" + std::to_string(outlet)) / ("day" + std::to_string(day)) /
                       ("story" + std::to_string(story) + ".txt"),
                   std::string(static_cast<std::size_t>(story + 1), 'x'));
  write_file(dir / "corpus" / "notes.pdf", "%PDF");
  write_file(dir / "corpus" / ".hidden" / "secret.txt", "not an article");
  std::filesystem::create_directory_symlink(dir / "corpus" / "outlet1", dir / "corpus" / "link-to-outlet1");
  CorpusListing one = list_corpus({dir / "corpus"}, 1);
  BOOST_TEST(one.files.size() == expected);
  BOOST_TEST(std::is_sorted(one.files.begin(), one.files.end(),
                            [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; }));
  BOOST_TEST(one.files.front().folder_source == "outlet0");
  BOOST_TEST(one.skipped.size() == 2u);  // the PDF and the link to a folder
  for (unsigned threads : {2u, 3u, 8u}) {
    CorpusListing many = list_corpus({dir / "corpus", dir / "corpus" / "outlet3"}, threads);
    CorpusListing reference = list_corpus({dir / "corpus", dir / "corpus" / "outlet3"}, 1);
    BOOST_TEST(describe(many) == describe(reference), boost::test_tools::per_element());
    BOOST_TEST(many.scopes == reference.scopes, boost::test_tools::per_element());
  }
}

// `index corpus corpus/outlet3`: the inner folder's articles are listed once,
// with the source the outer root gives them, as `index corpus` alone would.
BOOST_AUTO_TEST_CASE(a_root_inside_another_is_listed_once_with_the_outer_root_s_sources) {
  TempDir dir;
  for (const char* day : {"day0", "day1"})
    for (const char* story : {"a.txt", "b.txt", "c.txt"}) write_file(dir / "corpus" / "outlet3" / day / story, "text");
  write_file(dir / "corpus" / "outlet4" / "d.txt", "text");
  for (unsigned threads : {1u, 4u}) {
    CorpusListing listing = list_corpus({dir / "corpus" / "outlet3", dir / "corpus", dir / "corpus" / "outlet3" / "day1" / "a.txt"}, threads);
    BOOST_TEST(listing.files.size() == 7u);
    for (const CorpusFile& f : listing.files)
      BOOST_TEST(f.folder_source == (f.path.find("outlet3") != std::string::npos ? "outlet3" : "outlet4"), f.path);
    BOOST_TEST(listing.scopes.size() == 3u);
  }
}

// An archive filed by date ("2017/03/story.txt", "reuters/2017-03-14/a.txt")
// gets its source from the folder that names the outlet, not from the date.
BOOST_AUTO_TEST_CASE(folders_named_for_dates_are_not_sources) {
  BOOST_TEST(folder_source("/a/corpus", "/a/corpus/2017/03/story.txt") == "corpus");
  BOOST_TEST(folder_source("/a/corpus/", "/a/corpus/2017/reuters/story.txt") == "reuters");
  BOOST_TEST(folder_source("/a/corpus", "/a/corpus/2017-03-14/bbc--talks.txt") == "bbc");
  BOOST_TEST(folder_source("/a/corpus", "/a/corpus/20170314/afp/x.txt") == "afp");
  BOOST_TEST(folder_source("/a/corpus", "/a/corpus/reuters/2017/x.txt") == "reuters");
  BOOST_TEST(folder_source("/a/corpus", "/a/corpus/1984-press/x.txt") == "1984-press");
  BOOST_TEST(folder_source("/a/corpus", "/a/corpus/x.txt") == "corpus");
}

BOOST_AUTO_TEST_SUITE_END()
