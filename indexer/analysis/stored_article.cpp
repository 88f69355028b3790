#include "analysis/stored_article.h"

#include "analysis/text_decoder.h"

namespace wadi::schema {

std::string encode_article(const nlohmann::json& fields, std::string_view body) {
  std::string data = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  data += '\n';
  if (is_valid_utf8(body)) data += body;
  else data += to_valid_utf8(body);  // as dump() replaces bad bytes in the fields
  return data;
}

StoredArticle decode_article(std::string_view data) {
  StoredArticle article;
  std::size_t end = data.find('\n');
  nlohmann::json fields = nlohmann::json::parse(data.substr(0, end), nullptr, false);
  if (fields.is_discarded() || !fields.is_object()) return article;
  if (end != std::string_view::npos) {
    article.body = data.substr(end + 1);
  } else if (auto body = fields.find("body"); body != fields.end()) {
    if (body->is_string()) article.body = body->get<std::string>();
    fields.erase(body);
  }
  article.fields = std::move(fields);
  return article;
}

}  // namespace wadi::schema
