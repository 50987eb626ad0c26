// The access layer: the one way a request for family or centre data is decided.
//
//   require(ws, centre, request, audit_as) -> Permit, or an error naming the clause
//
// Every domain operation that reads or writes family data, or acts on the centre as a whole,
// builds its request (with view(), record() or centre_action(), adding the facts of its own
// action) and passes it to require(). The facts the decision point judges about the asker (DBS
// check, role approval, rota) come from access::find_staff; the facts about the request (a live
// consent, a recorded concern, a management approval, a run's proposer) are read from the store
// by the request builders of access/facts.hpp, never taken from a front end. A refusal
// is audited here, in its own transaction, and returned; an allowance returns the Permit, which
// the operation cites in its own audit entry, committed with its work (one entry, allow or deny,
// for every decision acted on).
//
// consider() asks without auditing. It is for what a page offers (a link, a button) and for
// narrowing a list that the caller audits as one read; it never stands in for require() before
// an action. FamilyGate decides every item of one family once, for reads that show many items.
//
// Thread-safety: the functions are as safe as the Workspace they are given (one per thread).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "audit/audit_log.hpp"
#include "core/error.hpp"
#include "policy/decision.hpp"

namespace haven::access {

// Reading one item of a family: a volunteer for running the session, anyone else for managing
// the case. `family_id` "*" asks for the centre's families as a list.
[[nodiscard]] policy::AccessRequest view(const app::Centre& c, const Staff& as, policy::Item item,
                                         const std::string& family_id);
// Writing one item of a family (an arrival, a session, a note).
[[nodiscard]] policy::AccessRequest record(const app::Centre& c, const Staff& by, policy::Item item,
                                           const std::string& family_id);
// Writing one item of a family at one of its sessions (an arrival or departure at that session).
[[nodiscard]] policy::AccessRequest record_at_session(const app::Centre& c, const Staff& by, policy::Item item,
                                                      const std::string& family_id, const std::string& session_id);
// Letting one item of a family go to a recipient, for a referrer's request (the purpose, which the
// caller may change for another). The requests of access/facts.hpp add the facts a contact detail
// or an exception is judged on.
[[nodiscard]] policy::AccessRequest release(const app::Centre& c, const Staff& by, policy::Item item,
                                            const std::string& family_id, const policy::Recipient& to);
// An action on the centre as a whole: accounts, the audit trail, the register, retention, the policy.
[[nodiscard]] policy::AccessRequest centre_action(const app::Centre& c, const Staff& by, policy::Action action);

// How a decision is named in the audit chain: the operation and what it concerns.
struct AuditAs {
  std::string action;    // e.g. "view_family", "approve_role"
  std::string resource;  // e.g. "family:fam_...", "centre:cen_..."
};

// The one gate. The Permit returned names the clause it was allowed under; a refusal is audited
// (outcome "deny", the item's name as the field) and comes back as ErrorKind::denied carrying the
// clause. A storage failure while auditing is returned as that failure.
[[nodiscard]] Result<policy::Permit> require(app::Workspace& ws, const app::Centre& c,
                                             const policy::AccessRequest& request, const AuditAs& as);
// require() for an action on the centre as a whole, audited under the action's own name about
// `resource` (default: the centre).
[[nodiscard]] Result<policy::Permit> require(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                             policy::Action action, std::string resource = {});

// Asked of the decision point without an audit entry: see the header comment for when.
[[nodiscard]] policy::Decision consider(const app::Centre& c, const policy::AccessRequest& request);
[[nodiscard]] bool offered(const app::Centre& c, const policy::AccessRequest& request);
// Whether the reader sees the sessions of the centre's cases, not only those of their own rota
// (a heading's wording: "Sessions this week" or "Your sessions"). Not audited.
[[nodiscard]] bool sees_centre_sessions(const app::Centre& c, const Staff& as);

// The error a refusal is returned as: "refused under clause N (title): reason", with the clause.
[[nodiscard]] Error refusal(const policy::Decision& decision);

// Every item of `items` of one family decided once, for one reader. Reads that show several items
// of a family take their Permits from here, and audit with audit_entries() what was shown and
// what withheld. A copyable value; it holds no reference to the centre or the reader.
class FamilyGate {
 public:
  FamilyGate(const app::Centre& c, const Staff& as, const std::string& family_id,
             const std::vector<policy::Item>& items);

  [[nodiscard]] bool allows(policy::Item item) const;
  [[nodiscard]] bool allows_any() const;
  // The Permit for an allowed item; nullptr when refused or not asked.
  [[nodiscard]] const policy::Permit* permit(policy::Item item) const;
  // The first refusal in the order asked; the gate must refuse at least one item.
  [[nodiscard]] const policy::Decision& first_denial() const;
  // The refused items: (item, decision), in the order asked.
  [[nodiscard]] std::vector<std::pair<policy::Item, const policy::Decision*>> refused() const;
  // One audit entry per (outcome, clause), listing field names only.
  [[nodiscard]] std::vector<audit::Entry> audit_entries(const std::string& centre_id, const std::string& actor_id,
                                                        const AuditAs& as) const;

 private:
  std::vector<policy::Item> items_;
  std::map<policy::Item, policy::Decision> decisions_;
};

}  // namespace haven::access
