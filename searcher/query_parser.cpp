#include "query_parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "analysis/language.h"
#include "analysis/ranking_settings.h"
#include "analysis/schema.h"
#include "analysis/stopwords.h"
#include "analysis/text_decoder.h"

namespace wadi {
namespace {

// A query longer than this is an error; pasted paragraphs are far shorter.
constexpr std::size_t kMaxWords = 4096;
// A ranked query keeps this many distinct plain words, the first ones.
constexpr std::size_t kMaxRankedWords = 256;
constexpr std::size_t kMaxDepth = 64;
constexpr unsigned kDefaultNear = 10;
constexpr unsigned kMaxNear = 1000;
constexpr Xapian::termcount kMaxPrefixExpansion = 1000;
// All the terms a query searches (a word's forms, a prefix's words): more
// make a search take seconds (140 prefixes OR-joined took a minute).
constexpr std::size_t kMaxQueryTerms = 1000;
// Bytes of query text read at all.
constexpr std::size_t kMaxQueryBytes = 65536;

enum class Lex { kWord, kPhrase, kOpen, kClose, kAnd, kOr, kNot, kNear, kPlus, kMinus, kField, kEnd };

struct QToken {
  Lex kind{};
  std::string text{};  // word, phrase content, or field value
  std::size_t offset = 0;
  unsigned distance = kDefaultNear;  // kNear
  std::string field{};               // kField
  bool quoted = false;               // kField with a "quoted value"
  bool group = false;                // kField followed by a (group) it applies to
  std::size_t value_offset = 0;      // kField: where its value's text starts
};

struct Node {
  enum Kind { kWord, kPhrase, kPrefix, kNear, kTitle, kSource, kLang, kDate, kAnd, kOr, kEvery } kind{};
  std::string text{};
  std::size_t offset = 0;
  unsigned distance = 0;
  bool quoted = false;
  bool implicit = false;     // kAnd made by juxtaposition
  std::vector<Node> children{};
  std::vector<int> signs{};    // kAnd: +1 required (+), -1 excluded (-, NOT), 0 plain
  std::string low{}, high{};  // kDate: YYYYMMDD bounds, "" when open
  std::size_t text_offset = 0;  // where `text` starts in the query
};

Node at(Node n, std::size_t text_offset) {
  n.text_offset = text_offset;
  return n;
}

bool is_space(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; }

// A query term as --explain shows it: a whole word as written ("at&t").
std::string readable(const std::string& term) {
  const std::string_view whole = schema::kWholeWordPrefix;
  return term.starts_with(whole) ? term.substr(whole.size()) : term;
}

std::size_t column_of(std::string_view q, std::size_t offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < q.size(); ++i)
    if ((static_cast<unsigned char>(q[i]) & 0xC0) != 0x80) ++column;
  return column;
}

bool is_field_name(std::string_view name) {
  return name == "title" || name == "source" || name == "lang" || name == "date";
}

class Lexer {
 public:
  Lexer(std::string_view q, std::vector<std::string>& notes) : q_(q), notes_(notes) {}

  std::vector<QToken> run() {
    std::vector<QToken> tokens;
    while (i_ < q_.size()) {
      char c = q_[i_];
      if (is_space(c)) { ++i_; continue; }
      std::size_t start = i_;
      if (c == '"') { tokens.push_back({Lex::kPhrase, quoted_text(), start}); continue; }
      if (c == '(') { tokens.push_back({Lex::kOpen, "(", start}); ++i_; continue; }
      if (c == ')') { tokens.push_back({Lex::kClose, ")", start}); ++i_; continue; }
      if ((c == '-' || c == '+') && i_ + 1 < q_.size() && !is_space(q_[i_ + 1]) && q_[i_ + 1] != '-' && q_[i_ + 1] != '+' &&
          q_[i_ + 1] != ')') {
        tokens.push_back({c == '-' ? Lex::kMinus : Lex::kPlus, std::string(1, c), start});
        ++i_;
        continue;
      }
      tokens.push_back(word(start));
    }
    tokens.push_back({Lex::kEnd, "", q_.size()});
    return tokens;
  }

 private:
  std::string quoted_text() {
    std::size_t start = ++i_;
    std::size_t end = q_.find('"', start);
    if (end == std::string_view::npos) {
      notes_.push_back("added the missing closing quote at the end");
      i_ = q_.size();
      return std::string(q_.substr(start));
    }
    i_ = end + 1;
    return std::string(q_.substr(start, end - start));
  }

