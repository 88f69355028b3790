// schema.org metadata that pages give as JSON-LD (<script type=application/ld+json>).
#pragma once

#include <string>
#include <vector>

namespace wadi {

// What the JSON-LD of a page says about its article. Fields come from the
// first node of an article-like type (NewsArticle, Article, BlogPosting,
// SocialMediaPosting, Report...) that has them, else from any other
// CreativeWork (WebPage, VideoObject...), except other_date below.
struct LinkedData {
  std::string headline;
  std::string name;          // of the same node, often the headline again, sometimes the only title
  std::string article_date;  // datePublished (or dateCreated) of an article-like node
  std::string other_date;    // the same of any other CreativeWork: weaker than the page's meta tags
  std::string author;        // names joined with ", "
  std::string publisher;
  std::string language;
  std::string body;          // articleBody, as given (it may hold markup)
  std::string description;
};

// Reads the JSON-LD `scripts` of a page. Each may be an object, a list, or
// an object with an @graph; may be wrapped in <![CDATA[ ]]> or an HTML
// comment; may name an author or publisher by its @id. Scripts that are no
// valid JSON are ignored.
LinkedData read_linked_data(const std::vector<std::string>& scripts);

}  // namespace wadi
