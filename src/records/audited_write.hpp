// The shape every write to a family's records shares: ask the decision point (action
// "record"), then in one transaction do the write, stamp the family's last use (the retention
// clock, clause 8) and append the audit entry. A refusal is audited by access::require() and returned.
// A family whose records were destroyed (clause 8) takes no new records: a conflict.
#pragma once
#include <optional>
#include <string>

#include "access/access.hpp"
#include "app/workspace.hpp"
#include "crypto/keystore.hpp"
#include "records/families.hpp"
#include "records/staff.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::records {

// A family whose records were destroyed (clause 8) takes no new records: a conflict naming the date.
inline Result<bool> still_open(app::Workspace& ws, const std::string& family_id) {
  return store::guard_storage([&]() -> Result<bool> {
    std::optional<std::string> disposed_at =
        store::value<std::string>(ws.db(), "SELECT disposed_at FROM families WHERE id = :f", family_id);
    if (disposed_at && !disposed_at->empty())
      return fail(ErrorKind::conflict, "this family's records were destroyed on " + disposed_at->substr(0, 10) +
                                           " (clause 8); a new referral starts a new family");
    return true;
  });
}

// The family's cipher, to seal a new record with; refused once the family's records are destroyed.
inline Result<crypto::FamilyCipher> cipher_for_new_record(app::Workspace& ws, const std::string& family_id) {
  HAVEN_CHECK(still_open(ws, family_id));
  return ws.keys().family_cipher(family_id);
}

// The write `request` asks for (access::record or record_at_session of one family), done and
// audited as above.
template <class T, class Fn>
Result<T> audited_write(app::Workspace& ws, const app::Centre& c, const policy::AccessRequest& request,
                        const std::string& action_name, const std::string& resource, const std::string& fields,
                        Fn write) {
  const std::string& family_id = request.family_id;
  auto decision = access::require(ws, c, request, {action_name, resource});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<T> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_CHECK(still_open(ws, family_id));  // again under the write lock: a disposal may just have run
    Result<T> result = write();
    if (!result) return result;
    std::string at = format_utc(now());
    store::execute(ws.db(), "UPDATE families SET last_used_at = :a WHERE id = :f", at, family_id);
    ws.audit().append({c.id, request.actor.id, action_name, resource, fields, std::string(decision->clause_id()), "change"});
    tx.commit();
    return result;
  });
}

// Writing `item` of one family (access::record).
template <class T, class Fn>
Result<T> audited_write(app::Workspace& ws, const app::Centre& c, const access::Staff& by, policy::Item item,
                        const std::string& family_id, const std::string& action_name,
                        const std::string& resource, const std::string& fields, Fn write) {
  return audited_write<T>(ws, c, access::record(c, by, item, family_id), action_name, resource, fields,
                          std::move(write));
}

}  // namespace haven::records
