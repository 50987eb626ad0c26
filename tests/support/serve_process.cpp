#include "support/serve_process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

namespace haven::testing {

namespace {

std::string workspace_env(const app::Paths& paths) {
  return "HAVEN_DB='" + paths.db + "' HAVEN_KEYS='" + paths.keys + "' HAVEN_MASTER_KEY='" + paths.master + "' ";
}

}  // namespace

ServeProcess::ServeProcess(const TempDir& dir, const app::Paths& paths, int n, const std::string& extra_args) {
  auto log = dir.file("serve" + std::to_string(n) + ".log");
  auto pid = command_output(workspace_env(paths) + HAVEN_BINARY + " serve --listen 127.0.0.1:0 " + extra_args + " >'" +
                            log + "' 2>&1 & echo $!");
  pid_ = std::stoi(pid);
  port_ = port_in_log(log, "on http://127\\.0\\.0\\.1:(\\d+)");
}

namespace {

// True once `pid` has exited: gone, or a zombie.
bool has_exited(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  auto close = text.rfind(')');
  return text.empty() || (close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z');
}

}  // namespace

void ServeProcess::crash() {
  kill(pid_, SIGKILL);
  for (int tries = 0; tries < 400 && !has_exited(pid_); ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  pid_ = 0;
}

ServeProcess::~ServeProcess() {
  if (pid_ == 0) return;
  kill(pid_, SIGTERM);
  for (int tries = 0; tries < 200 && !has_exited(pid_); ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
}

std::string run_haven(const app::Paths& paths, const std::string& args, int& exit_code) {
  std::string command = workspace_env(paths) + HAVEN_BINARY + " " + args + " 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    exit_code = -1;
    return out;
  }
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  int status = pclose(pipe);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace haven::testing