  QToken word(std::size_t start) {
    while (i_ < q_.size() && !is_space(q_[i_]) && q_[i_] != '(' && q_[i_] != ')' && q_[i_] != '"') {
      if (q_[i_] == ':' && i_ > start && (i_ + 1 == q_.size() || is_space(q_[i_ + 1]) || q_[i_ + 1] == ')')) {
        // "title:" with nothing after it would otherwise search the word "title".
        std::string name(q_.substr(start, i_ - start));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
        if (is_field_name(name))
          throw QueryError("field '" + name + ":' has no value: write " + name + ":VALUE, with no space after the colon",
                           column_of(q_, start));
      }
      if (q_[i_] == ':' && i_ > start && i_ + 1 < q_.size() && !is_space(q_[i_ + 1]) && q_[i_ + 1] != '/' &&
          q_[i_ + 1] != ':') {
        std::string_view name = q_.substr(start, i_ - start);
        if (std::all_of(name.begin(), name.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); }))
          return field(std::string(name), start);
      }
      ++i_;
    }
    std::string text(q_.substr(start, i_ - start));
    if (text == "AND" || text == "&&") return {Lex::kAnd, text, start};
    if (text == "OR" || text == "||") return {Lex::kOr, text, start};
    if (text == "NOT") return {Lex::kNot, text, start};
    if (text == "NEAR") return {Lex::kNear, text, start, kDefaultNear};
    if (text.rfind("NEAR/", 0) == 0) {
      const std::string n = text.substr(5);
      if (n.empty() || n.size() > 4 || !std::all_of(n.begin(), n.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }) ||
          std::stoi(n) < 1 || std::stoi(n) > static_cast<int>(kMaxNear))
        throw QueryError("'" + text + "': NEAR/ takes a number of words from 1 to " + std::to_string(kMaxNear) + ", e.g. NEAR/5",
                         column_of(q_, start));
      return {Lex::kNear, text, start, static_cast<unsigned>(std::stoi(n))};
    }
    return {Lex::kWord, text, start};
  }

  QToken field(std::string name, std::size_t start) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (!is_field_name(lower))
      throw QueryError("unknown field '" + name + ":' (fields are title:, source:, lang:, date:)", column_of(q_, start));
    ++i_;  // the colon
    QToken token{Lex::kField, "", start};
    token.field = lower;
    if (q_[i_] == '(') {  // title:(a OR b): the parser reads the group and applies the field
      token.group = true;
      return token;
    }
    token.value_offset = i_ + (q_[i_] == '"' ? 1 : 0);
    if (q_[i_] == '"') {
      token.text = quoted_text();
      token.quoted = true;
    } else {
      std::size_t value = i_;
      while (i_ < q_.size() && !is_space(q_[i_]) && q_[i_] != '(' && q_[i_] != ')' && q_[i_] != '"') ++i_;
      token.text = std::string(q_.substr(value, i_ - value));
    }
    if (token.text.find_first_not_of(" \t") == std::string::npos)
      throw QueryError("field '" + lower + ":' has no value", column_of(q_, start));
    return token;
  }

  std::string_view q_;
  std::vector<std::string>& notes_;
  std::size_t i_ = 0;
};

// Reads "2017", "2017-02", "2017-02-03" into the first and last YYYYMMDD
// they cover; false if it is not such a date.
bool date_bounds(std::string_view text, std::string& first, std::string& last) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t digits = 0;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (++digits > (count == 0 ? 4u : 2u)) return false;
      parts[count] = parts[count] * 10 + (c - '0');
    } else if ((c == '-' || c == '/' || c == '.') && digits > 0 && count < 2) {
      ++count;
      digits = 0;
    } else {
      return false;
    }
  }
  if (digits == 0 || (count == 0 && digits != 4)) return false;
  ++count;
  if (parts[0] < 1000 || (count >= 2 && (parts[1] < 1 || parts[1] > 12)) || (count == 3 && (parts[2] < 1 || parts[2] > 31)))
    return false;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", parts[0], count >= 2 ? parts[1] : 1, count == 3 ? parts[2] : 1);
  first = buffer;
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", parts[0], count >= 2 ? parts[1] : 12, count == 3 ? parts[2] : 31);
  last = buffer;
  return true;
}

// "war or peace" searches the word "or" (a stopword): say so, since the
// writer more likely meant the operator.
void note_lowercase_operators(std::string_view q, const std::vector<QToken>& tokens, std::vector<std::string>& notes) {
  auto is_term = [](const QToken& t) { return t.kind == Lex::kWord || t.kind == Lex::kPhrase || t.kind == Lex::kField; };
  for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
    const QToken& t = tokens[i];
    if (t.kind != Lex::kWord || !is_term(tokens[i - 1]) || !is_term(tokens[i + 1])) continue;
    std::string lower = t.text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    std::string upper = lower;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
    if (lower == "and" || lower == "or" || lower == "not")
      notes.push_back("read '" + t.text + "' at column " + std::to_string(column_of(q, t.offset)) +
                      " as a word: operators are upper case (" + upper + ")");
  }
}

class Parser {
 public:
  Parser(std::string_view q, std::vector<QToken> tokens, std::vector<std::string>& notes)
      : q_(q), tokens_(std::move(tokens)), notes_(notes) {}

  Node run() {
    Node root = parse_or();
    while (peek().kind != Lex::kEnd) {  // only a stray ')' stops parse_or early
      notes_.push_back("ignored the unmatched ')' at column " + std::to_string(column_of(q_, peek().offset)));
      ++pos_;
      Node more = parse_or();
      root = join(std::move(root), std::move(more));
    }
    return root;
  }

 private:
  const QToken& peek() const { return tokens_[pos_]; }
  bool at_boundary() const {
    Lex k = peek().kind;
    return k == Lex::kEnd || k == Lex::kClose || k == Lex::kOr;
  }

  static Node join(Node a, Node b) {
    if (a.kind == Node::kAnd && a.children.empty()) return b;
    if (b.kind == Node::kAnd && b.children.empty()) return a;
    Node n{Node::kAnd};
    n.implicit = true;
    n.children = {std::move(a), std::move(b)};
    n.signs = {0, 0};
    return n;
  }

  Node parse_or() {
    Node first = parse_and();
    Node n{Node::kOr};
    n.children.push_back(std::move(first));
    while (peek().kind == Lex::kOr) {
      const QToken& op = tokens_[pos_++];
      if (n.children.size() == 1 && n.children[0].kind == Node::kAnd && n.children[0].children.empty())
        notes_.push_back("ignored '" + op.text + "' with nothing before it at column " + std::to_string(column_of(q_, op.offset)));
      if (at_boundary()) {
        notes_.push_back("ignored '" + op.text + "' with nothing after it at column " + std::to_string(column_of(q_, op.offset)));
        continue;
      }
      n.children.push_back(parse_and());
    }
    std::erase_if(n.children, [](const Node& c) { return c.kind == Node::kAnd && c.children.empty(); });
    if (n.children.size() == 1) return std::move(n.children[0]);
    if (n.children.empty()) return Node{Node::kAnd};
    return n;
  }

