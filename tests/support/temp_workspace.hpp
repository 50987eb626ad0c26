// Test support: a fresh Haven workspace (a real records database, real key store) in its own
// temporary folder, removed afterwards; and helpers to load the shipped presets.
//
// The records database is a SQLite file in that folder, unless HAVEN_TEST_POSTGRES names a
// PostgreSQL server (a postgresql:// URI): then each workspace gets a schema of its own there for
// the records and another for the key store, dropped when the test ends, and the same tests run
// against PostgreSQL.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "cli/demo.hpp"
#include "policy/preset.hpp"
#include "records/staff.hpp"

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

// Where one test's records database and key store live (see above); the master key is a file in `dir`.
class TestDatabase {
 public:
  explicit TestDatabase(const TempDir& dir);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const app::Paths& paths() const { return paths_; }
  static bool on_postgresql();

 private:
  app::Paths paths_;
  std::string schema_;
};

// The port a process started in the background says it listens on: the first group of `pattern`
// in the file `log`, read again until it appears, for up to ten seconds; 0 if it never does.
unsigned short port_in_log(const std::string& log, const std::string& pattern);

// Standard output of a shell command (standard error is not captured).
std::string command_output(const std::string& command);

// The shipped preset policies/<name>.toml, parsed; aborts the test on failure.
policy::Preset shipped_preset(const std::string& name);
std::string shipped_preset_path(const std::string& name);

// Test set-up: a staff member whose role is in force and whose DBS check at `level`, issued on
// `issued_on` (YYYY-MM-DD), is on record, as if management had recorded it; or an error.
Result<access::Staff> add_vetted_staff(app::Workspace& ws, const app::Centre& centre, const records::NewStaff& account,
                                        policy::DbsLevel level, const std::string& issued_on);

// The body of the newest letter in the outbox (mail/outbox.hpp) about something whose name starts
// with `about` ("portal_code:"), opened: for reading a code or a link Haven emails without a mail
// server; empty when there is none.
std::string newest_letter_body(app::Workspace& ws, const std::string& about = "");

struct TempWorkspace {
  TempDir dir;
  TestDatabase database{dir};
  std::unique_ptr<app::Workspace> ws;
  const app::Centre* centre = nullptr;
  app::Paths paths;
  // A workspace with one centre under the named shipped preset.
  explicit TempWorkspace(const std::string& preset_name);
};

// A workspace holding the demo centre under the named shipped preset.
struct DemoWorkspace {
  explicit DemoWorkspace(const std::string& preset_name);
  access::Staff staff(const std::string& handle) const;
  // Test set-up: puts `handle` on the rota of the family's session today (the demo books one).
  void on_todays_rota(const std::string& handle, const std::string& family_reference) const;

  TempDir dir;
  TestDatabase database{dir};
  app::Paths paths;
  std::unique_ptr<app::Workspace> ws;
  cli::DemoSummary demo;
  const app::Centre* centre = nullptr;
};

}  // namespace haven::testing
