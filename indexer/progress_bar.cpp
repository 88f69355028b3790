#include "progress_bar.h"

#include <cstdio>

namespace wadi {

ProgressBar::~ProgressBar() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
}

void ProgressBar::update(std::size_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done < total_) return;
  last_ = now;
  drawn_ = true;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  double rate = elapsed > 0 ? done / elapsed : 0;
  long eta = rate > 0 ? static_cast<long>((total_ - done) / rate) : 0;
  int filled = static_cast<int>(30.0 * done / total_);
  std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.0f files/s  ETA %ld:%02ld\033[K", filled,
               "==============================", 30 - filled, "", done, total_, rate, eta / 60, eta % 60);
}

}  // namespace wadi
