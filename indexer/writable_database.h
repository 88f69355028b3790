// Creating and opening databases so that a crash at any moment, even while a
// database is being created, leaves either no database or one that opens.
#pragma once

#include <filesystem>
#include <functional>

#include <xapian.h>

namespace wadi {

// Opens the plain Xapian database at `path` for writing, creating it (and its
// parent folders) when there is none, by create_folder_by_rename() when it
// can. Leftovers of a creation killed in place are cleared first.
// Throws Xapian::DatabaseLockError when another writer holds the database,
// other Xapian::Error and std::filesystem::filesystem_error on I/O errors.
Xapian::WritableDatabase open_writable_database(const std::filesystem::path& path);

// Makes the folder `path` all at once: `build` fills a hidden staging folder
// beside it (".NAME.creating-PID"), which is then renamed to `path`, where it
// may replace an empty folder. Staging folders of runs killed meanwhile are
// cleared. Returns false, leaving nothing behind, when the staging folder
// cannot be made (the parent folder is not writable) or `path` turned out to
// be a folder holding files; the caller may then create in place. Exceptions
// from `build` propagate, the staging folder removed.
bool create_folder_by_rename(const std::filesystem::path& path,
                             const std::function<void(const std::filesystem::path& staging)>& build);

}  // namespace wadi
