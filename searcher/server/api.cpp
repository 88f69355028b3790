#include "api.h"

#include <charconv>
#include <set>

#include "result_printer.h"

namespace wadi::server {
namespace {

// The number `name` gives, within [low, high]; `fallback` when absent.
std::size_t bounded(const Params& params, const std::string& name, std::size_t low, std::size_t high,
                    std::size_t fallback) {
  const auto found = params.find(name);
  if (found == params.end()) return fallback;
  const std::string& text = found->second;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw RequestError(400, name + " takes a whole number from " + std::to_string(low) + " to " +
                                std::to_string(high) + ", not '" + text + "'");
  return value;
}

bool flag(const Params& params, const std::string& name, bool fallback) {
  const std::string value = param(params, name, fallback ? "1" : "0");
  if (value == "1" || value == "true" || value == "on") return true;
  if (value == "0" || value == "false" || value == "off") return false;
  throw RequestError(400, name + " takes 1 or 0, not '" + value + "'");
}

std::string bounded_query(const Params& params) {
  std::string query = param(params, "q");
  if (query.size() > kMaxQueryBytes)
    throw RequestError(400, "the query is " + std::to_string(query.size()) + " bytes long; at most " +
                                std::to_string(kMaxQueryBytes) + " are read",
                       kMaxQueryBytes + 1);
  return query;
}

}  // namespace

nlohmann::json RequestError::body() const {
  nlohmann::json body = {{"error", what()}};
  if (column_ > 0) body["column"] = column_;
  return body;
}

std::string param(const Params& params, const std::string& name, const std::string& fallback) {
  const auto found = params.find(name);
  return found == params.end() ? fallback : found->second;
}

SearchRequest read_search_request(const Params& params) {
  static const std::set<std::string> known = {"q", "limit", "offset", "sort", "facets", "timeline", "feedback"};
  for (const auto& [name, value] : params)
    if (!known.count(name)) throw RequestError(400, "unknown parameter '" + name + "'");
  SearchRequest request;
  request.query = bounded_query(params);
  if (request.query.find_first_not_of(" \t\r\n") == std::string::npos)
    throw RequestError(400, "no query given: say what to look for with q=, e.g. q=wadi+barada (q=* for every article)");
  SearchOptions& options = request.options;
  options.limit = bounded(params, "limit", 0, kMaxApiLimit, 10);
  options.offset = bounded(params, "offset", 0, kMaxApiOffset, 0);
  const std::string sort = param(params, "sort", "relevance");
  if (sort == "relevance") options.sort = SortOrder::kRelevance;
  else if (sort == "date") options.sort = SortOrder::kDate;
  else if (sort == "-date") options.sort = SortOrder::kDateReverse;
  else throw RequestError(400, "sort takes relevance, date (oldest first) or -date (newest first), not '" + sort + "'");
  options.facets = flag(params, "facets", false);
  options.feedback = flag(params, "feedback", true);
  const std::string timeline = param(params, "timeline", "0");
  if (timeline == "1") options.timeline = TimelineUnit::kAuto;
  else if (timeline != "0") {
    try {
      options.timeline = timeline_unit(timeline);
    } catch (const std::invalid_argument&) {
      throw RequestError(400, "timeline takes 1, year, month or day, not '" + timeline + "'");
    }
  }
  return request;
}

PageRequest read_page_request(const Params& params) {
  PageRequest request;
  request.query = bounded_query(params);
  request.page = bounded(params, "page", 1, kMaxApiOffset / kResultsPerPage + 1, 1);
  const std::string sort = param(params, "sort", "relevance");
  if (sort == "relevance") request.sort = SortOrder::kRelevance;
  else if (sort == "newest") request.sort = SortOrder::kDateReverse;
  else if (sort == "oldest") request.sort = SortOrder::kDate;
  else throw RequestError(400, "sort takes relevance, newest or oldest, not '" + sort + "'");
  return request;
}

SearchOptions page_search_options(const PageRequest& request) {
  SearchOptions options;
  options.limit = kResultsPerPage;
  options.offset = (request.page - 1) * kResultsPerPage;
  options.sort = request.sort;
  options.facets = true;
  options.timeline = TimelineUnit::kAuto;
  return options;
}

nlohmann::json search_response(const SearchPage& page) {
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : page.hits) hits.push_back(hit_json(hit, page.grouped));
  return {{"hits", hits}, {"summary", summary_json(page)}};
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wadi::server
