#include "corpus_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>

#include <xxhash.h>

#include "readers/article_reader.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

bool is_hidden(std::string_view name) { return name.size() > 1 && name[0] == '.' && name != ".."; }

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// "hurriyet--lavrov-says.txt" names its outlet before the double dash.
std::string outlet_in_file_name(std::string_view name) {
  std::string_view stem = name.substr(0, name.rfind('.'));
  auto dash = stem.find("--");
  return dash == std::string_view::npos || dash == 0 ? std::string() : std::string(stem.substr(0, dash));
}

// The first folder under `root` holding `file`; for a file directly in the
// root, the outlet its name gives, else the root folder's name.
std::string folder_source(std::string_view root, std::string_view file) {
  std::string_view relative = file.substr(root.size() + (root.ends_with('/') ? 0 : 1));
  if (auto slash = relative.find('/'); slash != std::string_view::npos) return std::string(relative.substr(0, slash));
  if (std::string outlet = outlet_in_file_name(relative); !outlet.empty()) return outlet;
  std::string_view parent = file.substr(0, file.size() - relative.size() - 1);
  return std::string(parent.substr(parent.rfind('/') + 1));
}

void add_file(const std::string& root, std::string file, const struct stat& st, CorpusListing& out) {
  if (format_of(file) == ArticleFormat::kUnsupported) {
    out.skipped.push_back({std::move(file), "unsupported file type"});
    return;
  }
  CorpusFile f;
  f.size = static_cast<std::uint64_t>(st.st_size);
  f.mtime_ns = mtime_ns(st);
  f.folder_source = folder_source(root, file);
  f.path = std::move(file);
  out.files.push_back(std::move(f));
}

// One folder at a time rather than with recursive_directory_iterator, which
// ends the whole walk at the first folder it cannot open: the files after it
// would look deleted, and their articles would be removed. Each entry costs
// one fstatat relative to its folder: on a no-op run the walk is most of
// the work.
void walk_folder(const std::string& root, CorpusListing& out) {
  std::vector<std::string> folders{root};
  while (!folders.empty()) {
    std::string folder = std::move(folders.back());
    folders.pop_back();
    DIR* dir = opendir(folder.c_str());
    if (dir == nullptr) {
      out.skipped.push_back({folder, std::string("cannot read folder: ") + std::strerror(errno)});
      continue;
    }
    const std::string prefix = folder.ends_with('/') ? folder : folder + '/';
    for (;;) {
      errno = 0;
      const dirent* entry = readdir(dir);
      if (entry == nullptr) {
        if (errno != 0) out.skipped.push_back({folder, std::string("cannot read folder: ") + std::strerror(errno)});
        break;
      }
      std::string_view name = entry->d_name;
      if (name == "." || name == ".." || is_hidden(name)) continue;
      std::string path = prefix + entry->d_name;
      struct stat st;
      if (fstatat(dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        out.skipped.push_back({std::move(path), std::strerror(errno)});
        continue;
      }
      if (S_ISLNK(st.st_mode)) {  // a link to a file is read; one to a folder is not followed
        if (fstatat(dirfd(dir), entry->d_name, &st, 0) != 0) {
          out.skipped.push_back({std::move(path), std::strerror(errno)});
          continue;
        }
        if (S_ISDIR(st.st_mode)) {
          out.skipped.push_back({std::move(path), "link to a folder (not followed)"});
          continue;
        }
      }
      if (S_ISDIR(st.st_mode)) folders.push_back(std::move(path));
      else if (!S_ISREG(st.st_mode)) out.skipped.push_back({std::move(path), "not a regular file"});
      else add_file(root, std::move(path), st, out);
    }
    closedir(dir);
  }
}

}  // namespace

CorpusListing list_corpus(const std::vector<fs::path>& roots) {
  CorpusListing out;
  for (const fs::path& given : roots) {
    fs::path root = fs::absolute(given).lexically_normal();
    if (root.has_filename() == false && root.has_parent_path()) root = root.parent_path();  // drop trailing '/'
    struct stat st;
    if (stat(root.c_str(), &st) != 0)
      throw fs::filesystem_error("no such file or folder", given, std::make_error_code(std::errc::no_such_file_or_directory));
    out.scopes.push_back(root.string());
    if (S_ISDIR(st.st_mode)) walk_folder(root.string(), out);
    else add_file(root.parent_path().string(), root.string(), st, out);
  }
  std::sort(out.files.begin(), out.files.end(), [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; });
  std::sort(out.skipped.begin(), out.skipped.end(), [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });
  out.files.erase(std::unique(out.files.begin(), out.files.end(),
                              [](const CorpusFile& a, const CorpusFile& b) { return a.path == b.path; }),
                  out.files.end());
  return out;
}

void keep_shard(CorpusListing& listing, unsigned k, unsigned n) {
  auto below_root = [&](const std::string& path) {
    std::string_view best;  // the longest root holding the path
    for (const std::string& root : listing.scopes)
      if (root.size() > best.size() && (path == root || (path.rfind(root, 0) == 0 && path[root.size()] == '/')))
        best = root;
    if (path.size() == best.size()) return std::string_view(path).substr(path.rfind('/') + 1);  // a root that is a file
    return std::string_view(path).substr(best.size() + 1);
  };
  auto other_shard = [&](const std::string& path) {
    std::string_view relative = below_root(path);
    return XXH3_64bits(relative.data(), relative.size()) % n != k - 1;
  };
  std::erase_if(listing.files, [&](const CorpusFile& f) { return other_shard(f.path); });
  std::erase_if(listing.skipped, [&](const SkippedFile& s) {
    return s.reason.rfind("cannot read folder", 0) != 0 && other_shard(s.path);
  });
}

}  // namespace wadi
