#include "support/temp_workspace.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace haven::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("haven-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string command_output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

std::string shipped_preset_path(const std::string& name) {
  return std::string(HAVEN_SOURCE_DIR) + "/policies/" + name + ".toml";
}

policy::Preset shipped_preset(const std::string& name) {
  auto preset = policy::load_preset_file(shipped_preset_path(name));
  if (!preset) {
    ADD_FAILURE() << preset.error().message;
    std::abort();
  }
  return *preset;
}

TempWorkspace::TempWorkspace(const std::string& preset_name) : paths(app::Paths::beside(dir.file("haven.db"))) {
  auto opened = app::Workspace::open(paths, true);
  if (!opened) {
    ADD_FAILURE() << opened.error().message;
    std::abort();
  }
  ws = std::move(*opened);
  auto text = policy::read_text_file(shipped_preset_path(preset_name));
  auto id = ws->add_centre(*text, preset_name + ".toml");
  if (!id) {
    ADD_FAILURE() << id.error().message;
    std::abort();
  }
  centre = *ws->centre(*id);
}

DemoWorkspace::DemoWorkspace(const std::string& preset_name) : paths(app::Paths::beside(dir.file("haven.db"))) {
  auto opened = app::Workspace::open(paths, true);
  if (!opened) {
    ADD_FAILURE() << opened.error().message;
    std::abort();
  }
  ws = std::move(*opened);
  auto made = app::create_demo(*ws, shipped_preset_path(preset_name));
  if (!made) {
    ADD_FAILURE() << made.error().message;
    std::abort();
  }
  demo = *made;
  centre = *ws->centre(demo.centre_id);
}

records::Staff DemoWorkspace::staff(const std::string& handle) const { return *records::find_staff(*ws, handle); }

}  // namespace haven::testing
