// What the database stores of an article for display (Xapian's document
// data): its fields as a JSON object on one line, then the body as written.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wadi::schema {

struct StoredArticle {
  nlohmann::json fields = nlohmann::json::object();  // key, path, title, date, source, lang…
  std::string body;
};

// The body stays out of the JSON: a search reads the stored data of every
// hit, and parsing a body as a JSON string costs more than making its
// snippet. A dumped JSON object never holds a raw newline, so the first one
// ends it.
std::string encode_article(const nlohmann::json& fields, std::string_view body);

// Reads what encode_article wrote, and the older layout too (one JSON object
// with the body as its "body" field). Unreadable data gives no fields.
StoredArticle decode_article(std::string_view data);

}  // namespace wadi::schema
