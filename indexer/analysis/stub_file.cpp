#include "analysis/stub_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analysis/ascii_text.h"

namespace fs = std::filesystem;

namespace wadi {
namespace {

// Stubs listing stubs: deeper than this is a mistake, not a layout.
constexpr std::size_t kMaxNesting = 16;

// A path as shown in a message: a file name may hold any byte but NUL, and
// a control character must not reach the user's terminal.
std::string shown(const fs::path& path) {
  std::string text = path.string();
  std::replace_if(text.begin(), text.end(), [](char c) { return (c >= 0 && c < 0x20) || c == 0x7f; }, '?');
  return text;
}

std::string where(const fs::path& stub, unsigned line) { return shown(stub) + ":" + std::to_string(line); }

[[noreturn]] void refuse(const fs::path& stub, unsigned line, const std::string& reason) {
  throw StubError(where(stub, line) + ": " + reason);
}

const char* const kForms = "a stub may list auto PATH, glass PATH, remote HOST:PORT or remote tcp HOST PORT";

// 1..65535 in decimal digits only, or 0.
unsigned port_number(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  const unsigned long port = std::stoul(text);
  return port <= 65535 ? static_cast<unsigned>(port) : 0;
}

// `remote` followed by HOST:PORT, [IPV6]:PORT or tcp HOST PORT.
void read_remote(const std::string& target, StubEntry& entry) {
  auto fail = [&](const std::string& reason) { refuse(entry.stub, entry.line, reason); };
  if (target.empty()) fail("remote needs HOST:PORT");
  if (target[0] == ':') fail("a stub may not run a program (remote :PROG); serve the database with xapian-tcpsrv and list remote HOST:PORT");
  std::string host, port;
  std::istringstream fields(target);
  std::string first, second, third, more;
  fields >> first >> second >> third >> more;
  if (first == "tcp") {
    if (third.empty() || !more.empty()) fail("remote tcp needs a host and a port: remote tcp HOST PORT");
    host = second;
    port = third;
  } else {
    if (!second.empty()) fail(std::string("remote takes one HOST:PORT; ") + kForms);
    const std::size_t colon = target.rfind(':');
    if (colon == std::string::npos) fail("remote needs a port: remote HOST:PORT");
    host = target.substr(0, colon);
    port = target.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) fail("remote needs a host: remote HOST:PORT");
  entry.port = port_number(port);
  if (entry.port == 0) fail("bad port: give a port from 1 to 65535");
  entry.kind = StubEntry::Kind::kRemote;
  entry.host = host;
}

bool is_single_file_glass(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[14] = {};
  return in.read(magic, sizeof magic) && std::memcmp(magic, "\x0f\x0dXapian Glass", sizeof magic) == 0;
}

// Appends to `out` the databases the stub file `stub` lists, expanded;
// `chain`: the stubs being read, outermost first, as canonical paths.
void expand(const fs::path& stub, std::vector<fs::path>& chain, std::vector<StubEntry>& out, const StubEntry* from) {
  std::error_code ec;
  fs::path id = fs::weakly_canonical(stub, ec);
  if (ec) id = fs::absolute(stub, ec).lexically_normal();
  if (from != nullptr) {
    if (!chain.empty() && chain.back() == id) refuse(from->stub, from->line, "the stub lists itself");
    if (std::find(chain.begin(), chain.end(), id) != chain.end())
      refuse(from->stub, from->line, "lists " + shown(stub) + ", which lists this stub again (a cycle of stubs)");
    if (chain.size() >= kMaxNesting)
      refuse(from->stub, from->line, "stubs nested more than " + std::to_string(kMaxNesting) + " deep");
  }
  chain.push_back(id);
  for (StubEntry& entry : read_stub(stub)) {
    std::optional<fs::path> nested;
    if (entry.kind == StubEntry::Kind::kLocal && !entry.glass) nested = stub_file_of(entry.path);
    if (nested) expand(*nested, chain, out, &entry);
    else out.push_back(std::move(entry));
  }
  chain.pop_back();
}

Xapian::Database open_local(const StubEntry& entry) {
  std::error_code ec;
  // As a missing database, so that a reader that raced a compaction (which
  // deletes the shards the stub listed before) opens the new stub again.
  if (entry.line > 0 && !fs::exists(entry.path, ec))
    throw Xapian::DatabaseNotFoundError(where(entry.stub, entry.line) + ": no database at " + shown(entry.path));
  // Glass only: Xapian must never read a stub of its own accord.
  return Xapian::Database(entry.path.string(), Xapian::DB_BACKEND_GLASS);
}

// An entry expand_stubs returns: a database, never a stub.
Xapian::Database open_leaf(const StubEntry& entry, const RemoteTimeouts& timeouts) {
  if (entry.kind == StubEntry::Kind::kRemote)
    return Xapian::Remote::open(entry.host, entry.port, timeouts.answer_ms, timeouts.connect_ms);
  return open_local(entry);
}

}  // namespace

std::optional<fs::path> stub_file_of(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_regular_file(status)) {
    if (is_single_file_glass(path)) return std::nullopt;
    return path;
  }
  if (!fs::is_directory(status) || fs::exists(path / "iamglass", ec)) return std::nullopt;
  if (fs::is_regular_file(path / "XAPIANDB", ec)) return path / "XAPIANDB";
  return std::nullopt;
}

