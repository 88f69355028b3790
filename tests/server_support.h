// A running `search --serve` for the tests that talk to it over HTTP.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace wadi::test {

class ServerProcess {
 public:
  // Starts `search --serve 127.0.0.1:0 --db DB ARGS...` and waits (up to 20
  // s) for the URL it prints. Fails the test when it does not come.
  ServerProcess(const std::string& db, const std::vector<std::string>& args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  std::string url() const { return "http://" + host_ + ":" + std::to_string(port_); }

  // Sends SIGTERM and waits: the exit code and what it printed.
  Run stop();

 private:
  TempDir output_;
  pid_t pid_ = -1;
  std::string host_ = "127.0.0.1";
  int port_ = 0;
};

}  // namespace wadi::test
