// Test support: a fresh Haven workspace (real SQLite files, real key store) in its own temporary
// folder, removed afterwards; and helpers to load the shipped presets.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "app/demo.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"
#include "policy/preset.hpp"

namespace haven::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Standard output of a shell command (standard error is not captured).
std::string command_output(const std::string& command);

// The shipped preset policies/<name>.toml, parsed; aborts the test on failure.
policy::Preset shipped_preset(const std::string& name);
std::string shipped_preset_path(const std::string& name);

struct TempWorkspace {
  TempDir dir;
  std::unique_ptr<app::Workspace> ws;
  const app::Centre* centre = nullptr;
  app::Paths paths;
  // A workspace with one centre under the named shipped preset.
  explicit TempWorkspace(const std::string& preset_name);
};

// A workspace holding the demo centre under the named shipped preset.
struct DemoWorkspace {
  explicit DemoWorkspace(const std::string& preset_name);
  records::Staff staff(const std::string& handle) const;

  TempDir dir;
  app::Paths paths;
  std::unique_ptr<app::Workspace> ws;
  app::DemoSummary demo;
  const app::Centre* centre = nullptr;
};

}  // namespace haven::testing
