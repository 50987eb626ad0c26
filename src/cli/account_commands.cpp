// haven staff list and haven user: the accounts of a centre, as the operator at the machine
// manages them (the first manager, password resets, disabling) and as a manager approves a role.
#include "cli/command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "accounts/accounts.hpp"
#include "accounts/credentials.hpp"
#include "core/enum_names.hpp"
#include "records/staff.hpp"

namespace haven::cli {

namespace json = boost::json;

namespace {

struct AccountOptions {
  std::string handle;
  std::string display_name;
  std::string role;
  bool password_stdin = false;
};

Result<Output> cmd_staff_list(const Common& common) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(common.centre);
  if (!centre) return std::unexpected(centre.error());
  json::array rows;
  std::string text;
  for (const auto& s : access::list_staff(**ws, (*centre)->id)) {
    rows.push_back(json::object{{"handle", s.handle},
                                {"name", s.display_name},
                                {"role", name_of(s.role)},
                                {"dbs_level", name_of(s.dbs)},
                                {"dbs_checked_on", s.dbs_checked_on},
                                {"role_in_force", !s.role_pending}});
    text += fmt::format("{:<12} {:<8} {:<18} DBS {}{}{}\n", s.handle, s.display_name, name_of(s.role), name_of(s.dbs),
                        s.dbs_checked_on.empty() ? "" : " (" + s.dbs_checked_on + ")",
                        s.role_pending ? ", role awaiting a manager's approval" : "");
  }
  return Output{rows, text};
}

// The password from standard input (first line), or a fresh random one that is printed once.
Result<std::pair<std::string, bool>> choose_password(const AccountOptions& o) {
  if (!o.password_stdin) return std::pair{accounts::random_token(15), true};
  std::string line;
  std::getline(std::cin, line);
  if (auto ok = accounts::acceptable_password(line); !ok) return std::unexpected(ok.error());
  return std::pair{line, false};
}

Output enrolment_output(const access::Staff& s, const accounts::Enrolment& e, const std::string& password,
                        bool show_password, const std::string& what) {
  std::string text = fmt::format("{} {} ({}).\n", what, s.handle, name_of(s.role));
  json::object out{{"handle", s.handle}, {"role", name_of(s.role)}};
  if (show_password) {
    text += fmt::format("Password (shown once): {}\n", password);
    out["password"] = password;
  }
  if (!e.totp_uri.empty()) {
    text += fmt::format("Second factor: add this to an authenticator app: {}\n", e.totp_uri);
    out["totp_uri"] = e.totp_uri;
  }
  return Output{out, text};
}

Result<Output> cmd_user_add(const Common& common, const AccountOptions& o) {
  auto role = parse_enum<policy::Role>(o.role);
  if (!role) return fail(ErrorKind::invalid_input, "--role is one of: " + allowed_names<policy::Role>());
  auto password = choose_password(o);
  if (!password) return std::unexpected(password.error());
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto centre = (*ws)->centre(common.centre);
  if (!centre) return std::unexpected(centre.error());
  // The operator may make a centre's first manager; every other role that sees family data
  // waits for a manager's approval (`haven user approve`).
  auto staff = records::add_staff(**ws, **centre, "operator",
                                  {o.handle, o.display_name.empty() ? o.handle : o.display_name, *role},
                                  records::RoleStart::first_manager);
  if (!staff) return std::unexpected(staff.error());
  if (staff->role_pending) {
    // No password for a role that waits: the approving manager is given the set-up code with
    // which its holder chooses one, so nobody else ever knows it.
    return Output{json::object{{"handle", staff->handle}, {"role", name_of(staff->role)}, {"role_in_force", false}},
                  fmt::format("Added {} ({}), with no password yet. The role takes effect when a manager approves it:\n"
                              "  haven user approve {} --as MANAGER\nThat manager is given the set-up code with which "
                              "{} chooses their own password.\n",
                              staff->handle, name_of(staff->role), staff->handle, staff->handle)};
  }
  auto enrolment = accounts::set_password(**ws, *staff, password->first, "operator");
  if (!enrolment) return std::unexpected(enrolment.error());
  auto out = enrolment_output(*staff, *enrolment, password->first, password->second, "Added");
  out.data.as_object()["role_in_force"] = true;
  return out;
}

Result<Output> cmd_user_approve(const Common& common, const AccountOptions& o) {
  return as_actor(common, [&o](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    auto approved = accounts::approve_role(ws, c, as, o.handle);
    if (!approved) return std::unexpected(approved.error());
    const auto& staff = approved->staff;
    json::object out{{"handle", staff.handle}, {"role", name_of(staff.role)}, {"role_in_force", true}};
    std::string text = fmt::format("{}'s role ({}) is now in force.\n", staff.handle, name_of(staff.role));
    const auto& setup = approved->setup;
    out["setup_code"] = setup.code;
    out["setup_code_expires"] = format_utc(setup.expires);
    text += fmt::format("Give {} this set-up code in person; it works once, until {} {}:\n  {}\n", staff.handle,
                        format_london_day_words(setup.expires), format_london_time(setup.expires), setup.code);
    return Output{out, text};
  });
}

Result<Output> cmd_user_reset(const Common& common, const AccountOptions& o) {
  auto password = choose_password(o);
  if (!password) return std::unexpected(password.error());
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto staff = access::find_staff(**ws, o.handle);
  if (!staff) return std::unexpected(staff.error());
  auto enabled = accounts::set_disabled(**ws, *staff, false, "operator");
  if (!enabled) return std::unexpected(enabled.error());
  auto enrolment = accounts::set_password(**ws, *staff, password->first, "operator");
  if (!enrolment) return std::unexpected(enrolment.error());
  return enrolment_output(*staff, *enrolment, password->first, password->second, "Reset");
}

Result<Output> cmd_user_disable(const Common& common, const AccountOptions& o) {
  auto ws = open_existing(common);
  if (!ws) return std::unexpected(ws.error());
  auto staff = access::find_staff(**ws, o.handle);
  if (!staff) return std::unexpected(staff.error());
  auto done = accounts::set_disabled(**ws, *staff, true, "operator");
  if (!done) return std::unexpected(done.error());
  return Output{json::object{{"handle", staff->handle}, {"disabled", true}},
                fmt::format("Disabled {}: signed out everywhere, API tokens revoked.\n", staff->handle)};
}

}  // namespace

