#include "readers/html_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <vector>

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include "analysis/article_key.h"
#include "analysis/ascii_text.h"
#include "analysis/language.h"
#include "analysis/text_decoder.h"
#include "metadata.h"
#include "readers/html_fallback.h"
#include "readers/html_text.h"

namespace wadi {
namespace {

// Beyond this the page is not an article page, and gumbo's tree would take
// ten times its size in memory (a 12 MB page of small elements: 6 s, 280 MB).
constexpr std::size_t kMaxParsedBytes = 8u << 20;
// Enough text for language detection to overrule the page's lang attribute,
// which templates often get wrong.
constexpr std::size_t kTextToOverruleLang = 400;

// Trims and turns every run of white space into one space.
std::string squeeze(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string_view attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) return &node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

// All text below `node`, white space squeezed.
std::string text_of(const GumboNode* node) {
  std::string text;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      text += n->v.text.text;
      text += ' ';
    } else if (const GumboVector* children = children_of(n)) {
      for (unsigned i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
    }
  }
  return squeeze(text);
}

// What the markup of a page says about its article.
struct PageFacts {
  std::string lang;
  std::string title;          // <title>
  std::string first_h1;
  std::map<std::string, std::string> meta;  // lower-cased property/name/itemprop/http-equiv -> content (first wins)
  std::string canonical;
  std::vector<std::string> linked_data;     // <script type=application/ld+json> texts
  std::string published;                    // itemprop=datePublished or <time pubdate>
  std::string first_time;                   // the first <time datetime>
};

PageFacts read_facts(const GumboNode* page) {
  PageFacts facts;
  std::vector<const GumboNode*> stack{page};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& e = node->v.element;
      std::string_view itemprop = attribute(node, "itemprop");
      switch (e.tag) {
        case GUMBO_TAG_HTML:
          if (facts.lang.empty()) facts.lang = attribute(node, "lang");
          if (facts.lang.empty()) facts.lang = attribute(node, "xml:lang");
          break;
        case GUMBO_TAG_TITLE:
          if (facts.title.empty() && e.tag_namespace == GUMBO_NAMESPACE_HTML) facts.title = text_of(node);
          break;
        case GUMBO_TAG_H1:
          if (facts.first_h1.empty()) facts.first_h1 = text_of(node);
          break;
        case GUMBO_TAG_META:
          for (const char* key : {"property", "name", "itemprop", "http-equiv"})
            if (std::string_view k = attribute(node, key); !k.empty())
              facts.meta.emplace(ascii_lower(k), squeeze(attribute(node, "content")));
          break;
        case GUMBO_TAG_LINK:
          if (facts.canonical.empty() && ascii_lower(attribute(node, "rel")) == "canonical") facts.canonical = attribute(node, "href");
          break;
        case GUMBO_TAG_SCRIPT:
          if (ascii_lower(attribute(node, "type")) == "application/ld+json") facts.linked_data.push_back(text_of(node));
          break;
        case GUMBO_TAG_TIME:
          if (facts.first_time.empty()) facts.first_time = attribute(node, "datetime");
          if (facts.published.empty() && gumbo_get_attribute(&e.attributes, "pubdate"))
            facts.published = attribute(node, "datetime");
          break;
        default: break;
      }
      if (itemprop == "datePublished" && facts.published.empty()) {
        for (const char* key : {"datetime", "content"})
          if (facts.published.empty()) facts.published = attribute(node, key);
        if (facts.published.empty()) facts.published = text_of(node);
      }
    }
    if (const GumboVector* children = children_of(node))
      for (unsigned i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
  }
  return facts;
}

// The fields of a schema.org NewsArticle given as JSON-LD.
struct LinkedData {
  std::string headline, date, author, publisher, language, body, description;
};