  Node parse_and() {
    Node n{Node::kAnd};
    n.implicit = true;
    while (!at_boundary()) {
      const QToken& t = peek();
      int sign = 0;
      if (t.kind == Lex::kAnd) {
        ++pos_;
        n.implicit = false;
        if (at_boundary() || n.children.empty())
          notes_.push_back("ignored '" + t.text + "' with nothing on one side at column " + std::to_string(column_of(q_, t.offset)));
        continue;
      }
      if (t.kind == Lex::kNot || t.kind == Lex::kMinus || t.kind == Lex::kPlus) {
        ++pos_;
        if (at_boundary()) {
          notes_.push_back("ignored '" + t.text + "' with nothing after it at column " + std::to_string(column_of(q_, t.offset)));
          continue;
        }
        sign = t.kind == Lex::kPlus ? 1 : -1;
        if (t.kind == Lex::kNot) n.implicit = false;
      }
      if (peek().kind == Lex::kNear) {
        notes_.push_back("ignored 'NEAR' with nothing before it at column " + std::to_string(column_of(q_, peek().offset)));
        ++pos_;
        continue;
      }
      n.children.push_back(parse_near());
      n.signs.push_back(sign);
    }
    if (n.children.size() == 1 && n.signs[0] >= 0) return std::move(n.children[0]);
    return n;
  }

  Node parse_near() {
    Node left = parse_primary();
    while (peek().kind == Lex::kNear) {
      const QToken& op = tokens_[pos_++];
      if (at_boundary() || peek().kind != Lex::kWord || left.kind != Node::kWord) {
        notes_.push_back("read '" + op.text + "' at column " + std::to_string(column_of(q_, op.offset)) +
                         " as AND: NEAR joins two single words");
        if (at_boundary()) break;
        Node n{Node::kAnd};
        n.children = {std::move(left), parse_primary()};
        n.signs = {0, 0};
        left = std::move(n);
        continue;
      }
      Node n{Node::kNear};
      n.distance = op.distance;
      n.children = {std::move(left), parse_primary()};
      left = std::move(n);
    }
    return left;
  }

  Node parse_primary() {
    const QToken& t = tokens_[pos_++];
    switch (t.kind) {
      case Lex::kOpen: {
        if (++depth_ > kMaxDepth) throw QueryError("parentheses nested too deeply", column_of(q_, t.offset));
        Node inner = parse_or();
        --depth_;
        if (peek().kind == Lex::kClose) ++pos_;
        else notes_.push_back("added the missing ')' for the '(' at column " + std::to_string(column_of(q_, t.offset)));
        return inner;
      }
      case Lex::kPhrase: return at(Node{Node::kPhrase, t.text, t.offset}, t.offset + 1);
      case Lex::kField:
        if (t.group) return field_group(t);
        return field(t);
      case Lex::kWord:
        if (t.text == "*") return Node{Node::kEvery, t.text, t.offset};
        if (t.text.size() > 1 && t.text.back() == '*') return Node{Node::kPrefix, t.text.substr(0, t.text.size() - 1), t.offset};
        return at(Node{Node::kWord, t.text, t.offset}, t.offset);
      default:  // an operator where a word belongs: take it as a word
        return at(Node{Node::kWord, t.text, t.offset}, t.offset);
    }
  }

  // title:(a OR "b c") is the group within the title, source:(a b) within
  // the source: the field goes to every word and phrase of the group.
  Node field_group(const QToken& t) {
    if (t.field != "title" && t.field != "source")
      throw QueryError("field '" + t.field + ":' takes one value, not a (group)", column_of(q_, t.offset));
    Node group = parse_primary();  // the '(' token follows
    apply_field(group, t.field);
    notes_.push_back("read " + t.field + ":( ) at column " + std::to_string(column_of(q_, t.offset)) +
                     " as each word of the group in the " + t.field);
    return group;
  }

  void apply_field(Node& n, const std::string& name) {
    switch (n.kind) {
      case Node::kWord:
      case Node::kPhrase:
        n.quoted = n.kind == Node::kPhrase;
        n.kind = name == "title" ? Node::kTitle : Node::kSource;
        return;
      case Node::kAnd:
      case Node::kOr:
        for (Node& c : n.children) apply_field(c, name);
        return;
      case Node::kNear:  // NEAR within a field has no positions to go by: both words in it
        n.kind = Node::kAnd;
        n.signs = {0, 0};
        for (Node& c : n.children) apply_field(c, name);
        return;
      default:
        throw QueryError("only words and phrases can go inside " + name + ":( )", column_of(q_, n.offset));
    }
  }

  Node field(const QToken& t) {
    if (t.field == "title") {
      Node n = at(Node{Node::kTitle, t.text, t.offset}, t.value_offset);
      n.quoted = t.quoted;
      return n;
    }
    if (t.field == "source") return Node{Node::kSource, t.text, t.offset};
    if (t.field == "lang") return Node{Node::kLang, t.text, t.offset};
    Node n{Node::kDate, t.text, t.offset};
    std::string_view value = t.text;
    std::size_t dots = value.find("..");
    std::string ignored;
    bool ok;
    if (dots == std::string_view::npos) {
      ok = date_bounds(value, n.low, n.high);
    } else {
      std::string_view from = value.substr(0, dots), to = value.substr(dots + 2);
      ok = !(from.empty() && to.empty()) && (from.empty() || date_bounds(from, n.low, ignored)) &&
           (to.empty() || date_bounds(to, ignored, n.high));
    }
    if (!ok)
      throw QueryError("bad date '" + t.text + "': write date:YYYY, date:YYYY-MM, date:YYYY-MM-DD or a range A..B",
                       column_of(q_, t.offset));
    if (!n.low.empty() && !n.high.empty() && n.low > n.high)
      throw QueryError("date range '" + t.text + "' ends before it starts", column_of(q_, t.offset));
    return n;
  }

  std::string_view q_;
  std::vector<QToken> tokens_;
  std::vector<std::string>& notes_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
};