void add_account_commands(const Registrar& r) {
  auto o = std::make_shared<AccountOptions>();
  const Common& common = r.common;
  auto* staff_cmd = r.app.add_subcommand("staff", "staff and volunteers");
  staff_cmd->require_subcommand(1);
  auto* staff_list = staff_cmd->add_subcommand("list", "handles, roles and DBS levels");
  r.with_database(staff_list);
  r.with_centre(staff_list);
  r.runs(staff_list, [&common] { return cmd_staff_list(common); });

  auto* user_cmd = r.app.add_subcommand("user", "staff accounts: add, approve, reset, disable");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "add a staff account");
  user_add->add_option("handle", o->handle, "sign-in handle, e.g. coord.amy")->required();
  user_add->add_option("--name", o->display_name, "name shown on rotas (first name)");
  user_add->add_option("--role", o->role, "coordinator, management, safeguarding_lead, volunteer or administrator")
      ->required();
  r.with_centre(user_add);
  user_add->add_flag("--password-stdin", o->password_stdin, "read the password from standard input");
  r.with_database(user_add);
  r.runs(user_add, [&common, o] { return cmd_user_add(common, *o); });
  auto* user_approve = user_cmd->add_subcommand("approve", "put a proposed role into force (a second manager)");
  user_approve->add_option("handle", o->handle, "sign-in handle of the account")->required();
  r.with_actor(user_approve);
  r.with_database(user_approve);
  r.runs(user_approve, [&common, o] { return cmd_user_approve(common, *o); });
  auto* user_reset = user_cmd->add_subcommand("reset", "new password (and second factor), lockout cleared");
  user_reset->add_option("handle", o->handle, "sign-in handle")->required();
  user_reset->add_flag("--password-stdin", o->password_stdin, "read the password from standard input");
  r.with_database(user_reset);
  r.runs(user_reset, [&common, o] { return cmd_user_reset(common, *o); });
  auto* user_disable = user_cmd->add_subcommand("disable", "disable an account and end its sessions");
  user_disable->add_option("handle", o->handle, "sign-in handle")->required();
  r.with_database(user_disable);
  r.runs(user_disable, [&common, o] { return cmd_user_disable(common, *o); });
}

}  // namespace haven::cli