std::string json_text(const nlohmann::json& j) {
  if (j.is_string()) return squeeze(j.get_ref<const std::string&>());
  if (j.is_object() && j.contains("name") && j["name"].is_string()) return squeeze(j["name"].get_ref<const std::string&>());
  return {};
}

// "author" may be a string, a Person, or a list of either.
std::string json_names(const nlohmann::json& j) {
  if (!j.is_array()) return json_text(j);
  std::string names;
  for (const auto& item : j)
    if (std::string name = json_text(item); !name.empty()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

bool is_article_type(const nlohmann::json& type) {
  auto article = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), article);
  return article(type);
}

void read_linked_data(const std::string& text, LinkedData& out) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return;
  std::vector<const nlohmann::json*> candidates;
  auto add = [&candidates](const nlohmann::json& item) {
    if (!item.is_object()) return;
    candidates.push_back(&item);
    if (item.contains("@graph") && item["@graph"].is_array())
      for (const auto& node : item["@graph"]) candidates.push_back(&node);
  };
  if (j.is_array()) for (const auto& item : j) add(item);
  else add(j);
  for (const nlohmann::json* item : candidates) {
    if (!item->is_object() || !item->contains("@type") || !is_article_type((*item)["@type"])) continue;
    auto field = [item](const char* name) { return item->contains(name) ? json_text((*item)[name]) : std::string(); };
    if (out.headline.empty()) out.headline = field("headline");
    if (out.date.empty()) out.date = field("datePublished");
    if (out.date.empty()) out.date = field("dateCreated");
    if (out.author.empty() && item->contains("author")) out.author = json_names((*item)["author"]);
    if (out.publisher.empty()) out.publisher = field("publisher");
    if (out.language.empty()) out.language = field("inLanguage");
    if (out.body.empty() && item->contains("articleBody") && (*item)["articleBody"].is_string())
      out.body = (*item)["articleBody"].get<std::string>();
    if (out.description.empty()) out.description = field("description");
  }
}

}  // namespace

