#include "readers/feed_reader.h"

#include <atomic>
#include <climits>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "analysis/article_key.h"
#include "analysis/ascii_text.h"
#include "analysis/language.h"
#include "analysis/text_decoder.h"
#include "metadata.h"
#include "readers/html_fragment.h"
#include "readers/html_reader.h"
#include "readers/problem_list.h"

namespace wadi {
namespace {

constexpr const char* kAtom = "http://www.w3.org/2005/Atom";
constexpr const char* kRss1 = "http://purl.org/rss/1.0/";
constexpr const char* kRss09 = "http://my.netscape.com/rdf/simple/0.9/";
constexpr const char* kContent = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr const char* kXhtml = "http://www.w3.org/1999/xhtml";

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ContextDeleter {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};
struct BufferDeleter {
  void operator()(xmlBuffer* buffer) const { xmlBufferFree(buffer); }
};

const char* chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

bool is_element(const xmlNode* node) { return node->type == XML_ELEMENT_NODE; }

bool in_namespace(const xmlNode* node, const char* ns) { return node->ns && std::strcmp(chars(node->ns->href), ns) == 0; }

// An element named `local` in namespace `ns`; with `ns` null, in none or in
// a feed's own (RSS 2.0 has none, RSS 1.0 and Atom one each), so that
// media:title or itunes:author are not taken for title and author. A
// prefix the file never declared ("dc:creator" with no xmlns:dc) counts.
bool named(const xmlNode* node, const char* local, const char* ns = nullptr, const char* prefix = nullptr) {
  if (!is_element(node)) return false;
  if (std::strcmp(chars(node->name), local) == 0) {
    if (!ns) return !node->ns || in_namespace(node, kAtom) || in_namespace(node, kRss1) || in_namespace(node, kRss09);
    return in_namespace(node, ns);
  }
  if (!prefix || node->ns) return false;
  std::size_t n = std::strlen(prefix);
  return std::strncmp(chars(node->name), prefix, n) == 0 && node->name[n] == ':' && std::strcmp(chars(node->name) + n + 1, local) == 0;
}

// The text inside `node`. Entity references other than XML's own five stay
// unexpanded: a feed's DTD never decides what is indexed.
void append_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content) out += chars(child->content);
    } else if (is_element(child)) {
      append_text(child, out);
    }
  }
}

std::string text_of(const xmlNode* node) {
  std::string out;
  if (node) append_text(node, out);
  return out;
}

std::string attribute(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a; a = a->next)
    if (std::strcmp(chars(a->name), name) == 0 && a->children) return text_of(reinterpret_cast<const xmlNode*>(a));
  return {};
}

// Its xml:lang, or its nearest ancestor's.
std::string xml_lang(const xmlNode* node) {
  for (; node && is_element(node); node = node->parent) {
    xmlChar* lang = xmlNodeGetLang(node);
    if (lang) {
      std::string out = chars(lang);
      xmlFree(lang);
      return out;
    }
  }
  return {};
}

