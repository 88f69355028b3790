// The problems met in the parts of one file (lines, feed items, crawl
// records): the first few listed, the rest counted.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace wadi {

class ProblemList {
 public:
  static constexpr std::size_t kMaxListed = 20;

  // Adds to `out`, which the caller may empty between parts.
  explicit ProblemList(std::vector<std::string>& out) : out_(out) {}
  // `what` names the part: "line 12: invalid JSON at column 3".
  void add(std::string what) {
    if (++count_ <= kMaxListed) out_.push_back(std::move(what));
    else ++unlisted_;
  }
  std::size_t count() const { return count_; }
  // Adds the count of the problems not listed, once the file is read.
  void finish() {
    if (unlisted_) out_.push_back("... and " + std::to_string(unlisted_) + " more problems in this file");
    unlisted_ = 0;
  }

 private:
  std::vector<std::string>& out_;
  std::size_t count_ = 0;
  std::size_t unlisted_ = 0;
};

}  // namespace wadi