std::vector<StubEntry> read_stub(const fs::path& stub) {
  std::ifstream in(stub);
  if (!in) throw Xapian::DatabaseOpeningError("cannot read the stub file " + shown(stub), std::strerror(errno));
  std::vector<StubEntry> entries;
  unsigned number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    line = std::string(trim(line));
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = std::find_if(line.begin(), line.end(), is_ascii_space) - line.begin();
    const std::string type = line.substr(0, space);
    const std::string target = space < line.size() ? std::string(trim(std::string_view(line).substr(space))) : "";
    StubEntry entry;
    entry.stub = stub;
    entry.line = number;
    entry.listed = target;
    if (type == "auto" || type == "glass") {
      if (target.empty()) refuse(stub, number, type + " needs a path");
      entry.glass = type == "glass";
      entry.path = fs::path(target).is_relative() ? stub.parent_path() / target : fs::path(target);
    } else if (type == "remote") {
      read_remote(target, entry);
    } else {
      // The line is not quoted: it may come from any file given as a stub.
      refuse(stub, number, std::string("not a database line: ") + kForms);
    }
    entries.push_back(std::move(entry));
  }
  if (in.bad()) throw Xapian::DatabaseOpeningError("cannot read the stub file " + shown(stub), std::strerror(errno));
  return entries;
}

std::vector<StubEntry> expand_stubs(const fs::path& path) {
  std::vector<StubEntry> out;
  if (std::optional<fs::path> stub = stub_file_of(path)) {
    std::vector<fs::path> chain;
    expand(*stub, chain, out, nullptr);
  } else {
    StubEntry entry;
    entry.path = path;
    out.push_back(std::move(entry));
  }
  return out;
}

Xapian::Database open_database(const fs::path& path, const RemoteTimeouts& timeouts) {
  const std::vector<StubEntry> entries = expand_stubs(path);
  if (entries.size() == 1 && entries.front().line == 0) return open_local(entries.front());  // not a stub
  Xapian::Database db;
  for (const StubEntry& entry : entries) db.add_database(open_leaf(entry, timeouts));
  return db;
}

Xapian::Database open_entry(const StubEntry& entry, const RemoteTimeouts& timeouts) {
  if (entry.kind == StubEntry::Kind::kRemote || entry.glass) return open_leaf(entry, timeouts);
  return open_database(entry.path, timeouts);
}

}  // namespace wadi
