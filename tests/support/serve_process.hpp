// Test support: one real `haven serve` process (the built binary) on a free loopback port, over
// the workspace files named in `paths`, stopped with SIGTERM when destroyed. Its output goes to
// serve<N>.log in `dir`. port() is 0 when the process did not start within ten seconds.
#pragma once
#include <string>

#include "app/workspace.hpp"
#include "support/temp_workspace.hpp"

namespace haven::testing {

class ServeProcess {
 public:
  // `extra_args`: more options for `haven serve` (a shell fragment).
  ServeProcess(const TempDir& dir, const app::Paths& paths, int n, const std::string& extra_args = "");
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  unsigned short port() const { return port_; }
  // Kills the process at once (SIGKILL), as a crash or a power cut would stop it, and returns
  // when it has gone (exited, or a zombie waiting for its reaper: either way it holds nothing).
  void crash();

 private:
  int pid_ = 0;
  unsigned short port_ = 0;
};

// Runs the built `haven` binary with `args` (a shell fragment) over the workspace files in
// `paths`; returns its standard output and sets `exit_code`.
std::string run_haven(const app::Paths& paths, const std::string& args, int& exit_code);

}  // namespace haven::testing
