// What ranking and query parsing read of the articles of a database as a
// whole: how widely their lengths spread, and the languages they are in.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/stub_file.h"

namespace wadi {

// The spread of the articles' lengths (standard deviation over mean, as an
// index run records it under schema::kLengthSpreadKey) over every database
// a stub lists (`entries`, none when `db` is not a stub), each weighing its
// number of articles: a corpus split with `index --shard` gets the b one
// database of it would. 0 when a database has not recorded it. Opens the
// listed databases again, with `timeouts`; throws Xapian's errors.
double pooled_length_spread(const std::vector<StubEntry>& entries, const Xapian::Database& db,
                            const RemoteTimeouts& timeouts);

// The languages plain query words are stemmed in, the archive's main one
// first.
std::vector<std::string> query_languages(const Xapian::Database& db);

}  // namespace wadi