std::string host_of(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/:?#"));
  if (auto at = rest.find('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::string host = ascii_lower(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

namespace {

// Letters and digits only, lower-cased: "Hurriyet Daily News" and
// "hurriyetdailynews" compare equal.
std::string letters(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) out += ascii_lower(c);
  return out;
}

bool names_site(std::string_view part, const std::vector<std::string>& sites) {
  std::string p = letters(part);
  if (p.size() < 3) return false;
  for (const std::string& site : sites) {
    std::string s = letters(site);
    if (s.size() >= 3 && (p.find(s) != std::string::npos || s.find(p) != std::string::npos)) return true;
  }
  return false;
}

std::size_t word_count(std::string_view s) {
  return s.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(s.begin(), s.end(), ' '));
}

// "Lavrov says US invited to Astana talks | World | Hurriyet Daily News"
// -> "Lavrov says US invited to Astana talks". A part goes when it names the
// site, or when it is a short part after " | " (a section or site name), or
// when what is left is the page's <h1>.
std::string strip_site_name(std::string title, const std::vector<std::string>& sites, const std::string& h1) {
  static const std::vector<std::string> kSeparators{" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « "};
  for (int round = 0; round < 3; ++round) {
    std::size_t last = std::string::npos, last_size = 0, first = std::string::npos, first_size = 0;
    for (const std::string& sep : kSeparators) {
      std::size_t at = title.rfind(sep);
      if (at != std::string::npos && (last == std::string::npos || at > last)) last = at, last_size = sep.size();
      at = title.find(sep);
      if (at != std::string::npos && (first == std::string::npos || at < first)) first = at, first_size = sep.size();
    }
    if (last == std::string::npos) break;
    std::string head = title.substr(0, last), tail = title.substr(last + last_size);
    bool pipe = title.compare(last, 3, " | ") == 0;
    if (names_site(tail, sites) || (pipe && word_count(tail) <= 4 && word_count(head) > word_count(tail)) ||
        (!h1.empty() && letters(head) == letters(h1))) {
      title = head;
      continue;
    }
    std::string lead = title.substr(0, first);
    if (names_site(lead, sites) && word_count(lead) <= 4) {
      title = title.substr(first + first_size);
      continue;
    }
    break;
  }
  return title;
}

std::string first_of(const std::map<std::string, std::string>& meta, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (auto it = meta.find(key); it != meta.end() && !it->second.empty()) return it->second;
  return {};
}

void fill_from_page(Article& article, const PageFacts& facts, const LinkedData& ld, const std::string& folder_source) {
  const auto& meta = facts.meta;
  std::string site = first_of(meta, {"og:site_name", "application-name"});
  if (site.empty()) site = ld.publisher;
  article.url = first_of(meta, {"og:url", "twitter:url"});
  if (article.url.empty()) article.url = facts.canonical;
  std::string host = host_of(article.url);
  if (host.empty()) host = host_of(facts.canonical);
  article.source = !site.empty() ? site : !host.empty() ? host : folder_source;

  article.title = first_of(meta, {"og:title"});
  if (article.title.empty()) article.title = ld.headline;
  if (article.title.empty()) article.title = first_of(meta, {"twitter:title"});
  if (article.title.empty() && !facts.title.empty()) {
    std::vector<std::string> sites{site, host, folder_source};
    if (auto dot = host.find('.'); dot != std::string::npos) sites.push_back(host.substr(0, dot));
    article.title = strip_site_name(facts.title, sites, facts.first_h1);
  }
  if (article.title.empty()) article.title = facts.first_h1;

  for (const std::string& candidate :
       {first_of(meta, {"article:published_time", "og:article:published_time"}), ld.date, facts.published,
        first_of(meta, {"date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
                        "dcterms.date", "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
                        "article.published", "datepublished", "og:published_time", "citation_publication_date"}),
        facts.first_time}) {
    if (article.date.empty()) article.date = parse_date(candidate);
  }

  article.author = first_of(meta, {"author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"});
  if (article.author.rfind("http", 0) == 0) article.author.clear();  // a profile page, not a name
  if (article.author.empty()) article.author = ld.author;
  if (article.author.size() > 3 && ascii_lower(article.author.substr(0, 3)) == "by ") article.author.erase(0, 3);

  article.language = normalize_language(facts.lang);
  if (article.language.empty()) article.language = normalize_language(first_of(meta, {"og:locale", "content-language", "language"}));
  if (article.language.empty()) article.language = normalize_language(ld.language);
}

// The page's own word on its language yields to detection on enough text.
void check_language(Article& article) {
  if (article.language.empty() || article.body.size() < kTextToOverruleLang) return;
  std::string detected = detect_language(article.title, article.body);
  if (!detected.empty() && detected != article.language) article.language = detected;
}

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

// Reads title, metadata and visible text from the parsed page.
void read_page(const std::string& html, const std::string& folder_source, Article& article) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never report them, so do not collect them
  std::unique_ptr<GumboOutput, GumboDeleter> output(gumbo_parse_with_options(&options, html.data(), html.size()));
  PageFacts facts = read_facts(output->document);
  LinkedData ld;
  for (const std::string& text : facts.linked_data) read_linked_data(text, ld);
  fill_from_page(article, facts, ld, folder_source);
  article.body = article_text(output->document);
  std::string description = first_of(facts.meta, {"description", "og:description", "twitter:description"});
  if (description.empty()) description = ld.description;
  if (article.body.size() < ld.body.size() / 2) article.body = ld.body;
  if (article.body.size() < description.size()) article.body = description;
}

// The headline is usually repeated as the article's first line.
void drop_repeated_headline(Article& article) {
  const std::string& title = article.title;
  std::string& body = article.body;
  if (!title.empty() && body.compare(0, title.size(), title) == 0 && (body.size() == title.size() || body[title.size()] == '\n'))
    body.erase(0, std::min(body.size(), title.size() + 1));
  while (!body.empty() && body.front() == '\n') body.erase(0, 1);
}

}  // namespace

