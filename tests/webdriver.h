// Headless Chromium driven through chromedriver's W3C WebDriver protocol
// (JSON over HTTP, no Selenium), for the tests that use the pages as a
// person does.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "e2e_support.h"

namespace httplib {
class Client;
}

namespace wadi::test {

// Where Debian installs them (`scripts/setup --browser`): the first of
// each name on PATH, or none.
struct BrowserPrograms {
  std::filesystem::path chromium, chromedriver;
};
std::optional<BrowserPrograms> find_browser_programs();

// A headless browser window: starts chromedriver on a free port and opens
// a session in a fresh profile; closes both when it goes. Every command
// throws std::runtime_error with WebDriver's message when it fails.
class Browser {
 public:
  Browser(const BrowserPrograms& programs, int width, int height);
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  using Element = std::string;  // WebDriver's id of an element

  void go(const std::string& url);
  void back();
  std::string url();
  // The elements `css` selects now (in `within`, when given), in page order.
  std::vector<Element> find_all(const std::string& css, const Element& within = "");
  // The first element `css` selects, waiting for one up to a few seconds.
  Element find(const std::string& css);
  void click(const Element& element);
  void type(const Element& element, const std::string& text);  // after clearing it
  // The text the element shows, as the browser renders it (white space collapsed).
  std::string text(const Element& element);
  std::string property(const Element& element, const std::string& name);
  // Makes the page's viewport `width` by `height` CSS pixels.
  void resize(int width, int height);
  // The viewport as a PNG file.
  void screenshot(const std::filesystem::path& png);

 private:
  nlohmann::json command(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  std::string session_path(const std::string& rest) const { return "/session/" + session_ + rest; }

  TempDir dir_;  // the profile and chromedriver's log
  pid_t driver_ = -1;
  std::unique_ptr<httplib::Client> client_;
  std::string session_;
};

// Calls `done` until it returns true, for up to `seconds`; false if it never did.
bool wait_until(const std::function<bool()>& done, double seconds = 10);

}  // namespace wadi::test
