// What every command of the haven command line shares: the options that say which database
// to open and who is asking, what a command produces, and how a group of commands registers
// itself. Each group of commands (workspace, policy, accounts, families, retention) lives in a
// file of its own with an options struct of its own; cli.cpp parses, runs the one chosen command
// and prints its result.
//
// Lifetime: a group's options live in a shared_ptr held by the callbacks it registers, so they
// last as long as the CLI::App they were added to. Not thread-safe: one command line, one thread.
#pragma once
#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/error.hpp"

namespace haven::cli {

// The options of every command that opens a database, and of those that act as someone.
struct Common {
  std::string db = "haven.db";
  std::string keys;        // default: beside the database
  std::string master_key;  // default: beside the database
  std::string witness;     // default: beside the master key
  std::string as;          // the handle of the staff member asking
  std::string centre;      // the centre, when the database hosts several
  bool json = false;
};

// What a command produced: JSON for --json, text otherwise.
struct Output {
  boost::json::value data;
  std::string text;
  int exit_code = 0;  // a report that found something wrong (a broken audit chain: 5) still prints
};

using Command = std::function<Result<Output>()>;

// The documented exit status for an error of `kind` (README: 2 bad input or conflict, 3 refused,
// 4 not found, 5 integrity, 6 storage).
[[nodiscard]] int exit_code_of(ErrorKind kind);

// Where a group of commands registers itself: the parser, the command chosen by parsing (set by
// the chosen subcommand's callback), the shared options, and the streams for commands that
// report as they go (serve, a long disposal run).
struct Registrar {
  CLI::App& app;
  Command& chosen;
  Common& common;
  std::ostream& out;
  std::ostream& err;

  // --db, --keys, --master-key and --json on `sub`.
  void with_database(CLI::App* sub) const;
  // --as (required) and --centre on `sub`.
  void with_actor(CLI::App* sub) const;
  // --centre alone, for commands that read a centre without acting as anyone.
  void with_centre(CLI::App* sub) const;
  // Makes `command` the one to run when `sub` is chosen.
  void runs(CLI::App* sub, Command command) const;
};

[[nodiscard]] app::Paths paths_of(const Common& common);
[[nodiscard]] Result<std::unique_ptr<app::Workspace>> open_existing(const Common& common);

// Opens the workspace, its centre and the staff member named by --as, runs `body`, then signs
// the audit chain as it stands, so nothing the command appended can later vanish unnoticed.
using ActorBody = std::function<Result<Output>(app::Workspace&, const app::Centre&, const access::Staff&)>;
[[nodiscard]] Result<Output> as_actor(const Common& common, const ActorBody& body);

// Today, or the date given (YYYY-MM-DD); an empty text is today.
[[nodiscard]] Day day_or_today(const std::string& given);

void add_workspace_commands(const Registrar& r);   // init, demo, status, serve, backup, restore, audit
void add_policy_commands(const Registrar& r);      // policy render, check, adopt, history, diff, ...
void add_account_commands(const Registrar& r);     // staff list, user add, approve, reset, disable
void add_family_commands(const Registrar& r);      // family list, find, show; import
void add_retention_commands(const Registrar& r);   // retention preview, hold, ..., certificate
void add_statistics_commands(const Registrar& r);  // statistics for a quarter
void add_portal_commands(const Registrar& r);      // portal index-emails

}  // namespace haven::cli