std::string browser_charset(std::string name) {
  name = ascii_lower(name);
  if (name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii" || name == "iso8859-1")
    return "windows-1252";  // what every browser reads these labels as
  if (name.rfind("utf-16", 0) == 0) return {};  // a page without a BOM that says UTF-16 is not
  return name;
}

std::string declared_charset(std::string_view bytes) {
  std::string head = ascii_lower(bytes.substr(0, 4096));
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    std::size_t end = head.find('>', meta);
    std::size_t at = head.find("charset", meta);
    if (end == std::string::npos || at == std::string::npos || at > end) continue;
    at = head.find_first_not_of(" \t\r\n", at + 7);
    if (at == std::string::npos || head[at] != '=') continue;
    at = head.find_first_not_of(" \t\r\n\"'", at + 1);
    if (at == std::string::npos) continue;
    std::size_t stop = head.find_first_of(" \t\r\n\"';/>", at);
    std::string name = head.substr(at, stop - at);
    if (name.empty() || name.size() > 40) continue;
    return browser_charset(name);
  }
  return {};
}

namespace {

// The article of a page: `page` says what its container knows of it, or is
// null for a page saved as a file.
ReadResult read_page_bytes(const FileContext& context, std::string_view bytes, const FetchedPage* page) {
  ReadResult result;
  std::string charset = page ? browser_charset(page->charset) : std::string();
  DecodedText decoded = decode_text(bytes, !charset.empty() ? charset : declared_charset(bytes));
  if (!decoded.error.empty()) {
    result.skip_reason = decoded.error;
    return result;
  }
  if (!decoded.warning.empty()) result.problems.push_back(decoded.warning);
  const std::string& html = decoded.text;
  Article article;
  article.key = page ? article_key(context.path, page->id) : article_key(context.path);
  article.path = context.path;
  // A crawled page's source, when it names none, is its host, not a folder.
  const std::string fallback_source = page && !host_of(page->url).empty() ? host_of(page->url) : context.folder_source;
  std::string too_costly = html.size() > kMaxParsedBytes ? "page too large to parse as HTML" : too_costly_to_parse(html);
  if (!too_costly.empty()) {
    result.problems.push_back(too_costly + ": read as text without tags");
    article.body = strip_tags(html, article.title);
    article.title = squeeze(article.title);
  } else {
    read_page(html, fallback_source, article);
  }
  drop_repeated_headline(article);
  if (article.title.empty() && article.body.empty()) {
    result.skip_reason = "no text (an HTML page with nothing visible)";
    return result;
  }
  if (!article.date.empty()) article.date_origin = DateOrigin::kGiven;
  check_language(article);
  if (page) {
    article.url = page->url;
    if (article.source.empty()) article.source = fallback_source;
    // The crawl date is when the page was fetched: after what the page
    // says (its metadata, a date line), before the file's path and mtime.
    FileContext text_only = context;
    text_only.date_order.clear();
    if (std::find(context.date_order.begin(), context.date_order.end(), DateSource::kText) != context.date_order.end())
      text_only.date_order.push_back(DateSource::kText);
    complete_metadata(article, text_only);
    if (article.date.empty() && !page->crawl_date.empty()) {
      article.date = page->crawl_date;
      article.date_origin = DateOrigin::kCrawl;
    }
  }
  complete_metadata(article, context);
  result.articles.push_back(std::move(article));
  return result;
}

}  // namespace

ReadResult read_html_article(const FileContext& context, std::string_view bytes) {
  return read_page_bytes(context, bytes, nullptr);
}

ReadResult read_fetched_page(const FileContext& context, std::string_view bytes, const FetchedPage& page) {
  return read_page_bytes(context, bytes, &page);
}

}  // namespace wadi
