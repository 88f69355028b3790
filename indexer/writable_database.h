// Opening the database for writing so that a crash at any moment, even while
// the database is being created, leaves either no database or one that opens.
#pragma once

#include <filesystem>

#include <xapian.h>

namespace wadi {

// Opens the database at `path` for writing, creating it (and its parent
// folders) when there is none. A new database is built in a hidden sibling
// folder and renamed into place, so a run killed during creation leaves no
// half-made database behind; leftovers of such a run (from versions that
// created in place) are cleared.
// Throws Xapian::DatabaseLockError when another writer holds the database,
// other Xapian::Error and std::filesystem::filesystem_error on I/O errors.
Xapian::WritableDatabase open_writable_database(const std::filesystem::path& path);

}  // namespace wadi
