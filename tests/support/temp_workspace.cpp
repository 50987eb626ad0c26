#include "support/temp_workspace.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <thread>

#include "access/staff.hpp"
#include "crypto/keystore.hpp"
#include "store/rows.hpp"

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

namespace {

std::string postgres_server() {
  const char* uri = std::getenv("HAVEN_TEST_POSTGRES");
  return uri ? uri : "";
}

// Runs one statement on the test server; aborts the test when the server cannot be used.
void run_on_server(const std::string& statement) {
  PGconn* conn = PQconnectdb(postgres_server().c_str());
  std::string quiet = "SET client_min_messages = warning; " + statement;
  PGresult* result = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, quiet.c_str()) : nullptr;
  bool ok = result && PQresultStatus(result) == PGRES_COMMAND_OK;
  if (!ok) ADD_FAILURE() << "PostgreSQL test server: " << PQerrorMessage(conn);
  if (result) PQclear(result);
  PQfinish(conn);
  if (!ok) std::abort();
}

}  // namespace

bool TestDatabase::on_postgresql() { return !postgres_server().empty(); }

std::string newest_letter_body(app::Workspace& ws, const std::string& about) {
  auto body = store::value<std::string>(ws.db(),
                                        "SELECT body FROM outbox WHERE about LIKE :a "
                                        "ORDER BY created_at DESC, id DESC LIMIT 1",
                                        about + "%");
  if (!body) return {};
  return ws.keys().open_secret("outbox body", *body).value_or("");
}

TestDatabase::TestDatabase(const TempDir& dir) : paths_(app::Paths::beside(dir.file("haven.db"))) {
  if (!on_postgresql()) return;
  // The records in one schema, the family keys in another, as a deployment keeps them in two
  // databases; the master key stays a file.
  schema_ = dir.path().filename().string().substr(std::string("haven-test-").size());
  run_on_server("CREATE SCHEMA t_" + schema_ + "; CREATE SCHEMA k_" + schema_);
  auto base = postgres_server();
  auto in_schema = [&](const std::string& s) {
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + s;
  };
  paths_.db = in_schema("t_" + schema_);
  paths_.keys = in_schema("k_" + schema_);
}

TestDatabase::~TestDatabase() {
  if (!schema_.empty()) run_on_server("DROP SCHEMA t_" + schema_ + " CASCADE; DROP SCHEMA k_" + schema_ + " CASCADE");
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

TempWorkspace::TempWorkspace(const std::string& preset_name) : paths(database.paths()) {
  auto opened = app::Workspace::open(paths, true);
  if (!opened) {
    ADD_FAILURE() << opened.error().message;
    std::abort();
  }
  ws = std::move(*opened);
  auto text = read_text_file(shipped_preset_path(preset_name));
  auto id = ws->add_centre(*text, preset_name + ".toml");
  if (!id) {
    ADD_FAILURE() << id.error().message;
    std::abort();
  }
  centre = *ws->centre(*id);
}

DemoWorkspace::DemoWorkspace(const std::string& preset_name) : paths(database.paths()) {
  auto opened = app::Workspace::open(paths, true);
  if (!opened) {
    ADD_FAILURE() << opened.error().message;
    std::abort();
  }
  ws = std::move(*opened);
  auto made = cli::create_demo(*ws, shipped_preset_path(preset_name));
  if (!made) {
    ADD_FAILURE() << made.error().message;
    std::abort();
  }
  demo = *made;
  centre = *ws->centre(demo.centre_id);
}

access::Staff DemoWorkspace::staff(const std::string& handle) const { return *access::find_staff(*ws, handle); }

void DemoWorkspace::on_todays_rota(const std::string& handle, const std::string& family_reference) const {
  auto today = parse_london(format_london_day(now()) + " 00:00");
  std::string from = format_utc(*today), to = format_utc(*today + std::chrono::hours{24}), at = format_utc(now());
  std::string staff_id = staff(handle).id, ref = family_reference, centre_id = centre->id;
  store::execute(ws->db(),
                 "INSERT INTO rota (session_id, staff_id, assigned_by, assigned_at) SELECT s.id, :st, :by, :at "
                 "FROM contact_sessions s JOIN families f ON f.id = s.family_id WHERE f.reference = :r AND "
                 "f.centre_id = :c AND s.starts_at >= :lo AND s.starts_at < :hi",
                 staff_id, staff_id, at, ref, centre_id, from, to);
}

Result<access::Staff> add_vetted_staff(app::Workspace& ws, const app::Centre& centre, const records::NewStaff& account,
                                        policy::DbsLevel level, const std::string& issued_on) {
  auto staff = records::add_staff(ws, centre, "system", account, records::RoleStart::at_setup);
  if (!staff) return staff;
  std::string id = "dbs_" + staff->id, level_name(name_of(level)), at = format_utc(now()),
              sealed = ws.keys().seal_secret("dbs|" + id, "001000000000");
  store::execute(ws.db(),
                 "INSERT INTO dbs_checks (id, staff_id, level, certificate_number, issued_on, update_service, "
                 "verified_by, verified_at) VALUES (:i, :s, :l, :n, :d, 0, :b, :a)",
                 id, staff->id, level_name, sealed, issued_on, staff->id, at);
  return access::find_staff(ws, account.handle);
}

unsigned short port_in_log(const std::string& log, const std::string& pattern) {
  std::regex listening(pattern);
  for (int tries = 0; tries < 200; ++tries) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    std::smatch m;
    if (std::regex_search(text, m, listening)) return static_cast<unsigned short>(std::stoi(m[1]));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

}  // namespace haven::testing