// Turns the tree into a Xapian query, analysing every word.
class Compiler {
 public:
  Compiler(QueryParser& parser, Analyzer& analyzer, std::string_view q, ParsedQuery& out)
      : parser_(parser), analyzer_(analyzer), q_(q), out_(out) {}

  // The whole query `root`; sets out.every_word as ParsedQuery says.
  Xapian::Query compile_root(const Node& root, std::string& reading) {
    root_ = &root;
    return compile(root, reading);
  }

  Xapian::Query compile(const Node& n, std::string& reading) {
    if (n.kind == Node::kAnd || n.kind == Node::kOr) return compile_node(n, reading);
    std::string r;
    Xapian::Query q = compile_node(n, r);
    if (!q.empty() && !spend(q, n)) return {};
    reading += r;
    return q;
  }

 private:
  // Counts the terms `q` searches against kMaxQueryTerms. Past it, a word
  // that only ranks (ranking_only_) is dropped (false, said in a note);
  // anything else is an error at its column.
  bool spend(const Xapian::Query& q, const Node& n) {
    std::size_t terms = static_cast<std::size_t>(std::distance(q.get_unique_terms_begin(), q.get_unique_terms_end()));
    for (const std::string& prefix : prefixes_) terms += parser_.count_prefix(prefix, kMaxPrefixExpansion);
    prefixes_.clear();
    if (terms_ + terms <= kMaxQueryTerms) {
      terms_ += terms;
      return true;
    }
    if (ranking_only_) {
      if (!dropped_) out_.notes.push_back("dropped '" + n.text + "' and the words after it: the query searches more than " +
                                          std::to_string(kMaxQueryTerms) + " terms");
      dropped_ = true;
      return false;
    }
    throw QueryError("the query searches more than " + std::to_string(kMaxQueryTerms) +
                         " terms (word forms and prefix* words) by here: make it shorter or its prefixes longer",
                     column_of(q_, n.offset));
  }

  Xapian::Query compile_node(const Node& n, std::string& reading) {
    switch (n.kind) {
      case Node::kWord: return word(n, reading);
      case Node::kPhrase: spelled(n); return phrase(n.text, "", n.offset, reading);
      case Node::kPrefix: return prefix(n, reading);
      case Node::kNear: return near(n, reading);
      case Node::kTitle: return title(n, reading);
      case Node::kSource: return source(n, reading);
      case Node::kLang: return language(n, reading);
      case Node::kDate: return date(n, reading);
      case Node::kOr: return any(n, reading);
      case Node::kAnd: return all(n, reading);
      case Node::kEvery: reading += "<every article>"; return Xapian::Query::MatchAll;
    }
    return {};
  }

  void count_word(std::size_t offset) {
    if (++words_ > kMaxWords)
      throw QueryError("query too long: more than " + std::to_string(kMaxWords) + " words", column_of(q_, offset));
  }

  // The words a spelling correction may replace, where they stand in the query.
  // An apostrophe word's term is one side of it ("o'sulivan": sulivan): a
  // correction replaces that side only, keeping what the query says.
  void spelled(const Node& n) {
    for (const Token& t : analyzer_.tokenize(n.text)) {
      if (t.is_number) continue;
      std::size_t begin = t.begin, end = t.end;
      std::string lower = n.text.substr(t.begin, t.end - t.begin);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (std::size_t at = lower.find(t.term); lower != t.term && at != std::string::npos) {
        begin = t.begin + at;
        end = begin + t.term.size();
      }
      out_.written.push_back({n.text_offset + begin, n.text_offset + end, t.term});
    }
  }

  Xapian::Query word(const Node& n, std::string& reading) {
    count_word(n.offset);
    spelled(n);
    std::vector<Token> tokens = analyzer_.tokenize(n.text);
    if (tokens.size() > 1) {  // "cease-fire", 谈判代表: a phrase
      std::string phrase_reading;
      Xapian::Query q = phrase(n.text, "", n.offset, phrase_reading);
      // A hyphen-joined word is one word however it is written: "cease-fire",
      // "cease fire" or "ceasefire" (see schema::kJoinedPrefix).
      std::vector<Compound> compounds = Analyzer::compounds(n.text, tokens);
      Xapian::Query joined;
      if (compounds.size() == 1 && compounds[0].first == 0 && compounds[0].last + 1 == tokens.size())
        joined = parser_.word_query(compounds[0].term, out_.highlight);
      if (joined.empty()) {
        reading += phrase_reading;
        return q;
      }
      reading += "(" + phrase_reading + " OR " + compounds[0].term + ")";
      return Xapian::Query(Xapian::Query::OP_SYNONYM, q, joined);
    }
    Xapian::Query q = parser_.word_query(n.text, out_.highlight);
    if (q.empty()) {
      out_.notes.push_back("ignored '" + n.text + "': it has no letters or digits");
      return q;
    }
    reading += readable(parser_.position_terms(n.text, tokens)[0]);
    return q;
  }

