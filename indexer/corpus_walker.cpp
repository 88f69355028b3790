#include "corpus_walker.h"

#include <algorithm>
#include <system_error>

#include "readers/article_reader.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

bool is_hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

// Nanoseconds since the Unix epoch (file_clock has an epoch of its own).
std::int64_t mtime_ns(const fs::file_time_type& t) {
  auto system = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(system.time_since_epoch()).count();
}

// "hurriyet--lavrov-says.txt" names its outlet before the double dash.
std::string outlet_in_file_name(const fs::path& file) {
  std::string stem = file.stem().string();
  auto dash = stem.find("--");
  return dash == std::string::npos || dash == 0 ? std::string() : stem.substr(0, dash);
}

std::string folder_source(const fs::path& root, const fs::path& file) {
  fs::path relative = file.lexically_relative(root);
  if (std::distance(relative.begin(), relative.end()) > 1) return relative.begin()->string();
  if (std::string outlet = outlet_in_file_name(file); !outlet.empty()) return outlet;
  return file.parent_path().filename().string();
}

void add_file(const fs::path& root, const fs::path& file, const fs::directory_entry& entry, CorpusListing& out) {
  if (format_of(file) == ArticleFormat::kUnsupported) {
    out.skipped.push_back({file.string(), "unsupported file type"});
    return;
  }
  std::error_code ec;
  CorpusFile f;
  f.path = file.string();
  f.size = entry.file_size(ec);
  if (!ec) f.mtime_ns = mtime_ns(entry.last_write_time(ec));
  if (ec) {
    out.skipped.push_back({file.string(), ec.message()});
    return;
  }
  f.folder_source = folder_source(root, file);
  out.files.push_back(std::move(f));
}

// One folder at a time rather than with recursive_directory_iterator, which
// ends the whole walk at the first folder it cannot open: the files after it
// would look deleted, and their articles would be removed.
void walk_folder(const fs::path& root, CorpusListing& out) {
  std::vector<fs::path> folders{root};
  while (!folders.empty()) {
    fs::path folder = std::move(folders.back());
    folders.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      std::error_code entry_ec;
      if (is_hidden(entry.path())) continue;
      if (entry.is_symlink(entry_ec) && entry.is_directory(entry_ec)) {
        out.skipped.push_back({entry.path().string(), "link to a folder (not followed)"});
        continue;
      }
      if (entry.is_directory(entry_ec)) {
        folders.push_back(entry.path());
        continue;
      }
      if (!entry.is_regular_file(entry_ec)) {
        out.skipped.push_back({entry.path().string(), entry_ec ? entry_ec.message() : "not a regular file"});
        continue;
      }
      add_file(root, entry.path(), entry, out);
    }
    if (ec) out.skipped.push_back({folder.string(), "cannot read folder: " + ec.message()});
  }
}

}  // namespace

CorpusListing list_corpus(const std::vector<fs::path>& roots) {
  CorpusListing out;
  for (const fs::path& given : roots) {
    fs::path root = fs::absolute(given).lexically_normal();
    if (root.has_filename() == false && root.has_parent_path()) root = root.parent_path();  // drop trailing '/'
    fs::directory_entry entry(root);
    if (!entry.exists()) throw fs::filesystem_error("no such file or folder", given, std::make_error_code(std::errc::no_such_file_or_directory));
    out.scopes.push_back(root.string());
    if (entry.is_directory()) walk_folder(root, out);
    else add_file(root.parent_path(), root, entry, out);
  }
  std::sort(out.files.begin(), out.files.end(), [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; });
  std::sort(out.skipped.begin(), out.skipped.end(), [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });
  out.files.erase(std::unique(out.files.begin(), out.files.end(),
                              [](const CorpusFile& a, const CorpusFile& b) { return a.path == b.path; }),
                  out.files.end());
  return out;
}

}  // namespace wadi
