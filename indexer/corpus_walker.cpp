#include "corpus_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iterator>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>

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

void add_file(const std::string& root, std::string file, const struct stat& st, CorpusListing& out) {
  if (format_of(file) == ArticleFormat::kUnsupported) {
    out.skipped.push_back({std::move(file), "unsupported file type"});
    return;
  }
  CorpusFile f;
  f.size = static_cast<std::uint64_t>(st.st_size);
  f.mtime_ns = mtime_ns(st);
  f.folder_source = folder_source(root, file);
  f.root = root;
  f.path = std::move(file);
  out.files.push_back(std::move(f));
}

// Folders still to read, shared by the threads that walk them. A thread
// that finds none waits while another may still find subfolders.
class FolderQueue {
 public:
  struct Folder {
    const std::string* root;  // the corpus root it is under
    std::string path;
  };

  void push(const std::string& root, std::string path) {
    {
      std::lock_guard lock(mutex_);
      folders_.push_back({&root, std::move(path)});
      ++unfinished_;
    }
    ready_.notify_one();
  }

  // The next folder to read, or none once every folder has been read.
  // Every folder returned must be reported finished().
  std::optional<Folder> next() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !folders_.empty() || unfinished_ == 0; });
    if (folders_.empty()) return std::nullopt;
    Folder folder = std::move(folders_.back());
    folders_.pop_back();
    return folder;
  }

  void finished() {
    bool all = false;
    {
      std::lock_guard lock(mutex_);
      all = --unfinished_ == 0;
    }
    if (all) ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<Folder> folders_;
  std::size_t unfinished_ = 0;  // queued or being read
};

// One folder at a time rather than with recursive_directory_iterator, which
// ends the whole walk at the first folder it cannot open: the files after it
// would look deleted, and their articles would be removed. Each entry costs
// one fstatat relative to its folder: on a no-op run the walk is most of
// the work, and the kernel's part of it runs on as many threads as there
// are folders to read.
// What every walking thread shares.
struct Walk {
  FolderQueue queue;
  std::vector<std::pair<dev_t, ino_t>> excluded;
  bool follow_links = false;
  std::vector<std::string> real_roots;  // the roots with links resolved, for links' targets

  bool is_excluded(const struct stat& st) const {
    return std::find(excluded.begin(), excluded.end(), std::make_pair(st.st_dev, st.st_ino)) != excluded.end();
  }
  bool inside_a_root(const std::string& target) const {
    for (const std::string& root : real_roots)
      if (target == root || (target.rfind(root, 0) == 0 && (root.back() == '/' || target[root.size()] == '/')))
        return true;
    return false;
  }
};

// Why the link at `path` (to a file) is not read, or "" when it is.
std::string link_refusal(const Walk& walk, const std::string& path) {
  if (walk.follow_links) return {};
  char* target = realpath(path.c_str(), nullptr);
  if (target == nullptr) return std::strerror(errno);
  bool inside = walk.inside_a_root(target);
  std::free(target);
  return inside ? std::string() : "link to a file outside the paths given (not followed; --follow-links reads it)";
}

void walk_folder(const FolderQueue::Folder& folder, Walk& walk, CorpusListing& out) {
  FolderQueue& queue = walk.queue;
  DIR* dir = opendir(folder.path.c_str());
  if (dir == nullptr) {
    out.skipped.push_back({folder.path, std::string("cannot read folder: ") + std::strerror(errno)});
    return;
  }
  const std::string prefix = folder.path.ends_with('/') ? folder.path : folder.path + '/';
  for (;;) {
    errno = 0;
    const dirent* entry = readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) out.skipped.push_back({folder.path, std::string("cannot read folder: ") + std::strerror(errno)});
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
      if (S_ISREG(st.st_mode))
        if (std::string refusal = link_refusal(walk, path); !refusal.empty()) {
          out.skipped.push_back({std::move(path), std::move(refusal)});
          continue;
        }
    }
    if (S_ISDIR(st.st_mode)) {
      if (!walk.is_excluded(st)) queue.push(*folder.root, std::move(path));
    }
    else if (!S_ISREG(st.st_mode)) out.skipped.push_back({std::move(path), "not a regular file"});
    else add_file(*folder.root, std::move(path), st, out);
  }
  closedir(dir);
}

