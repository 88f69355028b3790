#include "readers/html_metadata.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include <gumbo.h>

#include "analysis/ascii_text.h"
#include "analysis/language.h"
#include "metadata.h"
#include "readers/byline.h"
#include "readers/gumbo_tree.h"
#include "readers/html_fallback.h"
#include "readers/linked_data.h"

namespace wadi {
namespace {

struct Heading {
  std::string text;
  bool marked;  // itemprop=headline, or a class or id naming a title or headline
};

// What the markup of a page says about its article.
struct PageFacts {
  std::string lang;
  std::string title;                        // <title>
  std::vector<Heading> h1s;
  std::map<std::string, std::string> meta;  // lower-cased property/name/itemprop/http-equiv -> content (first wins)
  std::string canonical;
  std::vector<std::string> linked_data;     // <script type=application/ld+json> texts
  std::string published;                    // itemprop=datePublished or <time pubdate>
  std::string first_time;                   // the first <time datetime> that is no "updated" time
  std::string byline;                       // the first visible byline that reads as a name
};

// A <time> that dates an update, not the article: marked so, or right
// after "Updated" or "Last modified" (only the text just before it is read,
// so that a page of many <time>s costs no more than one).
bool is_update_time(const GumboNode* node) {
  if (attribute(node, "itemprop") == "dateModified") return true;
  for (const GumboNode* n : {node, static_cast<const GumboNode*>(node->parent)})
    if (names_one_of(attribute(n, "class"), {"updated", "modified", "update"})) return true;
  const GumboVector* siblings = children_of(node->parent);
  unsigned at = node->index_within_parent;
  if (!siblings || at == 0 || at > siblings->length) return false;
  const auto* before = static_cast<const GumboNode*>(siblings->data[at - 1]);
  if (before->type != GUMBO_NODE_TEXT) return false;
  std::string text = ascii_lower(before->v.text.text);
  return text.find("updated") != std::string::npos || text.find("modified") != std::string::npos;
}

void read_element(const GumboNode* node, PageFacts& facts) {
  const GumboElement& e = node->v.element;
  switch (e.tag) {
    case GUMBO_TAG_HTML:
      if (facts.lang.empty()) facts.lang = attribute(node, "lang");
      if (facts.lang.empty()) facts.lang = attribute(node, "xml:lang");
      break;
    case GUMBO_TAG_TITLE:
      if (facts.title.empty() && e.tag_namespace == GUMBO_NAMESPACE_HTML) facts.title = text_of(node);
      break;
    case GUMBO_TAG_H1: {
      bool marked = attribute(node, "itemprop") == "headline" ||
                    names_one_of(attribute(node, "class"), {"title", "headline", "headline1"}) ||
                    names_one_of(attribute(node, "id"), {"title", "headline"});
      facts.h1s.push_back({text_of(node), marked});
      break;
    }
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
      if (facts.first_time.empty() && !is_update_time(node)) facts.first_time = attribute(node, "datetime");
      if (facts.published.empty() && gumbo_get_attribute(&e.attributes, "pubdate")) facts.published = attribute(node, "datetime");
      break;
    default: break;
  }
  if (attribute(node, "itemprop") == "datePublished" && facts.published.empty()) {
    for (const char* key : {"datetime", "content"})
      if (facts.published.empty()) facts.published = attribute(node, key);
    if (facts.published.empty()) facts.published = text_of(node);
  }
  if (facts.byline.empty()) facts.byline = byline_name(node);
}

PageFacts read_facts(const GumboNode* page) {
  PageFacts facts;
  std::vector<const GumboNode*> stack{page};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT) read_element(node, facts);
    if (const GumboVector* children = children_of(node))
      for (unsigned i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
  }
  return facts;
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
std::string strip_site_name(std::string title, const std::vector<std::string>& sites, const std::vector<Heading>& h1s) {
  auto is_h1 = [&h1s](const std::string& text) {
    return std::any_of(h1s.begin(), h1s.end(), [&](const Heading& h) { return letters(h.text) == letters(text); });
  };
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
        is_h1(head)) {
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

// "Spiceworks Inc" -> "Spiceworks", "http://www.tmz.com" -> "tmz.com".
std::string site_name(std::string name) {
  if (std::string host = host_of(name); !host.empty()) return host;
  for (const char* suffix : {", Inc.", ", Inc", " Inc.", " Inc", " Ltd.", " Ltd", " LLC", " GmbH"}) {
    std::string_view s(suffix);
    if (name.size() > s.size() + 2 && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      name.erase(name.size() - s.size());
      break;
    }
  }
  return name;
}

// The first metadata title, else the <h1> marked as the headline, else the
// first <h1>. Metadata comes first: an <h1> may be a section name or the
// site's logo.
std::string choose_title(const std::vector<std::string>& candidates, const std::vector<Heading>& h1s) {
  for (const std::string& candidate : candidates)
    if (!candidate.empty()) return candidate;
  for (const Heading& h : h1s)
    if (h.marked) return h.text;
  return h1s.empty() ? std::string() : h1s.front().text;
}

// The JSON-LD title. Pages give a headline and a name: the one <title> holds
// is the title (Wikipedia's headline is a description). It comes before
// og:title, which is often a variant written for social media, unless the
// site cut it short ("… after…") and og:title is the whole of it.
std::string linked_data_title(const LinkedData& ld, const std::string& page_title, const std::string& og_title) {
  std::string title = ld.headline;
  if (!ld.name.empty() && (title.empty() || letters(page_title).find(letters(ld.name)) != std::string::npos)) title = ld.name;
  std::string_view shown = title;
  if (shown.size() >= 3 && (shown.substr(shown.size() - 3) == "\xE2\x80\xA6" || shown.substr(shown.size() - 3) == "..."))
    shown.remove_suffix(3);
  std::string cut = letters(shown), whole = letters(og_title);
  return !cut.empty() && whole.size() > cut.size() && whole.compare(0, cut.size(), cut) == 0 ? og_title : title;
}

void fill_title_and_source(Article& article, const PageFacts& facts, const LinkedData& ld, const std::string& folder_source) {
  const auto& meta = facts.meta;
  std::string site = first_of(meta, {"og:site_name"});
  if (site.empty()) site = ld.publisher;
  if (site.empty()) site = first_of(meta, {"application-name"});
  site = site_name(site);
  article.url = first_of(meta, {"og:url", "twitter:url"});
  if (article.url.empty()) article.url = facts.canonical;
  std::string host = host_of(article.url);
  if (host.empty()) host = host_of(facts.canonical);
  article.source = !site.empty() ? site : !host.empty() ? host : folder_source;

  std::vector<std::string> sites{site, ld.publisher, host, folder_source};
  if (auto dot = host.find('.'); dot != std::string::npos) sites.push_back(host.substr(0, dot));
  std::vector<std::string> candidates;
  std::string og_title = first_of(meta, {"og:title"});
  std::string ld_title = linked_data_title(ld, facts.title, og_title);
  for (const std::string& title : {ld_title, og_title, first_of(meta, {"twitter:title"}), facts.title})
    candidates.push_back(title.empty() ? title : strip_site_name(title, sites, facts.h1s));
  article.title = choose_title(candidates, facts.h1s);
}

void fill_date(Article& article, const PageFacts& facts, const LinkedData& ld) {
  const auto& meta = facts.meta;
  for (const std::string& candidate :
       {ld.article_date, first_of(meta, {"article:published_time", "og:article:published_time", "og:published_time"}),
        ld.other_date, facts.published,
        first_of(meta, {"date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
                        "dcterms.date", "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
                        "article.published", "datepublished", "citation_publication_date"}),
        facts.first_time}) {
    if (article.date.empty()) article.date = parse_date(candidate);
  }
}

void fill_author(Article& article, const PageFacts& facts, const LinkedData& ld) {
  article.author = as_author_name(ld.author);
  for (const char* key : {"author", "article:author", "og:article:author", "article:author_name", "dc.creator",
                          "dcterms.creator", "byl", "parsely-author", "sailthru.author"}) {
    if (!article.author.empty()) return;
    if (auto it = facts.meta.find(key); it != facts.meta.end()) article.author = as_author_name(it->second);
  }
  if (article.author.empty()) article.author = facts.byline;
}

}  // namespace

PageSummaries read_page_metadata(const GumboInternalNode* page, const std::string& folder_source, Article& article) {
  PageFacts facts = read_facts(page);
  LinkedData ld = read_linked_data(facts.linked_data);
  fill_title_and_source(article, facts, ld, folder_source);
  fill_date(article, facts, ld);
  fill_author(article, facts, ld);
  article.language = normalize_language(facts.lang);
  if (article.language.empty()) article.language = normalize_language(first_of(facts.meta, {"og:locale", "content-language", "language"}));
  if (article.language.empty()) article.language = normalize_language(ld.language);

  PageSummaries summaries;
  summaries.description = first_of(facts.meta, {"description", "og:description", "twitter:description"});
  if (summaries.description.empty()) summaries.description = ld.description;
  std::string unused_title;
  summaries.article_body = ld.body.find('<') == std::string::npos ? ld.body : strip_tags(ld.body, unused_title);
  return summaries;
}

}  // namespace wadi