  Xapian::Query phrase(const std::string& text, const std::string& prefix, std::size_t offset, std::string& reading) {
    std::vector<Token> tokens = analyzer_.tokenize(text);
    if (tokens.empty()) {
      out_.notes.push_back("ignored the empty phrase at column " + std::to_string(column_of(q_, offset)));
      return {};
    }
    std::vector<std::string> words;
    reading += prefix.empty() ? "\"" : "title:\"";
    // A word written with a symbol stands at each of its tokens' positions,
    // in the index as here: "at&t says" is XWat&t XWat&t says.
    const std::vector<std::string> at = parser_.position_terms(text, tokens);
    std::vector<std::string> plain;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      count_word(offset);
      plain.push_back(tokens[i].term);
      words.push_back(at[i]);
      if (i == 0 || at[i] != at[i - 1] || at[i] == tokens[i].term) reading += (i ? " " : "") + readable(at[i]);
    }
    reading += "\"";
    const Xapian::Query ranked = phrase_of(plain, prefix);
    if (at == plain) {
      if (words.size() == 1) out_.highlight.words.insert(words[0]);
      else out_.highlight.phrases.push_back(std::move(words));
      return ranked;
    }
    const std::vector<WholeWord> wholes = analyzer_.whole_words(text, tokens);
    if (wholes.size() == 1 && wholes[0].first == 0 && wholes[0].last + 1 == tokens.size())
      words.resize(1);  // one word written with a symbol: its term alone
    if (words.size() == 1) out_.highlight.words.insert(words[0]);
    else out_.highlight.phrases.push_back(words);
    // Ranked as the words without their symbols (whole-word terms add
    // nothing to an article's length, see schema::kWholeWordPrefix),
    // matched only where the symbols are.
    return Xapian::Query(Xapian::Query::OP_FILTER, ranked, phrase_of(words, prefix));
  }

  // The phrase of `words` (each with `prefix`), or the term of a single one.
  static Xapian::Query phrase_of(const std::vector<std::string>& words, const std::string& prefix) {
    std::vector<Xapian::Query> terms;
    for (std::size_t i = 0; i < words.size(); ++i)
      terms.emplace_back(prefix + words[i], 1, static_cast<Xapian::termpos>(i + 1));
    if (terms.size() == 1) return terms[0];
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
  }

  Xapian::Query prefix(const Node& n, std::string& reading) {
    count_word(n.offset);
    std::string folded = analyzer_.fold(n.text);
    if (folded.empty()) {
      out_.notes.push_back("ignored '" + n.text + "*': no letters before the '*'");
      return {};
    }
    auto wildcard = [&](const std::string& prefix) {
      prefixes_.push_back(prefix);
      return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kMaxPrefixExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
    };
    // "e-mail*": a hyphen-joined word is one word, as for plain words: the
    // index's joined words ("e-mails" as XJemails) and words written as one
    // ("emails") that begin with the parts written together.
    std::vector<Token> tokens = analyzer_.tokenize(n.text);
    std::vector<Compound> compounds = tokens.size() > 1 ? Analyzer::compounds(n.text, tokens) : std::vector<Compound>{};
    if (compounds.size() == 1 && compounds[0].first == 0 && compounds[0].last + 1 == tokens.size()) {
      const std::string& joined = compounds[0].term;
      out_.highlight.prefixes.push_back(joined);
      std::vector<std::string> parts;  // marks "e-mail" itself in snippets (not "e-mails")
      for (const Token& t : tokens) parts.push_back(t.term);
      out_.highlight.phrases.push_back(std::move(parts));
      reading += n.text + "*";
      return Xapian::Query(Xapian::Query::OP_OR, wildcard(schema::kJoinedPrefix + joined), wildcard(joined));
    }
    out_.highlight.prefixes.push_back(folded);
    reading += folded + "*";
    return wildcard(folded);
  }

  Xapian::Query near(const Node& n, std::string& reading) {
    std::vector<Xapian::Query> ranked, positions;
    std::string joined;
    bool single_words = true;
    for (const Node& side : n.children) single_words = single_words && analyzer_.tokenize(side.text).size() == 1;
    if (!single_words)  // Xapian's NEAR takes terms only, and "cease-fire" or 和平谈判 is a phrase
      out_.notes.push_back("read NEAR/" + std::to_string(n.distance) + " at column " +
                           std::to_string(column_of(q_, n.children[1].offset)) + " as AND: one side is several words");
    bool symbols = false;
    for (const Node& side : n.children) {  // single words as written (see Parser::parse_near)
      spelled(side);
      std::string r;
      Xapian::Query q = phrase(side.text, "", side.offset, r);
      if (q.empty()) continue;
      joined += (joined.empty() ? "" : " NEAR/" + std::to_string(n.distance) + " ") + r;
      ranked.push_back(q);
      if (single_words) {
        const std::vector<Token> tokens = analyzer_.tokenize(side.text);
        const std::string at = parser_.position_terms(side.text, tokens)[0];
        symbols = symbols || at != tokens[0].term;
        positions.emplace_back(at, 1, 1);
      }
    }
    reading += joined;
    if (ranked.size() < 2) return ranked.empty() ? Xapian::Query() : ranked[0];
    if (!single_words) return Xapian::Query(Xapian::Query::OP_AND, ranked.begin(), ranked.end());
    Xapian::Query near(Xapian::Query::OP_NEAR, positions.begin(), positions.end(), n.distance + 1);
    if (!symbols) return near;
    // "100% NEAR/3 rise": NEAR takes terms only, so it is matched on the
    // words' position terms (XW100% stands where 100 does) and ranked, as a
    // phrase with symbols is, on the words without their symbols.
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, ranked.begin(), ranked.end()),
                         near);
  }

  Xapian::Query title(const Node& n, std::string& reading) {
    spelled(n);
    std::vector<Token> tokens = analyzer_.tokenize(n.text);
    if (n.quoted || tokens.size() != 1 || parser_.position_terms(n.text, tokens)[0] != tokens[0].term)
      return phrase(n.text, schema::kTitlePrefix, n.offset, reading);
    count_word(n.offset);
    Xapian::Query forms = parser_.word_query(n.text, out_.highlight);
    std::vector<Xapian::Query> title_forms;
    const std::string_view stem_prefix = schema::kStemPrefix;
    for (auto it = forms.get_terms_begin(); it != forms.get_terms_end(); ++it) {
      const std::string term = *it;
      if (term.starts_with(stem_prefix))  // a schema-1 stem term
        title_forms.emplace_back(schema::kTitleStemPrefix + term.substr(stem_prefix.size()));
      else
        title_forms.emplace_back(schema::kTitlePrefix + term);
    }
    reading += "title:" + readable(parser_.position_terms(n.text, tokens)[0]);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, title_forms.begin(), title_forms.end());
  }

  Xapian::Query source(const Node& n, std::string& reading) {
    std::vector<Xapian::Query> terms;
    reading += "source:";
    for (const Token& t : analyzer_.tokenize(n.text)) {
      terms.emplace_back(schema::kSourcePrefix + t.term);
      reading += t.term + " ";
    }
    if (terms.empty()) throw QueryError("source '" + n.text + "' has no letters or digits", column_of(q_, n.offset));
    reading.pop_back();
    return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
  }

  Xapian::Query language(const Node& n, std::string& reading) {
    std::string code = normalize_language(n.text);
    if (code.empty())
      throw QueryError("unknown language '" + n.text + "': use a code such as en, fr, ru, ar, zh", column_of(q_, n.offset));
    reading += "lang:" + code;
    return Xapian::Query(schema::kLanguagePrefix + code);
  }

  Xapian::Query date(const Node& n, std::string& reading) {
    reading += "date:" + n.low + ".." + n.high;
    Xapian::Query range = n.low.empty()    ? Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, n.high)
                          : n.high.empty() ? Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, n.low)
                                           : Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, n.low, n.high);
    out_.date_filters.emplace_back("date:" + n.text, range);
    return range;
  }

  Xapian::Query any(const Node& n, std::string& reading) {
    std::vector<Xapian::Query> parts;
    std::string inner;
    for (const Node& c : n.children) {
      std::string r;
      Xapian::Query q = compile(c, r);
      if (q.empty()) continue;
      parts.push_back(q);
      inner += (inner.empty() ? "" : " OR ") + r;
    }
    if (parts.empty()) return {};
    reading += parts.size() > 1 ? "(" + inner + ")" : inner;
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  // Filters only restrict: source, language, date, and groups of them (source:(a OR b)).
  static bool is_filter(const Node& n) {
    if (n.kind == Node::kAnd || n.kind == Node::kOr)
      return !n.children.empty() && std::all_of(n.children.begin(), n.children.end(), [](const Node& c) { return is_filter(c); });
    return n.kind == Node::kSource || n.kind == Node::kLang || n.kind == Node::kDate;
  }

  // A compiled child of an AND, and how it reads.
  struct Part {
    Xapian::Query query;
    std::string reading;
  };
  // The children of an AND by what they do in it.
  struct Roles {
    std::vector<Part> required, optional, stopwords, filters, excluded;
  };
  // Which children of an AND are plain words (no sign, not quoted, of an
  // implicit AND) and which of those are stopwords; `ranked` when the plain
  // words are ranked rather than required.
  struct PlainWords {
    std::vector<bool> plain, stop;
    bool ranked = false;
  };

  Xapian::Query all(const Node& n, std::string& reading) {
    const PlainWords words = plain_words(n);
    Roles roles = compile_children(n, words);
    std::string r;
    Xapian::Query every;
    Xapian::Query q = combine(roles, r, every);
    if (q.empty()) return q;
    if (&n == root_) out_.every_word = every;
    reading += n.children.size() > 1 ? "(" + r + ")" : r;
    return q;
  }

  // Plain words of an implicit AND: the stopwords among them are neither
  // required nor (by default) weighed; the others are required in a short
  // query, and ranked by how many and how rare the words an article holds
  // in a long one.
  PlainWords plain_words(const Node& n) const {
    PlainWords words;
    words.plain.resize(n.children.size());
    words.stop.resize(n.children.size());
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      words.plain[i] = n.implicit && n.children[i].kind == Node::kWord && n.signs[i] == 0;
      words.stop[i] = words.plain[i] && parser_.is_stopword(n.children[i].text);
    }
    const std::size_t content_words =
        std::count(words.plain.begin(), words.plain.end(), true) - std::count(words.stop.begin(), words.stop.end(), true);
    if (content_words == 0) words.stop.assign(words.stop.size(), false);  // only stopwords: search them as written
    words.ranked = content_words > parser_.settings().all_words_max;
    return words;
  }

  // Compiles the children of `n` into their roles. A repeated ranked word is
  // compiled once and weighs as often as it is written, as the sum of its
  // copies did: a long question saying "oil" twice is about oil (CISI's MAP
  // fell from 0.196 to 0.162 when repeats weighed once).
  Roles compile_children(const Node& n, const PlainWords& words) {
    Roles roles;
    // The ranked words kept so far: how often each is written, and where its
    // part stands in roles.optional (none for a stopword).
    std::map<std::string, std::pair<double, std::optional<std::size_t>>> distinct;
    bool capped = false;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      const Node& c = n.children[i];
      const bool ranked = words.plain[i] && words.ranked;
      const std::string folded = ranked ? analyzer_.fold(c.text) : std::string();
      if (ranked) {
        if (auto seen = distinct.find(folded); seen != distinct.end()) {
          seen->second.first += 1;
          continue;
        }
        if (distinct.size() == kMaxRankedWords) {
          if (!capped) out_.notes.push_back("kept the first " + std::to_string(kMaxRankedWords) + " distinct words of the long query");
          capped = true;
          continue;
        }
        distinct.emplace(folded, std::make_pair(1.0, std::nullopt));
      }
      Part part;
      ranking_only_ = ranked || words.stop[i];
      part.query = compile(c, part.reading);
      ranking_only_ = false;
      if (part.query.empty()) continue;
      if (n.signs[i] < 0) {
        roles.excluded.push_back(std::move(part));
      } else if (is_filter(c)) {
        roles.filters.push_back(std::move(part));
      } else if (words.stop[i]) {
        roles.stopwords.push_back(std::move(part));
      } else if (ranked) {
        distinct[folded].second = roles.optional.size();
        roles.optional.push_back(std::move(part));
      } else {
        roles.required.push_back(std::move(part));
      }
    }
    for (const auto& [word, times_at] : distinct)
      if (const auto& [times, at] = times_at; times > 1 && at) {
        Part& part = roles.optional[*at];
        part.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, part.query, times);
        part.reading += "×" + std::to_string(static_cast<int>(times));
      }
    return roles;
  }

  // The queries of `parts` joined by `op`; their readings joined by `separator`.
  static Xapian::Query joined(const std::vector<Part>& parts, Xapian::Query::op op) {
    std::vector<Xapian::Query> queries;
    for (const Part& p : parts) queries.push_back(p.query);
    return Xapian::Query(op, queries.begin(), queries.end());
  }
  static std::string joined(const std::vector<Part>& parts, const char* separator) {
    std::string s;
    for (const Part& p : parts) s += (s.empty() ? "" : separator) + p.reading;
    return s;
  }

  // The AND of `roles`: required parts, ranked by the optional ones and the
  // stopwords, filtered, minus the excluded; `r` gets how it reads.
  // `every`: for a short query, the same AND requiring every ranked word
  // too (for the count of articles holding them all), else empty.
  Xapian::Query combine(const Roles& roles, std::string& r, Xapian::Query& every) {
    const RankingSettings& settings = parser_.settings();
    Xapian::Query q;
    if (!roles.required.empty()) {
      q = joined(roles.required, Xapian::Query::OP_AND);
      r = joined(roles.required, " AND ");
    }
    if (!roles.optional.empty()) {
      Xapian::Query some = joined(roles.optional, Xapian::Query::OP_OR);
      const std::size_t ranked = roles.optional.size();
      const bool short_query = ranked + roles.required.size() > 1 && ranked <= settings.every_word_max;
      if (short_query) every = joined(roles.optional, Xapian::Query::OP_AND);
      // An article holding every ranked word scores (1 + bonus) times their
      // BM25: the AND's weight is the sum of its words', as the OR's is.
      if (short_query && ranked > 1 && settings.every_word_bonus > 0)
        some = Xapian::Query(Xapian::Query::OP_AND_MAYBE, some,
                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, every, settings.every_word_bonus));
      q = q.empty() ? some : Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, some);
      every = every.empty() || roles.required.empty() ? every
                                                      : Xapian::Query(Xapian::Query::OP_AND, joined(roles.required, Xapian::Query::OP_AND), every);
      // One ranked word alone is simply the word.
      const bool alone = ranked == 1 && roles.required.empty();
      r += (r.empty() ? "" : " AND ") + (alone ? joined(roles.optional, " ") : "ANY-RANKED(" + joined(roles.optional, " ") + ")");
    }
    if (!roles.stopwords.empty()) {
      if (settings.stopword_weight > 0 && !q.empty()) {
        Xapian::Query some = joined(roles.stopwords, Xapian::Query::OP_OR);
        q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, some, settings.stopword_weight));
      }
      r += (r.empty() ? "" : " ") + std::string("STOPWORDS(") + joined(roles.stopwords, " ") + ")";
    }
    if (!roles.filters.empty()) {
      Xapian::Query filter = joined(roles.filters, Xapian::Query::OP_AND);
      q = q.empty() ? filter : Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
      if (!every.empty()) every = Xapian::Query(Xapian::Query::OP_FILTER, every, filter);
      r += (r.empty() ? "" : " FILTER ") + joined(roles.filters, " AND ");
    }
    if (!roles.excluded.empty()) {
      if (q.empty()) {
        q = Xapian::Query::MatchAll;
        r = "<every article>";
        out_.notes.push_back("the query only excludes: searching every article without those words");
      }
      q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, joined(roles.excluded, Xapian::Query::OP_OR));
      if (!every.empty()) every = Xapian::Query(Xapian::Query::OP_AND_NOT, every, joined(roles.excluded, Xapian::Query::OP_OR));
      r += " NOT " + (roles.excluded.size() > 1 ? "(" + joined(roles.excluded, " OR ") + ")" : roles.excluded[0].reading);
    }
    return q;
  }

  QueryParser& parser_;
  Analyzer& analyzer_;
  std::string_view q_;
  ParsedQuery& out_;
  std::size_t words_ = 0;
  std::size_t terms_ = 0;      // spent of kMaxQueryTerms
  const Node* root_ = nullptr;
  bool ranking_only_ = false;  // the node being compiled only ranks: it may be dropped
  bool dropped_ = false;
  std::vector<std::string> prefixes_;  // the prefix* terms of the node being compiled, for spend()
};

