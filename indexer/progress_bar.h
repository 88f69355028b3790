// A progress bar for index on a terminal (stderr).
#pragma once

#include <chrono>
#include <cstddef>

namespace wadi {

// Draws "[=====>    ] 1234/20000 files  850 files/s  ETA 0:20" on stderr;
// draws nothing when not enabled. Erases itself when destroyed.
class ProgressBar {
 public:
  ProgressBar(bool enabled, std::size_t total) : enabled_(enabled && total > 0), total_(total) {}
  ~ProgressBar();
  // At most five times a second, and always at the end.
  void update(std::size_t done);

 private:
  bool enabled_;
  bool drawn_ = false;
  std::size_t total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_;
};

}  // namespace wadi
