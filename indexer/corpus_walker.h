// Listing the files under the paths given to `index`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace wadi {

struct CorpusFile {
  std::string path;           // absolute, lexically normal
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string folder_source;  // the folder under the corpus root, or the outlet in "outlet--slug.txt"
  std::string root;           // the corpus root folder the source was taken below
};

struct SkippedFile {
  std::string path;
  std::string reason;
};

struct CorpusListing {
  std::vector<std::string> scopes;  // absolute roots: what removal may consider
  std::vector<CorpusFile> files;    // article files, sorted by path
  std::vector<SkippedFile> skipped; // unreadable folders, unsupported types, links not followed; sorted by path
};

struct WalkOptions {
  // Folders never walked into, silently (the database being written, when
  // it lies inside a root): matched by device and inode, whatever the name.
  std::vector<std::filesystem::path> excluded;
  // Read links to files wherever they point; by default a link whose target
  // lies outside every root is skipped, so that `ln -s /etc/shadow x.md`
  // does not put a file the user never named into the index.
  bool follow_links = false;
};

// Walks every root recursively, reading up to `threads` folders at once.
// Hidden files and folders (".name") are not articles and are passed over;
// symbolic links to folders are not followed (so a link loop cannot trap
// the walk) and are reported as skipped. Throws
// std::filesystem::filesystem_error when a root does not exist.
CorpusListing list_corpus(const std::vector<std::filesystem::path>& roots, unsigned threads = 1,
                          const WalkOptions& options = {});

// The source a file's folder gives it below `root` (a folder holding it):
// the first folder under the root not named for a date ("2017", "2017-03",
// "03"), or for a file directly in the root (or in date folders only) the
// outlet its name gives ("outlet--slug.txt"), else the root folder's name.
std::string folder_source(std::string_view root, std::string_view file);

// For `index --shard K/N`: keeps the files of shard `k` (1..n) of `n`, chosen
// by a hash of each file's path below the root it was found under, so that
// machines holding the same corpus in other folders split it alike. Skipped
// files of other shards go too; folders that could not be read stay, since
// they keep their articles from being removed.
void keep_shard(CorpusListing& listing, unsigned k, unsigned n);

}  // namespace wadi