// A folder named for a date says when, not who: "2017", "03", "2017-03",
// "2017-03-14", "20170314", "2017_03".
bool is_date_folder(std::string_view name) {
  std::size_t digits = 0;
  for (char c : name) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != '-' && c != '_' && c != '.') return false;
  }
  return digits > 0 && (digits == 2 || digits == 4 || digits == 6 || digits == 8) && digits + 2 >= name.size();
}

}  // namespace

std::string folder_source(std::string_view root, std::string_view file) {
  std::string_view relative = file.substr(root.size() + (root.ends_with('/') ? 0 : 1));
  // The first folder under the root that is not named for a date.
  for (std::size_t slash; (slash = relative.find('/')) != std::string_view::npos; relative.remove_prefix(slash + 1))
    if (!is_date_folder(relative.substr(0, slash))) return std::string(relative.substr(0, slash));
  if (std::string outlet = outlet_in_file_name(relative); !outlet.empty()) return outlet;
  if (root.ends_with('/')) root.remove_suffix(1);
  return std::string(root.substr(root.rfind('/') + 1));
}

CorpusListing list_corpus(const std::vector<fs::path>& roots, unsigned threads, const WalkOptions& options) {
  CorpusListing out;
  Walk walk;
  walk.follow_links = options.follow_links;
  for (const fs::path& folder : options.excluded)
    if (struct stat st; stat(folder.c_str(), &st) == 0) walk.excluded.emplace_back(st.st_dev, st.st_ino);
  std::vector<bool> folder;  // of each scope
  for (const fs::path& given : roots) {
    fs::path root = fs::absolute(given).lexically_normal();
    if (root.has_filename() == false && root.has_parent_path()) root = root.parent_path();  // drop trailing '/'
    struct stat st;
    if (stat(root.c_str(), &st) != 0)
      throw fs::filesystem_error("no such file or folder", given, std::make_error_code(std::errc::no_such_file_or_directory));
    out.scopes.push_back(root.string());
    folder.push_back(S_ISDIR(st.st_mode));
    if (char* real = realpath(root.c_str(), nullptr)) {
      walk.real_roots.push_back(real);
      std::free(real);
    }
  }
  // A root inside another root given (or given twice) is listed with the
  // outer one only: its articles' sources are the folders under the outer
  // root, whatever else the command line names.
  auto inside = [](const std::string& path, const std::string& folder) {
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
           (folder.back() == '/' || path[folder.size()] == '/');
  };
  FolderQueue& queue = walk.queue;
  for (std::size_t i = 0; i < out.scopes.size(); ++i) {
    const std::string& root = out.scopes[i];
    bool covered = false;
    for (std::size_t j = 0; j < out.scopes.size() && !covered; ++j)
      covered = folder[j] && (inside(root, out.scopes[j]) || (j < i && root == out.scopes[j]));
    if (covered) continue;
    if (folder[i]) {
      if (struct stat st; stat(root.c_str(), &st) != 0 || !walk.is_excluded(st)) queue.push(root, root);
    }
    else if (struct stat st; stat(root.c_str(), &st) == 0) add_file(fs::path(root).parent_path().string(), root, st, out);
  }
  std::vector<CorpusListing> parts(std::max(1u, threads));
  std::vector<std::thread> walkers;
  std::vector<std::exception_ptr> failures(parts.size());
  for (std::size_t t = 0; t < parts.size(); ++t)
    walkers.emplace_back([&, t] {
      while (std::optional<FolderQueue::Folder> folder = queue.next()) {
        try {
          walk_folder(*folder, walk, parts[t]);
        } catch (...) {
          if (!failures[t]) failures[t] = std::current_exception();
        }
        queue.finished();
      }
    });
  for (std::thread& walker : walkers) walker.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  for (CorpusListing& part : parts) {
    std::move(part.files.begin(), part.files.end(), std::back_inserter(out.files));
    std::move(part.skipped.begin(), part.skipped.end(), std::back_inserter(out.skipped));
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
