#include "webdriver.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <httplib.h>

namespace wadi::test {
namespace {

// WebDriver's name for the id of an element in its answers.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::optional<std::filesystem::path> on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::string base64_decoded(const std::string& text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '+'             ? 62
                : c == '/'             ? 63
                                       : -1;
    if (value < 0) continue;  // '=' padding, line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

pid_t spawn(const std::vector<std::string>& words, const std::filesystem::path& log) {
  std::vector<char*> argv;
  std::vector<std::string> copy = words;
  for (std::string& word : copy) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), child_environment().data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + words[0]);
  return pid;
}

}  // namespace

std::optional<BrowserPrograms> find_browser_programs() {
  const std::optional<std::filesystem::path> chromium = on_path("chromium"), driver = on_path("chromedriver");
  if (!chromium || !driver) return std::nullopt;
  return BrowserPrograms{*chromium, *driver};
}

bool wait_until(const std::function<bool()>& done, double seconds) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds * WADI_TIME_SCALE);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

Browser::Browser(const BrowserPrograms& programs, int width, int height) {
  const int port = free_port();
  driver_ = spawn({programs.chromedriver.string(), "--port=" + std::to_string(port)}, dir_ / "chromedriver.log");
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
  client_->set_read_timeout(30, 0);
  const bool ready = wait_until([&] {
    const httplib::Result status = client_->Get("/status");
    return status && status->status == 200 && nlohmann::json::parse(status->body)["value"].value("ready", false);
  });
  if (!ready) throw std::runtime_error("chromedriver did not answer within 10 s (see " + (dir_ / "chromedriver.log").string() + ")");
  // As root, Chromium runs only without its sandbox; a fresh profile, and
  // nothing fetched from the network but the pages under test.
  const nlohmann::json options = {
      {"binary", programs.chromium.string()},
      {"args", {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + (dir_ / "profile").string(),
                "--window-size=" + std::to_string(width) + "," + std::to_string(height)}}};
  const nlohmann::json session =
      command("POST", "/session", {{"capabilities", {{"alwaysMatch", {{"goog:chromeOptions", options}}}}}});
  session_ = session.at("sessionId").get<std::string>();
}

Browser::~Browser() {
  if (!session_.empty()) {
    try {
      command("DELETE", session_path(""));
    } catch (const std::exception&) {  // the browser is gone already
    }
  }
  if (driver_ > 0) {
    kill(driver_, SIGTERM);
    int status = 0;
    waitpid(driver_, &status, 0);
  }
}

nlohmann::json Browser::command(const std::string& method, const std::string& path, const nlohmann::json& body) {
  httplib::Result res = method == "GET"      ? client_->Get(path.c_str())
                        : method == "DELETE" ? client_->Delete(path.c_str())
                                             : client_->Post(path.c_str(), body.is_null() ? "{}" : body.dump(), "application/json");
  if (!res) throw std::runtime_error("WebDriver " + method + " " + path + ": no answer from chromedriver");
  const nlohmann::json answer = nlohmann::json::parse(res->body, nullptr, false);
  const nlohmann::json value = answer.is_object() ? answer.value("value", nlohmann::json()) : nlohmann::json();
  if (res->status != 200 || (value.is_object() && value.contains("error"))) {
    const std::string message = value.is_object() ? value.value("error", "") + ": " + value.value("message", "") : res->body;
    throw std::runtime_error("WebDriver " + method + " " + path + ": " + message.substr(0, message.find('\n')));
  }
  return value;
}

void Browser::go(const std::string& url) { command("POST", session_path("/url"), {{"url", url}}); }

void Browser::back() { command("POST", session_path("/back")); }

std::string Browser::url() { return command("GET", session_path("/url")).get<std::string>(); }

std::vector<Browser::Element> Browser::find_all(const std::string& css, const Element& within) {
  const std::string from = within.empty() ? "" : "/element/" + within;
  const nlohmann::json found = command("POST", session_path(from + "/elements"), {{"using", "css selector"}, {"value", css}});
  std::vector<Element> elements;
  for (const nlohmann::json& element : found) elements.push_back(element.at(kElementKey).get<std::string>());
  return elements;
}

Browser::Element Browser::find(const std::string& css) {
  std::vector<Element> found;
  if (!wait_until([&] { return !(found = find_all(css)).empty(); }, 5))
    throw std::runtime_error("no element matches '" + css + "' on " + url());
  return found.front();
}

void Browser::click(const Element& element) { command("POST", session_path("/element/" + element + "/click")); }

void Browser::type(const Element& element, const std::string& text) {
  command("POST", session_path("/element/" + element + "/clear"));
  command("POST", session_path("/element/" + element + "/value"), {{"text", text}});
}

std::string Browser::text(const Element& element) {
  return command("GET", session_path("/element/" + element + "/text")).get<std::string>();
}

std::string Browser::property(const Element& element, const std::string& name) {
  const nlohmann::json value = command("GET", session_path("/element/" + element + "/property/" + name));
  return value.is_string() ? value.get<std::string>() : value.dump();
}

void Browser::resize(int width, int height) {
  // The window's size counts its frame: set it, see how much of it the
  // page gets, and grow it by the difference.
  command("POST", session_path("/window/rect"), {{"width", width}, {"height", height}});
  const nlohmann::json inner =
      command("POST", session_path("/execute/sync"),
              {{"script", "return [window.innerWidth, window.innerHeight];"}, {"args", nlohmann::json::array()}});
  const int extra_width = width - inner.at(0).get<int>(), extra_height = height - inner.at(1).get<int>();
  if (extra_width != 0 || extra_height != 0)
    command("POST", session_path("/window/rect"), {{"width", width + extra_width}, {"height", height + extra_height}});
}

void Browser::screenshot(const std::filesystem::path& png) {
  std::filesystem::create_directories(png.parent_path());
  std::ofstream(png, std::ios::binary) << base64_decoded(command("GET", session_path("/screenshot")).get<std::string>());
}

}  // namespace wadi::test
