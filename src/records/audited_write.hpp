// The shape every write to a family's records shares: ask the decision point (action
// "record"), then in one transaction do the write, stamp the family's last use (the retention
// clock, clause 8) and append the audit entry. A refusal is audited by require() and returned.
// A family whose records were destroyed (clause 8) takes no new records: a conflict.
#pragma once
#include <string>

#include "app/workspace.hpp"
#include "crypto/keystore.hpp"
#include "store/database.hpp"
#include "records/families.hpp"
#include "records/staff.hpp"

namespace haven::records {

// What a member of staff asks of the decision point to read (view_request) or write
// (record_request) one item of a family: a volunteer for running the session, anyone else for
// managing the case.
inline policy::AccessRequest view_request(const app::Centre& c, const Staff& as, policy::Item item,
                                          const std::string& family_id) {
  policy::AccessRequest r;
  r.centre_id = c.id;
  r.actor = as.actor();
  r.action = policy::Action::view;
  r.item = item;
  r.purpose = as.role == policy::Role::volunteer ? policy::Purpose::running_session : policy::Purpose::case_management;
  r.family_id = family_id;
  return r;
}

inline policy::AccessRequest record_request(const app::Centre& c, const Staff& by, policy::Item item,
                                            const std::string& family_id) {
  auto r = view_request(c, by, item, family_id);
  r.action = policy::Action::record;
  return r;
}

// A family whose records were destroyed (clause 8) takes no new records: a conflict naming the date.
inline Result<bool> still_open(app::Workspace& ws, const std::string& family_id) {
  return store::guard_storage([&]() -> Result<bool> {
    std::string disposed_at;
    soci::indicator ind = soci::i_null;
    ws.db().sql() << "SELECT disposed_at FROM families WHERE id = :f", soci::use(family_id), soci::into(disposed_at, ind);
    if (ind == soci::i_ok && !disposed_at.empty())
      return fail(ErrorKind::conflict, "this family's records were destroyed on " + disposed_at.substr(0, 10) +
                                           " (clause 8); a new referral starts a new family");
    return true;
  });
}

// The family's key, to seal a new record with; refused once the family's records are destroyed.
inline Result<crypto::SecretKey> key_for_new_record(app::Workspace& ws, const std::string& family_id) {
  HAVEN_CHECK(still_open(ws, family_id));
  return ws.keys().family_key(family_id);
}

template <class T, class Fn>
Result<T> audited_write(app::Workspace& ws, const app::Centre& c, const Staff& by, policy::Item item,
                        const std::string& family_id, const std::string& action_name,
                        const std::string& resource, const std::string& fields, Fn write) {
  auto decision = require(ws, c, record_request(c, by, item, family_id), action_name, resource);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<T> {
    store::WriteTransaction tx(ws.db());
    HAVEN_CHECK(still_open(ws, family_id));  // again under the write lock: a disposal may just have run
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