// The words of a query made only of plain words, else nothing.
std::vector<std::string> plain_words_of(const Node& root) {
  if (root.kind == Node::kWord) return {root.text};
  std::vector<std::string> words;
  if (root.kind != Node::kAnd || !root.implicit) return words;
  for (std::size_t i = 0; i < root.children.size(); ++i) {
    if (root.children[i].kind != Node::kWord || root.signs[i] != 0) return {};
    words.push_back(root.children[i].text);
  }
  return words;
}

}  // namespace

std::set<std::string> QueryParser::stems_of(const Token& token) const {
  std::set<std::string> stems;
  if (token.is_number) return stems;
  for (const std::string& language : languages_)
    if (written_in_script_of(language, token.term)) stems.insert(analyzer_.stem(token.term, language));
  if (stems.empty()) stems.insert(analyzer_.stem(token.term, languages_.empty() ? "en" : ""));
  return stems;
}

void QueryParser::add_forms_by_prefix(const std::string& word, const std::string& stem, std::set<std::string>& forms) const {
  // A stem is nearly always a prefix of its forms, or shares all but its end
  // with them ("happi": happy, happiness); a bounded scan keeps a short
  // prefix in a large index cheap.
  constexpr int kMaxScanned = 5000;
  std::size_t common = 0;
  while (common < word.size() && common < stem.size() && word[common] == stem[common]) ++common;
  if (common == 0) return;
  const std::string prefix = word.substr(0, common);
  int scanned = 0;
  for (auto it = index_->allterms_begin(prefix); it != index_->allterms_end(prefix) && scanned < kMaxScanned; ++it, ++scanned) {
    Token candidate{*it, 0, 0, 0, false};
    if (stems_of(candidate).count(stem)) forms.insert(*it);
  }
}

