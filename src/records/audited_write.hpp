// The shape every write to a family's records shares: ask the decision point (action
// "record"), then in one transaction do the write, stamp the family's last use (the retention
// clock, clause 8) and append the audit entry. A refusal is audited by require() and returned.
#pragma once
#include <string>

#include "app/workspace.hpp"
#include "records/families.hpp"
#include "records/staff.hpp"

namespace haven::records {

inline policy::AccessRequest record_request(const app::Centre& c, const Staff& by, policy::Item item, const std::string& family_id) {
  policy::AccessRequest r;
  r.centre_id = c.id;
  r.actor = by.actor();
  r.action = policy::Action::record;
  r.item = item;
  r.purpose = by.role == policy::Role::volunteer ? policy::Purpose::running_session : policy::Purpose::case_management;
  r.family_id = family_id;
  return r;
}

template <class T, class Fn>
Result<T> audited_write(app::Workspace& ws, const app::Centre& c, const Staff& by, policy::Item item,
                        const std::string& family_id, const std::string& action_name,
                        const std::string& resource, const std::string& fields, Fn write) {
  auto decision = require(ws, c, record_request(c, by, item, family_id), action_name, resource);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<T> {
    store::WriteTransaction tx(ws.db());
    Result<T> result = write();
    if (!result) return result;
    std::string at = format_utc(now());
    ws.db().sql() << "UPDATE families SET last_used_at = :a WHERE id = :f", soci::use(at), soci::use(family_id);
    ws.audit().append({c.id, by.id, action_name, resource, fields, std::string(decision->clause_id()), "change"});
    tx.commit();
    return result;
  });
}

}  // namespace haven::records
