// Who is asking: a member of staff of a centre, with the facts about them that the decision
// point judges, all read from the store here (clause 6: the DBS level exists only as the latest
// recorded check; clause 1: the families of their rota). Nothing else makes a Staff with facts:
// a caller cannot vouch for a check or a rota place.
//
// A Staff is a snapshot: its rota facts hold for the London day it was read on, so a Staff kept
// past midnight is stale; read it again per request. Plain value, safe to copy between threads.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "core/error.hpp"
#include "policy/decision.hpp"

namespace haven::access {

struct Staff {
  std::string id;
  std::string centre_id;
  std::string handle;        // sign-in name, e.g. "coord.amy"
  std::string display_name;  // first name or initials shown on rotas
  policy::Role role = policy::Role::volunteer;
  policy::DbsLevel dbs = policy::DbsLevel::none;  // of the latest recorded check
  std::string dbs_checked_on;  // that check's issue date, YYYY-MM-DD; empty when none
  bool dbs_update_service = false;
  bool role_pending = false;      // the role waits for a manager's approval
  std::string role_proposed_by;   // staff id (or "operator") of who proposed it
  bool disabled = false;          // the account is disabled: refused everything
  std::string centre_policy_version;  // the version of the centre's policy in force when read
  // Need to know (clause 1), filled by find_staff: families of sessions, today or later, on this
  // person's rota, and those with such a session today.
  std::vector<std::string> rota_families;
  std::vector<std::string> rota_families_today;
  std::vector<std::string> rota_sessions_today;

  // The actor the decision point judges.
  [[nodiscard]] policy::Actor actor() const;
};

// The staff member with this sign-in handle, with their DBS check and today's rota facts.
[[nodiscard]] Result<Staff> find_staff(app::Workspace& ws, const std::string& handle);
// The staff member a sign-in session belongs to, found by the hash of the session's token, as
// find_staff finds them, read together with the session's CSRF token and end (a request's first
// read, one round trip). Nullopt when there is no such session or its account is disabled; the
// caller judges the end.
struct SessionHolder {
  Staff staff;
  std::string csrf_token;
  std::string expires_at;  // UTC, as stored
};
[[nodiscard]] Result<std::optional<SessionHolder>> find_session_holder(app::Workspace& ws,
                                                                      const std::string& token_hash);
// Every member of a centre, ordered by handle, with their DBS checks (no rota facts: a list is
// for showing, never for asking the decision point).
[[nodiscard]] std::vector<Staff> list_staff(app::Workspace& ws, const std::string& centre_id);

}  // namespace haven::access