std::set<std::string> QueryParser::stems_of(const std::string& word) {
  std::vector<Token> tokens = analyzer_.tokenize(word);
  return tokens.empty() ? std::set<std::string>{} : stems_of(tokens[0]);
}

bool QueryParser::indexes_whole_words(const Xapian::Database* index) {
  return index == nullptr || index->get_metadata(schema::kWholeWordsKey) == "1";
}

std::vector<std::string> QueryParser::position_terms(std::string_view text, const std::vector<Token>& tokens,
                                                     const std::string& prefix) {
  std::vector<std::string> terms;
  for (const Token& t : tokens) terms.push_back(prefix + t.term);
  if (whole_words_)
    for (const WholeWord& whole : analyzer_.whole_words(text, tokens))
      for (std::size_t i = whole.first; i <= whole.last; ++i) terms[i] = prefix + schema::kWholeWordPrefix + whole.term;
  return terms;
}

Xapian::Query QueryParser::word_query(const std::string& word, HighlightTerms& highlight) {
  std::vector<Token> tokens = analyzer_.tokenize(word);
  if (tokens.empty()) return {};
  const Token& token = tokens[0];
  if (tokens.size() == 1) {  // "o'sullivan", "blair's", "3.5%": the word as written, not its stem's forms
    const std::string whole = position_terms(word, tokens)[0];
    if (whole != token.term) {  // ranked as the word without its symbol, matched only where written with it
      HighlightTerms unmarked;
      highlight.words.insert(whole);
      return Xapian::Query(Xapian::Query::OP_FILTER, word_query(token.term, unmarked), Xapian::Query(whole));
    }
  }
  highlight.words.insert(token.term);
  if (token.is_number) return Xapian::Query(token.term);  // numbers are searched as written
  std::set<std::string> forms;
  for (const std::string& stem : stems_of(token)) {
    const std::string key = schema::kStemPrefix + stem;
    std::size_t before = forms.size();
    if (index_ != nullptr)
      for (auto it = index_->synonyms_begin(key); it != index_->synonyms_end(key); ++it) {
        forms.insert(*it);
        highlight.forms.insert(*it);
      }
    // Snippets mark what the query searches: the listed forms, and when the
    // list may be partial (a bounded scan of remote shards) or is missing,
    // any word of the stem.
    if (forms.size() == before || remote_shards_) highlight.stems.insert(stem);
    if (index_ != nullptr && remote_shards_) add_forms_by_prefix(token.term, stem, forms);
    if (forms.size() == before) forms.insert(key);  // a schema-1 database, or no article has the word
  }
  std::vector<Xapian::Query> terms(forms.begin(), forms.end());
  // A single term keeps Xapian's top-k pruning, which a synonym disables.
  if (terms.size() == 1) return terms[0];
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

std::size_t QueryParser::count_prefix(const std::string& prefix, std::size_t limit) const {
  if (index_ == nullptr) return 1;
  std::size_t n = 0;
  for (auto it = index_->allterms_begin(prefix); it != index_->allterms_end(prefix) && n <= limit; ++it) ++n;
  return n;
}

bool QueryParser::is_stopword(const std::string& word) {
  if (!settings_.stopwords) return false;
  std::vector<Token> tokens = analyzer_.tokenize(word);
  if (tokens.size() != 1) return false;
  const Stopwords& lists = Stopwords::builtin();
  return std::any_of(stopword_languages_.begin(), stopword_languages_.end(),
                     [&](const std::string& language) { return lists.contains(language, tokens[0].term); });
}

void QueryParser::choose_stopword_languages(const std::string& query) {
  // The query's own language when it says enough to tell; else those of the
  // articles, since a query is usually written in the language it searches.
  // In an archive of one language, that language either way.
  stopword_languages_.clear();
  if (languages_.size() == 1) {
    stopword_languages_ = languages_;
    return;
  }
  std::string language = detect_language(query);
  if (!languages_.empty() && std::find(languages_.begin(), languages_.end(), language) == languages_.end())
    language.clear();  // a guess from a few words; no article is in that language anyway
  if (Stopwords::builtin().has_list(language))
    stopword_languages_.push_back(language);
  else
    stopword_languages_ = languages_.empty() ? std::vector<std::string>{"en"} : languages_;
}

ParsedQuery QueryParser::parse(std::string_view raw) {
  if (raw.size() > kMaxQueryBytes)
    throw QueryError("query too long: more than " + std::to_string(kMaxQueryBytes) + " bytes", kMaxQueryBytes);
  std::string query = to_valid_utf8(raw);
  choose_stopword_languages(query);
  ParsedQuery out;
  out.text = query;
  std::vector<QToken> tokens = Lexer(query, out.notes).run();
  note_lowercase_operators(query, tokens, out.notes);
  Node root = Parser(query, std::move(tokens), out.notes).run();
  Compiler compiler(*this, analyzer_, query, out);
  out.query = compiler.compile_root(root, out.reading);
  if (out.query.empty()) throw QueryError("nothing to search for: the query has no words", 1);
  std::vector<std::string> words = plain_words_of(root);
  out.ranked_words = !words.empty();
  std::vector<std::string> content;
  std::copy_if(words.begin(), words.end(), std::back_inserter(content), [&](const std::string& w) { return !is_stopword(w); });
  if (content.empty()) content = words;
  out.content_words = content.size();
  const bool required = content.size() <= settings_.all_words_max;
  if (required || !out.every_word.empty()) out.all_words = content;
  if (required && out.all_words.size() > 1) {
    std::vector<Xapian::Query> words;
    HighlightTerms ignored;
    for (const std::string& w : out.all_words)
      if (Xapian::Query q = word_query(w, ignored); !q.empty()) words.push_back(q);
    out.relaxed = Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
  }
  return out;
}

}  // namespace wadi
