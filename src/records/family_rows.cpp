#include "records/family_rows.hpp"

#include <fmt/format.h>

#include "store/batch.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

using policy::Item;

Result<bool> check(const policy::Permit& permit, std::initializer_list<Item> items) {
  for (Item item : items)
    if (permit.covers(permit.family_id(), item)) return true;
  return fail(ErrorKind::denied, "this read was not permitted", policy::Clause::kept_securely);
}

// Bounds of a range as stored times compare (format_utc text): no lower bound is the earliest
// time Haven stores, no upper bound the latest. Digits only, so every collation orders them alike.
std::string lower(const std::string& from) { return from.empty() ? std::string("0000-01-01T00:00:00Z") : from; }
std::string upper(const std::string& to) { return to.empty() ? std::string("9999-12-31T23:59:59Z") : to; }

SessionRow session_row(const store::Row& row) {
  return {row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3),
          row.get<std::string>(4), row.get<std::string>(5), row.get<int64_t>(6) > 0, row.get<std::string>(7),
          row.get<std::string>(8), row.get<std::string>(9)};
}

AttendanceRow attendance_row(const store::Row& row) {
  AttendanceRow a{row.get<std::string>(0),
                  row.get<std::string>(9),
                  row.get<std::string>(10),
                  row.get<std::string>(1),
                  row.get<std::string>(2),
                  row.get<std::string>(3),
                  row.get<std::string>(4),
                  row.get<std::string>(5),
                  row.get<std::string>(6),
                  row.get<std::string>(7),
                  {},
                  row.get<std::string>(16)};
  if (!row.get<std::string>(15).empty())
    a.last_correction = Correction{row.get<std::string>(11), row.get<std::string>(12), row.get<std::string>(13),
                                   row.get<std::string>(14), row.get<std::string>(15)};
  return a;
}

// The centre's sessions in the filter's range that were not called off, and on its person's rota
// when it asks for that only. Binds :c, :lo, :hi, :all and :rota_of.
constexpr const char* centre_range =
    "WHERE f.centre_id = :c AND s.cancelled_at = '' AND s.starts_at >= :lo AND s.starts_at < :hi "
    "AND (:all = 1 OR EXISTS (SELECT 1 FROM rota m WHERE m.session_id = s.id AND m.staff_id = :rota_of)) ";

// Whether permit_for gives a permit that covers this family's item.
bool permitted(const PermitFor& permit_for, const std::string& family_id, Item item) {
  const policy::Permit* permit = permit_for(family_id, item);
  return permit && permit->covers(family_id, item);
}

// The columns session_row() and attendance_row() read (attendance, the family, the session's times).
constexpr const char* session_columns =
    "SELECT s.id, s.family_id, f.reference, s.starts_at, s.ends_at, s.room, "
    "(SELECT COUNT(*) FROM rota r WHERE r.session_id = s.id AND r.staff_id = :me), s.cancelled_at, s.cancel_reason, "
    "s.kind FROM contact_sessions s JOIN families f ON f.id = s.family_id ";
constexpr const char* attendance_columns =
    "SELECT a.session_id, a.person_id, p.party, a.status, a.arrived_at, a.left_at, a.planned_arrival, "
    "a.planned_departure, s.family_id, s.starts_at, s.ends_at, COALESCE(m.was_status, ''), "
    "COALESCE(m.was_arrived_at, ''), COALESCE(m.was_left_at, ''), COALESCE(m.reason, ''), "
    "COALESCE(m.amended_at, ''), a.no_show_reason FROM attendance a JOIN people p ON p.id = a.person_id "
    "JOIN contact_sessions s ON s.id = a.session_id AND s.cancelled_at = '' "
    "JOIN families f ON f.id = s.family_id "
    "LEFT JOIN attendance_amendments m ON m.id = (SELECT n.id FROM attendance_amendments n WHERE n.session_id = "
    "a.session_id AND n.person_id = a.person_id ORDER BY n.amended_at DESC, n.id DESC LIMIT 1) ";

}  // namespace

Result<std::size_t> queue_sessions_of(store::Batch& batch, const policy::Permit& permit, const std::string& from_utc,
                                      const std::string& to_utc) {
  HAVEN_CHECK(check(permit, {Item::session_times, Item::attendance_times}));
  return batch.add(std::string(session_columns) +
                       "WHERE s.family_id = :f AND s.starts_at >= :lo AND s.starts_at < :hi ORDER BY s.starts_at, s.id",
                   std::string(), permit.family_id(), lower(from_utc), upper(to_utc));
}

std::vector<SessionRow> sessions_in(const store::Batch& batch, std::size_t queued) {
  std::vector<SessionRow> out;
  for (const auto& row : batch.rows(queued)) out.push_back(session_row(row));
  return out;
}

Result<std::size_t> queue_attendance_of(store::Batch& batch, const policy::Permit& permit) {
  HAVEN_CHECK(check(permit, {Item::attendance_times}));
  return batch.add(std::string(attendance_columns) +
                       "WHERE s.family_id = :f ORDER BY s.starts_at, a.session_id, p.party DESC, p.created_at",
                   permit.family_id());
}

