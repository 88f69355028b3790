// Fuzzes the query language: any bytes either parse into a query that
// matches something, or throw QueryError with a column inside the query.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "analysis/analyzer.h"
#include "query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static wadi::Analyzer analyzer;
  std::string_view query(reinterpret_cast<const char*>(data), size);
  try {
    wadi::ParsedQuery parsed = wadi::QueryParser(analyzer, {"en", "ru", "ar", "fr"}).parse(query);
    // The contract: never silently match nothing (an empty query).
    if (parsed.query.empty()) std::abort();
    (void)parsed.query.get_description();
  } catch (const wadi::QueryError& e) {
    if (e.column() < 1 || e.column() > size + 1) std::abort();
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "Xapian::Error escaped the parser: %s\n", e.get_description().c_str());
    std::abort();
  }
  return 0;
}