// The markup inside an element, as written: an Atom type="xhtml" content.
std::string inner_markup(const xmlNode* node) {
  std::unique_ptr<xmlBuffer, BufferDeleter> buffer(xmlBufferCreate());
  if (!buffer) return {};
  for (xmlNode* child = node->children; child; child = child->next) xmlNodeDump(buffer.get(), node->doc, child, 0, 0);
  return std::string(chars(xmlBufferContent(buffer.get())), static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

// A text construct as written: HTML (or XHTML) to read as text, or text.
struct Markup {
  std::string text;
  bool html = true;
  bool empty() const { return trim(text).empty(); }
  std::string read() const { return html ? html_fragment_text(text) : std::string(trim(text)); }
};

// Atom says a construct's type; RSS may hold escaped HTML anywhere.
Markup construct_markup(const xmlNode* node) {
  std::string type = ascii_lower(attribute(node, "type"));
  if (type == "xhtml") {
    const xmlNode* div = node->children;
    while (div && !is_element(div)) div = div->next;
    return {inner_markup(div && named(div, "div", kXhtml) ? div : node)};
  }
  return {text_of(node), type != "text"};
}

std::string construct_text(const xmlNode* node) { return construct_markup(node).read(); }

// "editor@example.com (Jo Smith)" -> "Jo Smith", as RSS 2.0 writes authors.
std::string rss_author(std::string_view text) {
  text = trim(text);
  std::size_t open = text.find(" (");
  if (open != std::string_view::npos && text.back() == ')' && text.substr(0, open).find('@') != std::string_view::npos)
    return std::string(trim(text.substr(open + 2, text.size() - open - 3)));
  return std::string(text);
}

void join(std::string& list, const std::string& item) {
  if (item.empty()) return;
  if (!list.empty()) list += ", ";
  list += item;
}

// An <author>: Atom's <name> inside, or RSS's "mail (Name)".
std::string author_of(const xmlNode* author) {
  const xmlNode* name = author->children;
  while (name && !named(name, "name")) name = name->next;
  return one_line(name ? text_of(name) : rss_author(text_of(author)));
}

// What the feed says of all its items.
struct FeedFacts {
  std::string title;
  std::string host;
  std::string language;
  std::string author;  // Atom: the feed's author is its entries' when they name none
};

// The fields of one item or entry.
struct ItemFields {
  std::string title, link, id, date, author, source;
  Markup content, description;
  std::vector<std::string> categories;
};

ItemFields read_item(const xmlNode* item) {
  ItemFields f;
  for (const xmlNode* n = item->children; n; n = n->next) {
    if (!is_element(n)) continue;
    if (named(n, "title") && f.title.empty()) {
      f.title = one_line(construct_text(n));
    } else if (named(n, "link")) {
      std::string rel = attribute(n, "rel"), href = attribute(n, "href");
      if (href.empty()) href = text_of(n);  // RSS
      if (f.link.empty() || rel == "alternate") f.link = one_line(href);
      if (rel == "alternate" || rel.empty()) f.link = one_line(href);
    } else if ((named(n, "guid") || named(n, "id")) && f.id.empty()) {
      f.id = one_line(text_of(n));
    } else if ((named(n, "pubDate") || named(n, "published") || named(n, "date", kDublinCore, "dc")) && f.date.empty()) {
      f.date = one_line(text_of(n));
    } else if (named(n, "updated") || named(n, "modified")) {
      if (f.date.empty()) f.date = one_line(text_of(n));  // a later <published> replaces it
    } else if (named(n, "creator", kDublinCore, "dc")) {
      join(f.author, one_line(text_of(n)));
    } else if (named(n, "author")) {
      join(f.author, author_of(n));
    } else if (named(n, "category")) {
      std::string term = attribute(n, "term");
      if (term.empty()) term = attribute(n, "label");
      if (term.empty()) term = text_of(n);
      if (!one_line(term).empty()) f.categories.push_back(one_line(term));
    } else if (named(n, "subject", kDublinCore, "dc")) {
      if (!one_line(text_of(n)).empty()) f.categories.push_back(one_line(text_of(n)));
    } else if (named(n, "source") && f.source.empty()) {
      const xmlNode* title = n->children;  // Atom: the entry's original feed
      while (title && !named(title, "title")) title = title->next;
      f.source = one_line(text_of(title ? title : n));
    } else if ((named(n, "encoded", kContent, "content") || named(n, "content", kAtom)) && f.content.empty()) {
      if (attribute(n, "src").empty()) f.content = construct_markup(n);
    } else if ((named(n, "description") || named(n, "summary")) && f.description.empty()) {
      f.description = construct_markup(n);
    }
  }
  // Atom: <published> is the date when both are there.
  for (const xmlNode* n = item->children; n; n = n->next)
    if (named(n, "published")) f.date = one_line(text_of(n));
  return f;
}

class FeedReader {
 public:
  FeedReader(const FileContext& context, ReadResult& result) : context_(context), problems_(result.problems), result_(result) {}

  void read(const xmlNode* root) {
    const xmlNode* channel = root;  // Atom: the feed itself
    for (const xmlNode* n = root->children; n; n = n->next)
      if (named(n, "channel")) channel = n;
    read_facts(channel, root);
    std::size_t number = 0;
    auto read_items_of = [&](const xmlNode* parent) {
      for (const xmlNode* n = parent->children; n; n = n->next)
        if (named(n, "item") || named(n, "entry", kAtom)) read_item_article(n, ++number);
    };
    read_items_of(root);                      // Atom entries, RSS 1.0 items
    if (channel != root) read_items_of(channel);  // RSS 2.0 items
    problems_.finish();
  }

 private:
  void read_facts(const xmlNode* channel, const xmlNode* root) {
    facts_.language = normalize_language(xml_lang(root));
    for (const xmlNode* n = channel->children; n; n = n->next) {
      if (named(n, "title") && facts_.title.empty()) facts_.title = one_line(construct_text(n));
      else if (named(n, "link") && facts_.host.empty()) facts_.host = host_of(attribute(n, "href").empty() ? text_of(n) : attribute(n, "href"));
      else if ((named(n, "language") || named(n, "language", kDublinCore, "dc")) && !normalize_language(text_of(n)).empty())
        facts_.language = normalize_language(one_line(text_of(n)));
      else if (named(n, "author"))
        join(facts_.author, author_of(n));
    }
  }

  void read_item_article(const xmlNode* item, std::size_t number) {
    auto problem = [&](const std::string& what) { problems_.add("item " + std::to_string(number) + ": " + what); };
    ItemFields f = read_item(item);
    Article article;
    article.path = context_.path;
    article.title = f.title;
    Markup body = !f.content.empty() ? std::move(f.content) : std::move(f.description);
    if (article.title.empty() && body.empty()) return problem("no text: no title, content or description");
    article.url = f.link;
    article.author = !f.author.empty() ? f.author : facts_.author;
    article.categories = std::move(f.categories);
    article.source = !f.source.empty() ? f.source : !facts_.title.empty() ? facts_.title : facts_.host;
    std::string lang = normalize_language(xml_lang(item));
    article.language = !lang.empty() ? lang : facts_.language;
    if (!f.date.empty()) {
      article.date = parse_date(f.date);
      if (article.date.empty()) problem("unreadable date '" + to_valid_utf8(f.date.substr(0, 40)) + "': ignored");
      else article.date_origin = DateOrigin::kGiven;
    }
    const char* by = !f.id.empty() ? "guid" : !f.link.empty() ? "link" : "title";
    article.key = article_key(context_.path, !f.id.empty() ? f.id : !f.link.empty() ? f.link : f.title);
    auto [seen, inserted] = first_item_of_.emplace(article.key, number);
    if (!inserted)
      return problem("same " + std::string(by) + " as item " + std::to_string(seen->second) + ": skipped");
    // Reading the body's HTML is most of an item's cost: done by the thread
    // that analyses it (ReadResult::unread).
    result_.unread.push_back([context = context_, article = std::move(article), body = std::move(body), number,
                              listed = listed_]() mutable {
      ReadResult read;
      article.body = body.read();
      if (article.title.empty() && article.body.empty()) {
        if (listed->fetch_add(1) < ProblemList::kMaxListed)
          read.problems.push_back("item " + std::to_string(number) + ": no text: its content shows none");
        return read;
      }
      complete_metadata(article, context);
      finish_article(article, read.problems);
      read.articles.push_back(std::move(article));
      return read;
    });
  }

  const FileContext& context_;
  ProblemList problems_;
  ReadResult& result_;
  FeedFacts facts_;
  std::unordered_map<std::string, std::size_t> first_item_of_;  // key -> item number
  std::shared_ptr<std::atomic<std::size_t>> listed_ = std::make_shared<std::atomic<std::size_t>>(0);
};

bool is_feed_root(const xmlNode* root) {
  return root && (named(root, "rss") || named(root, "feed", kAtom) ||
                  named(root, "RDF", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"));
}

// The name of the first element in `bytes` ("rss", "atom:feed"), skipping
// the prolog, comments, processing instructions and the DOCTYPE; "" when
// the first bytes show none. Only for ASCII-compatible encodings: a UTF-16
// file (with its BOM) is left to libxml2.
std::string first_element(std::string_view bytes) {
  for (std::size_t at = bytes.find('<'); at != std::string_view::npos && at < 64 * 1024; at = bytes.find('<', at + 1)) {
    if (at + 1 >= bytes.size()) break;
    char next = bytes[at + 1];
    if (next == '?' || next == '!') {
      if (bytes.compare(at, 4, "<!--") == 0) at = bytes.find("-->", at);
      if (at == std::string_view::npos) break;
      continue;
    }
    std::size_t end = bytes.find_first_of(" \t\r\n/>", at + 1);
    return std::string(bytes.substr(at + 1, std::min(end, bytes.size()) - at - 1));
  }
  return {};
}

// Whether an .xml file's first element may be a feed's root: rss, feed or
// RDF, with any prefix. A file that does not start like one is not parsed.
bool may_be_feed(std::string_view bytes) {
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") return true;
  std::string name = first_element(bytes);
  std::string local = name.substr(name.find(':') == std::string::npos ? 0 : name.find(':') + 1);
  return name.empty() || local == "rss" || local == "feed" || local == "RDF";
}

// libxml2 sets up its globals once, before threads use it.
void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace

ReadResult read_feed_articles(const FileContext& context, std::string_view bytes, bool xml_only) {
  ReadResult result;
  if (xml_only && !may_be_feed(bytes)) {  // a 50 MB data file is not parsed to find that out
    result.skip_reason = "unsupported file type";
    return result;
  }
  init_libxml();
  if (bytes.size() > INT_MAX) {
    result.skip_reason = "too large to parse as XML";
    return result;
  }
  std::unique_ptr<xmlParserCtxt, ContextDeleter> parser(xmlNewParserCtxt());
  if (!parser) {
    result.skip_reason = "out of memory";
    return result;
  }
  // No network, no DTD, no entity expansion (XML_PARSE_NOENT), and no
  // XML_PARSE_HUGE: libxml2's limits on text and depth stay on.
  const int options = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, DocDeleter> doc(
      xmlCtxtReadMemory(parser.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, options));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  std::string error;
  const xmlError* e = xmlCtxtGetLastError(parser.get());
  if (!parser->wellFormed || (e && e->code != XML_ERR_OK && e->level >= XML_ERR_ERROR)) {
    std::string message = e && e->message ? one_line(e->message) : "not well-formed";
    error = "XML error" + (e && e->line > 0 ? " at line " + std::to_string(e->line) : std::string()) + ": " + to_valid_utf8(message);
  }
  if (!is_feed_root(root)) {
    if (xml_only) result.skip_reason = "unsupported file type";
    else if (root) result.skip_reason = "not a feed (root element <" + to_valid_utf8(chars(root->name)) + ">)";
    else result.skip_reason = "not a feed: " + (error.empty() ? std::string("no root element") : error);
    return result;
  }
  if (!error.empty()) result.problems.push_back(error + " (what could be read is kept)");
  FeedReader(context, result).read(root);
  if (result.unread.empty() && result.skip_reason.empty()) result.skip_reason = "no items in the feed";
  return result;
}

}  // namespace wadi
