#include "access/access.hpp"

#include "core/enum_names.hpp"
#include "store/database.hpp"

namespace haven::access {

using policy::Item;

policy::AccessRequest view(const app::Centre& c, const Staff& as, Item item, const std::string& family_id) {
  policy::AccessRequest r;
  r.centre_id = c.id;
  r.actor = as.actor();
  r.action = policy::Action::view;
  r.item = item;
  r.purpose = as.role == policy::Role::volunteer ? policy::Purpose::running_session : policy::Purpose::case_management;
  r.family_id = family_id;
  return r;
}

policy::AccessRequest record(const app::Centre& c, const Staff& by, Item item, const std::string& family_id) {
  auto r = view(c, by, item, family_id);
  r.action = policy::Action::record;
  return r;
}

policy::AccessRequest release(const app::Centre& c, const Staff& by, Item item, const std::string& family_id,
                              const policy::Recipient& to) {
  policy::AccessRequest r;
  r.actor = by.actor();
  r.action = policy::Action::release;
  r.item = item;
  r.purpose = policy::Purpose::referrer_request;
  r.centre_id = c.id;
  r.family_id = family_id;
  r.recipient = to;
  return r;
}

policy::AccessRequest record_at_session(const app::Centre& c, const Staff& by, Item item, const std::string& family_id,
                                        const std::string& session_id) {
  auto r = record(c, by, item, family_id);
  r.session_id = session_id;
  return r;
}

bool sees_centre_sessions(const app::Centre& c, const Staff& as) {
  auto r = view(c, as, Item::session_times, "*");
  r.purpose = policy::Purpose::case_management;
  return offered(c, r);
}

policy::AccessRequest centre_action(const app::Centre& c, const Staff& by, policy::Action action) {
  policy::AccessRequest r;
  r.actor = by.actor();
  r.action = action;
  r.centre_id = c.id;
  return r;
}

Error refusal(const policy::Decision& decision) {
  return Error{ErrorKind::denied, "refused under " + decision.explain(), decision.clause};
}

Result<policy::Permit> require(app::Workspace& ws, const app::Centre& c, const policy::AccessRequest& request,
                               const AuditAs& as) {
  auto decision = c.decisions().decide(request);
  if (decision.permit) return *decision.permit;
  HAVEN_CHECK(
      ws.audit().append_committed({{c.id, request.actor.id, as.action, as.resource, std::string(name_of(request.item)),
                                    std::string(decision.clause_id()), "deny"}}));
  return std::unexpected(refusal(decision));
}

Result<policy::Permit> require(app::Workspace& ws, const app::Centre& c, const Staff& by, policy::Action action,
                               std::string resource) {
  return require(ws, c, centre_action(c, by, action),
                 {std::string(name_of(action)), resource.empty() ? "centre:" + c.id : std::move(resource)});
}

policy::Decision consider(const app::Centre& c, const policy::AccessRequest& request) {
  return c.decisions().decide(request);
}

bool offered(const app::Centre& c, const policy::AccessRequest& request) { return consider(c, request).allowed(); }

FamilyGate::FamilyGate(const app::Centre& c, const Staff& as, const std::string& family_id,
                       const std::vector<Item>& items)
    : items_(items) {
  auto dp = c.decisions();
  for (Item item : items_) decisions_.emplace(item, dp.decide(view(c, as, item, family_id)));
}

bool FamilyGate::allows(Item item) const { return permit(item) != nullptr; }

bool FamilyGate::allows_any() const {
  for (const auto& [item, d] : decisions_)
    if (d.allowed()) return true;
  return false;
}

const policy::Permit* FamilyGate::permit(Item item) const {
  auto it = decisions_.find(item);
  return it == decisions_.end() || !it->second.permit ? nullptr : &*it->second.permit;
}

const policy::Decision& FamilyGate::first_denial() const {
  for (Item item : items_)
    if (!decisions_.at(item).allowed()) return decisions_.at(item);
  return decisions_.at(items_.front());
}

std::vector<std::pair<Item, const policy::Decision*>> FamilyGate::refused() const {
  std::vector<std::pair<Item, const policy::Decision*>> out;
  for (Item item : items_)
    if (!decisions_.at(item).allowed()) out.emplace_back(item, &decisions_.at(item));
  return out;
}

std::vector<audit::Entry> FamilyGate::audit_entries(const std::string& centre_id, const std::string& actor_id,
                                                    const AuditAs& as) const {
  std::map<std::pair<std::string, std::string>, std::string> grouped;
  for (Item item : items_) {
    const auto& d = decisions_.at(item);
    auto& fields = grouped[{d.allowed() ? "allow" : "deny", std::string(d.clause_id())}];
    fields += (fields.empty() ? "" : ",") + std::string(name_of(item));
  }
  std::vector<audit::Entry> out;
  for (const auto& [key, fields] : grouped)
    out.push_back({centre_id, actor_id, as.action, as.resource, fields, key.second, key.first});
  return out;
}

}  // namespace haven::access