std::vector<AttendanceRow> attendance_in(const store::Batch& batch, std::size_t queued) {
  std::vector<AttendanceRow> out;
  for (const auto& row : batch.rows(queued)) out.push_back(attendance_row(row));
  return out;
}

Result<std::vector<SessionRow>> sessions_of(app::Workspace& ws, const policy::Permit& permit,
                                            const std::string& from_utc, const std::string& to_utc) {
  store::Batch batch(ws.db());
  HAVEN_TRY(queued, queue_sessions_of(batch, permit, from_utc, to_utc));
  return store::guard_storage([&]() -> Result<std::vector<SessionRow>> {
    batch.run();
    return sessions_in(batch, queued);
  });
}

Result<std::vector<AttendanceRow>> attendance_of(app::Workspace& ws, const policy::Permit& permit) {
  store::Batch batch(ws.db());
  HAVEN_TRY(queued, queue_attendance_of(batch, permit));
  return store::guard_storage([&]() -> Result<std::vector<AttendanceRow>> {
    batch.run();
    return attendance_in(batch, queued);
  });
}

Result<bool> must_not_meet_of(app::Workspace& ws, const policy::Permit& permit) {
  HAVEN_CHECK(check(permit, {Item::must_not_meet}));
  return store::guard_storage([&]() -> Result<bool> {
    auto flag = store::rows<int>(ws.db(), "SELECT must_not_meet FROM families WHERE id = :f", permit.family_id());
    std::optional<int> apart = flag.first();
    return apart && *apart != 0;
  });
}

Result<FamilyRow> find_family_row(app::Workspace& ws, const std::string& centre_id,
                                  const std::string& reference_or_id) {
  return store::guard_storage([&]() -> Result<FamilyRow> {
    auto found = store::rows(ws.db(),
                             "SELECT id, reference, disposed_at, must_not_meet FROM families WHERE centre_id = :c AND "
                             "(reference = :r OR id = :i)",
                             centre_id, reference_or_id, reference_or_id);
    const store::Row* row = found.first();
    if (!row) return fail(ErrorKind::not_found, fmt::format("no family {} at this centre", reference_or_id));
    FamilyRow out;
    out.id = row->get<std::string>(0);
    out.reference = row->get<std::string>(1);
    out.disposed_on = row->get_or<std::string>(2, "").substr(0, 10);
    out.must_not_meet_ = row->get<int64_t>(3) != 0;
    return out;
  });
}

Result<bool> must_not_meet_of(const FamilyRow& row, const policy::Permit& permit) {
  if (!permit.covers(row.id, Item::must_not_meet))  // a permit for this family's flag, not another's
    return fail(ErrorKind::denied, "this read was not permitted", policy::Clause::kept_securely);
  return row.must_not_meet_;
}

const policy::Permit* DecidedPermits::operator()(const std::string& family_id, policy::Item item) {
  auto key = std::pair{family_id, item};
  auto it = decided_.find(key);
  if (it == decided_.end()) it = decided_.emplace(key, decide_(family_id, item)).first;
  return it->second.permit ? &*it->second.permit : nullptr;
}

Result<std::vector<SessionRow>> centre_sessions(app::Workspace& ws, const std::string& centre_id,
                                                const SessionFilter& filter, const PermitFor& permit_for) {
  return store::guard_storage([&]() -> Result<std::vector<SessionRow>> {
    std::vector<SessionRow> out;
    std::string me = filter.rota_of, centre = centre_id, lo = lower(filter.from_utc), hi = upper(filter.to_utc);
    int all = filter.rota_only ? 0 : 1;
    // session_columns binds :me (for SessionRow::on_rota) before the range binds its own.
    for (const auto& row : store::rows(ws.db(),
                                       std::string(session_columns) + centre_range + "ORDER BY s.starts_at, f.reference",
                                       me, centre, lo, hi, all, me)) {
      auto session = session_row(row);
      if (permitted(permit_for, session.family_id, Item::session_times)) out.push_back(std::move(session));
    }
    return out;
  });
}

Result<std::vector<AttendanceRow>> centre_attendance(app::Workspace& ws, const std::string& centre_id,
                                                     const SessionFilter& filter, const PermitFor& permit_for) {
  return store::guard_storage([&]() -> Result<std::vector<AttendanceRow>> {
    std::vector<AttendanceRow> out;
    std::string me = filter.rota_of, centre = centre_id, lo = lower(filter.from_utc), hi = upper(filter.to_utc);
    int all = filter.rota_only ? 0 : 1;
    for (const auto& row : store::rows(ws.db(),
                                       std::string(attendance_columns) + centre_range +
                                           "ORDER BY s.starts_at, a.session_id, p.party DESC, p.created_at",
                                       centre, lo, hi, all, me))
      if (permitted(permit_for, row.get<std::string>(8), Item::attendance_times)) out.push_back(attendance_row(row));
    return out;
  });
}

}  // namespace haven::records
