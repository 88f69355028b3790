// Xapian stub databases (a text file, or a folder's XAPIANDB, listing
// databases one a line), read by wadi itself and never handed to Xapian:
// Xapian runs the program a `remote :PROG ARGS` line names, and recurses
// without end into a stub that lists itself. Both programs open databases
// through this module.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

namespace wadi {

// A database a stub lists.
struct StubEntry {
  enum class Kind { kLocal, kRemote };
  Kind kind = Kind::kLocal;
  std::filesystem::path path;  // kLocal: as listed, a relative one taken from the stub's folder (as Xapian does)
  bool glass = false;          // kLocal: listed as `glass PATH`: a database, never a further stub
  std::string host;            // kRemote: served by xapian-tcpsrv
  unsigned port = 0;           // kRemote: 1..65535
  std::string listed;          // what the line gives after the type
  std::filesystem::path stub;  // the stub file that lists it
  unsigned line = 0;           // its line there, from 1
};

// A stub wadi will not open: a line of another form than read_stub accepts
// (a program to run among them), a stub that lists itself, directly or in a
// cycle, or stubs nested too deep. what() is one line, "STUB:LINE: reason";
// it never quotes the line, which may come from any file.
class StubError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How long a remote shard may take: to connect, and to answer each request
// (Xapian::Remote::open's timeouts), in milliseconds; 0 waits for ever.
struct RemoteTimeouts {
  unsigned connect_ms = 10000;
  unsigned answer_ms = 10000;
};

// The stub file `path` is read through: `path` itself when it is a file that
// is not a single-file glass database, `path`/XAPIANDB when `path` is a
// folder holding one and no glass database; none otherwise.
std::optional<std::filesystem::path> stub_file_of(const std::filesystem::path& path);

// The entries of the stub file `stub`, in order. Accepts blank lines, `#`
// comments, `auto PATH`, `glass PATH`, `remote HOST:PORT`,
// `remote [IPV6]:PORT` and `remote tcp HOST PORT`; throws StubError for any
// other line (`remote :PROG ARGS` among them), Xapian::DatabaseOpeningError
// when the file cannot be read.
std::vector<StubEntry> read_stub(const std::filesystem::path& stub);

// The databases `path` stands for, every stub on the way expanded through its
// `auto` entries: local databases (never stubs) and TCP remotes, in order.
// Throws StubError as read_stub does, and for a stub reached again through
// the stubs it lists.
std::vector<StubEntry> expand_stubs(const std::filesystem::path& path);

// Opens `path` (a database, a stub, or a folder holding XAPIANDB) read-only,
// as Xapian::Database(path) would, from the validated entries of
// expand_stubs(path): throws StubError as it does, and Xapian's errors.
Xapian::Database open_database(const std::filesystem::path& path, const RemoteTimeouts& timeouts = {});

// Opens one entry of a stub (a local one through open_database).
Xapian::Database open_entry(const StubEntry& entry, const RemoteTimeouts& timeouts = {});

}  // namespace wadi
