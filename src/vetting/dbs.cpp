#include "vetting/dbs.hpp"

#include <fmt/format.h>

#include <cctype>

#include "access/access.hpp"
#include "access/facts.hpp"
#include "core/ids.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::vetting {

namespace {

bool twelve_digits(const std::string& s) {
  if (s.size() != 12) return false;
  for (unsigned char ch : s)
    if (!std::isdigit(ch)) return false;
  return true;
}

}  // namespace

Result<CheckOutcome> record_check(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& handle, const NewCheck& n) {
  if (n.level == policy::DbsLevel::none) return fail(ErrorKind::invalid_input, "say which level of check was seen");
  if (!twelve_digits(n.certificate_number))
    return fail(ErrorKind::invalid_input, "a DBS certificate number has 12 digits");
  auto issued = parse_day(n.issued_on);
  if (!issued || *issued > london_today())
    return fail(ErrorKind::invalid_input, "issued_on is the certificate's date (YYYY-MM-DD), not in the future");
  auto staff = access::find_staff(ws, handle);
  if (!staff) return std::unexpected(staff.error());
  if (staff->centre_id != c.id) return fail(ErrorKind::not_found, "no such staff member at this centre");
  auto decision = access::require(ws, c, access::dbs_check(c, by, *staff), {"record_dbs_check", "staff:" + staff->id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<CheckOutcome> {
    CheckOutcome out{new_id("dbs"), n.level >= c.preset.dbs_minimum_level};
    std::string level(name_of(n.level)), at = format_utc(now()),
        sealed = ws.keys().seal_secret("dbs|" + out.check_id, n.certificate_number);
    int update = n.update_service ? 1 : 0;
    store::WriteTransaction tx(ws.db(), c.id);
    int seq = store::value<int>(ws.db(), "SELECT COUNT(*) FROM dbs_checks WHERE staff_id = :s", staff->id).value_or(0);
    ++seq;
    store::execute(ws.db(),
                   "INSERT INTO dbs_checks (id, staff_id, level, certificate_number, issued_on, update_service, "
                   "verified_by, verified_at, seq) VALUES (:i, :s, :l, :n, :d, :u, :b, :a, :q)",
                   out.check_id, staff->id, level, sealed, n.issued_on, update, by.id, at, seq);
    ws.audit().append({c.id, by.id, out.full_volunteer ? "admit_full_volunteer" : "record_dbs_check",
                       "staff:" + staff->id, "dbs_level",
                                                                       policy::cite(policy::Clause::dbs_before_volunteering), "change"});
    tx.commit();
    return out;
  });
}

Result<std::vector<Recheck>> recheck_due(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Day today,
                                         int within_days) {
  auto decision = access::require(ws, c, by, policy::Action::manage_accounts);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<Recheck>> {
    std::vector<Recheck> out;
    auto rows = store::rows(ws.db(),
                            "SELECT s.handle, l.level, l.issued_on, l.update_service FROM staff s "
                            "JOIN latest_dbs_checks l ON l.staff_id = s.id WHERE s.centre_id = :c AND s.disabled = 0 "
                            "ORDER BY l.issued_on, s.handle",
                            c.id);
    for (const auto& row : rows) {
      auto issued = parse_day(row.get<std::string>(2));
      if (!issued) continue;
      Day due = add_years(*issued, c.preset.dbs_recheck_years);
      if (due > today + std::chrono::days{within_days}) continue;
      out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), format_day(due),
                     row.get<int64_t>(3) != 0, due < today});
    }
    return out;
  });
}

}  // namespace haven::vetting
