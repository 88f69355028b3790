#include "readers/gumbo_tree.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "analysis/ascii_text.h"

namespace wadi {

std::string_view attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

GumboTag tag_of(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) return &node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

bool is_heading(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
      return true;
    default: return false;
  }
}

bool is_text(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA;
}

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

std::string text_of(const GumboNode* node) {
  std::string text;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (is_text(n)) {
      text += n->v.text.text;
      text += ' ';
    } else if (const GumboVector* children = children_of(n)) {
      for (unsigned i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
    }
  }
  return squeeze(text);
}

bool names_one_of(std::string_view names, std::initializer_list<std::string_view> words) {
  std::string word;
  auto matches = [&] { return !word.empty() && std::find(words.begin(), words.end(), word) != words.end(); };
  for (char c : names) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += ascii_lower(c);
    } else {
      if (matches()) return true;
      word.clear();
    }
  }
  return matches();
}

}  // namespace wadi
