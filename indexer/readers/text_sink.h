// Collecting the text of a page as a browser shows it.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace wadi {

// Turns every run of white space into one space and block boundaries into
// line breaks, at most one blank line in a row. Leading and trailing white
// space is dropped.
class TextSink {
 public:
  // Appends `s`, a text node; in preformatted text (<pre>) its line breaks stay.
  void text(std::string_view s, bool preformatted) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {  // no-break space
        ++i;
        c = ' ';
      }
      if (preformatted && c == '\n') {
        line_break(1);
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = !out_.empty();
      } else {
        if (!out_.empty()) {
          if (breaks_) out_.append(std::min(breaks_, 2), '\n');
          else if (space_) out_ += ' ';
        }
        breaks_ = 0;
        space_ = false;
        out_ += c;
      }
    }
  }
  // A word boundary made by the markup (between table cells).
  void space() { space_ = !out_.empty(); }
  // The next text starts a new line (n = 1) or a new paragraph (n = 2).
  void line_break(int n) { breaks_ = std::max(breaks_, n); }
  // The text collected so far; the sink is left empty.
  std::string finish() { return std::move(out_); }

 private:
  std::string out_;
  bool space_ = false;
  int breaks_ = 0;
};

}  // namespace wadi
