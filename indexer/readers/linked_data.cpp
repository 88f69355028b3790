#include "readers/linked_data.h"

#include <algorithm>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "readers/gumbo_tree.h"

namespace wadi {
namespace {

using Json = nlohmann::json;
using Index = std::map<std::string, const Json*>;  // @id -> node

// The JSON inside a CDATA or comment wrapper (and any "//" before it):
// from the first { or [ to the last } or ] before the wrapper's end.
std::string_view json_part(std::string_view text) {
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"<![CDATA[", "]]>"}, {"<!--", "-->"}}) {
    std::size_t start = text.find(open), end = text.rfind(close);
    if (start != std::string_view::npos && end != std::string_view::npos && end > start)
      text = text.substr(start + open.size(), end - start - open.size());
  }
  std::size_t start = text.find_first_of("{[");
  std::size_t end = text.find_last_of("}]");
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) return {};
  return text.substr(start, end - start + 1);
}

const Json& resolve(const Json& j, const Index& ids) {
  if (j.is_object() && !j.contains("name") && j.contains("@id") && j["@id"].is_string())
    if (auto it = ids.find(j["@id"].get<std::string>()); it != ids.end()) return *it->second;
  return j;
}

// A string, an object's "name", or the first of a list of these (one level:
// a hostile page may nest lists a million deep).
std::string json_text(const Json& value, const Index& ids, bool in_list = false) {
  const Json& j = resolve(value, ids);
  if (j.is_string()) return squeeze(j.get_ref<const std::string&>());
  if (j.is_object() && j.contains("name") && j["name"].is_string()) return squeeze(j["name"].get_ref<const std::string&>());
  if (j.is_array() && !j.empty() && !in_list) return json_text(j.front(), ids, true);
  return {};
}

// "author" may be a string, a Person, an @id, or a list of these.
std::string json_names(const Json& j, const Index& ids) {
  if (!j.is_array()) return json_text(j, ids);
  std::string names;
  for (const auto& item : j)
    if (std::string name = json_text(item, ids); !name.empty()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

bool type_is(const Json& type, bool (*wanted)(const std::string&)) {
  if (type.is_string()) return wanted(type.get_ref<const std::string&>());
  return type.is_array() && std::any_of(type.begin(), type.end(), [wanted](const Json& t) {
           return t.is_string() && wanted(t.get_ref<const std::string&>());
         });
}

bool article_like(const std::string& t) {
  return t.find("Article") != std::string::npos || t.find("Posting") != std::string::npos ||
         t.find("Report") != std::string::npos || t.find("Review") != std::string::npos;
}

// Types that describe the site, a person or the page's furniture, not a work.
bool not_a_work(const std::string& t) {
  for (const char* kind : {"Organization", "Person", "WebSite", "Breadcrumb", "ListItem", "ItemList", "ImageObject",
                           "SearchAction", "Place", "Brand", "SiteNavigationElement", "Offer", "Product", "Event"})
    if (t.find(kind) != std::string::npos) return true;
  return false;
}

// Every object of a document, its lists and its @graph, a few levels deep.
void collect(const Json& item, std::vector<const Json*>& nodes, Index& ids, int depth = 0) {
  if (depth > 4) return;
  if (item.is_array()) {
    for (const auto& i : item) collect(i, nodes, ids, depth + 1);
    return;
  }
  if (!item.is_object()) return;
  nodes.push_back(&item);
  if (item.contains("@id") && item["@id"].is_string()) ids.emplace(item["@id"].get<std::string>(), &item);
  if (item.contains("@graph")) collect(item["@graph"], nodes, ids, depth + 1);
}

void read_node(const Json& item, bool article, const Index& ids, LinkedData& out) {
  auto field = [&](const char* name) { return item.contains(name) ? json_text(item[name], ids) : std::string(); };
  std::string date = field("datePublished");
  if (date.empty()) date = field("dateCreated");
  std::string& date_slot = article ? out.article_date : out.other_date;
  if (date_slot.empty()) date_slot = date;
  if (out.publisher.empty()) out.publisher = field("publisher");
  if (out.language.empty()) out.language = field("inLanguage");
  if (!article) return;  // a video's or a page's author or headline may not be the article's
  if (out.headline.empty()) out.headline = field("headline");
  if (out.name.empty()) out.name = field("name");
  if (out.author.empty() && item.contains("author")) out.author = json_names(item["author"], ids);
  if (out.publisher.empty()) out.publisher = field("publisher");
  if (out.language.empty()) out.language = field("inLanguage");
  if (out.body.empty() && item.contains("articleBody") && item["articleBody"].is_string())
    out.body = item["articleBody"].get<std::string>();
  if (out.description.empty()) out.description = field("description");
}

}  // namespace

LinkedData read_linked_data(const std::vector<std::string>& scripts) {
  std::vector<Json> documents;
  for (const std::string& script : scripts) {
    Json j = Json::parse(json_part(script), nullptr, false);
    if (!j.is_discarded()) documents.push_back(std::move(j));
  }
  std::vector<const Json*> nodes;
  Index ids;
  for (const Json& j : documents) collect(j, nodes, ids);
  LinkedData out;
  for (bool article : {true, false})
    for (const Json* item : nodes) {
      if (!item->contains("@type")) continue;
      const Json& type = (*item)["@type"];
      if (article ? type_is(type, article_like) : !type_is(type, article_like) && !type_is(type, not_a_work))
        read_node(*item, article, ids, out);
    }
  return out;
}

}  // namespace wadi
