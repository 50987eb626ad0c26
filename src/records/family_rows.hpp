// A family's plain rows (sessions, attendance, the must-not-meet flag), read only against a
// Permit, as a sealed field opens only with one (crypto/sealed.hpp). So no plain column of a
// family leaves the store without a decision either.
//
//   sessions_of(ws, permit)        one family: a permit for its session_times, or attendance_times
//   attendance_of(ws, permit)      one family: a permit for its attendance_times
//   must_not_meet_of(ws, permit)   one family: a permit for its must_not_meet flag
//   centre_sessions(ws, c, filter, permit_for), centre_attendance(...)
//                                  across families: `permit_for` is asked per family and item, and
//                                  a family it gives no covering permit for is left out of the rows
//
// A permit for attendance covers the booked times it is measured against (clause 3 releases
// "attendance dates and times"). A permit that does not cover what is read is refused as denied
// under clause 7, so a caller's mistake shows as a refusal, never as data. Times are returned as
// stored (UTC, format_utc). Reads run on the caller's Workspace connection; as thread-safe as it.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "core/error.hpp"
#include "policy/decision.hpp"
#include "store/batch.hpp"

namespace haven::records {

struct SessionRow {
  std::string id;
  std::string family_id;
  std::string family_reference;
  std::string starts_at, ends_at;  // UTC
  std::string room;
  bool on_rota = false;  // the filter's rota_of is on this session's rota
  std::string cancelled_at;   // UTC when it was called off; empty for a session that stands
  std::string cancel_reason;  // CancelReason's name (records/families.hpp) when cancelled
  std::string kind;           // SessionKind's name (records/families.hpp): supported or handover
};

// What a correction of attendance replaced (records::correct_attendance), and why.
struct Correction {
  std::string was_status, was_arrived_at, was_left_at;  // as they were (UTC times, empty when not recorded)
  std::string reason;                                   // AmendReason's name (records/families.hpp)
  std::string corrected_at;                             // UTC
};

struct AttendanceRow {
  std::string session_id;
  std::string session_starts_at, session_ends_at;  // the booked times it is measured against (UTC)
  std::string person_id;
  std::string party;   // resident_parent, non_resident_parent, child
  std::string status;  // expected, arrived, left, no_show
  std::string arrived_at, left_at, planned_arrival, planned_departure;  // UTC, empty when not recorded
  std::optional<Correction> last_correction;  // the newest correction of it, if it was ever corrected
  std::string no_show_reason;                 // NoShowReason's name (records/families.hpp) when said; else empty
};

// Sessions of one family, in time order, starting in [from_utc, to_utc) when those are given.
[[nodiscard]] Result<std::vector<SessionRow>> sessions_of(app::Workspace& ws, const policy::Permit& permit,
                                                          const std::string& from_utc = {},
                                                          const std::string& to_utc = {});
// Attendance at every session of one family that was not cancelled, by session, then parents
// before children.
[[nodiscard]] Result<std::vector<AttendanceRow>> attendance_of(app::Workspace& ws, const policy::Permit& permit);
// The same two reads queued on a batch of the caller's (store/batch.hpp), to be answered in one
// round trip with its other reads: queue_* checks the permit and gives the query's index in the
// batch; *_in reads the rows once the batch has run (throwing DatabaseError as the store does).
[[nodiscard]] Result<std::size_t> queue_sessions_of(store::Batch& batch, const policy::Permit& permit,
                                                    const std::string& from_utc = {}, const std::string& to_utc = {});
[[nodiscard]] std::vector<SessionRow> sessions_in(const store::Batch& batch, std::size_t queued);
[[nodiscard]] Result<std::size_t> queue_attendance_of(store::Batch& batch, const policy::Permit& permit);
[[nodiscard]] std::vector<AttendanceRow> attendance_in(const store::Batch& batch, std::size_t queued);
[[nodiscard]] Result<bool> must_not_meet_of(app::Workspace& ws, const policy::Permit& permit);

// A family found by its case reference (or id) in a centre, read in one round trip with its
// must-not-meet flag; the flag opens only with a permit for it, like the one above.
class FamilyRow {
 public:
  std::string id;
  std::string reference;    // e.g. F0007
  std::string disposed_on;  // YYYY-MM-DD when its records were destroyed (clause 8), else empty

 private:
  bool must_not_meet_ = false;
  friend Result<FamilyRow> find_family_row(app::Workspace& ws, const std::string& centre_id,
                                           const std::string& reference_or_id);
  friend Result<bool> must_not_meet_of(const FamilyRow& row, const policy::Permit& permit);
};
[[nodiscard]] Result<FamilyRow> find_family_row(app::Workspace& ws, const std::string& centre_id,
                                                const std::string& reference_or_id);
// The flag as `row` holds it: a permit for this family's must_not_meet.
[[nodiscard]] Result<bool> must_not_meet_of(const FamilyRow& row, const policy::Permit& permit);

// The permit, if any, under which a family's item may be read (valid until the call returns).
using PermitFor = std::function<const policy::Permit*(const std::string& family_id, policy::Item item)>;

// A PermitFor that asks `decide` once per family and item and keeps the answers, so a read across
// many sessions of one family decides it once. Pass it by std::ref; the permits it hands out live
// as long as it does. Not thread-safe: one per read.
class DecidedPermits {
 public:
  using Decide = std::function<policy::Decision(const std::string& family_id, policy::Item item)>;
  explicit DecidedPermits(Decide decide) : decide_(std::move(decide)) {}
  const policy::Permit* operator()(const std::string& family_id, policy::Item item);

 private:
  Decide decide_;
  std::map<std::pair<std::string, policy::Item>, policy::Decision> decided_;
};

struct SessionFilter {
  std::string from_utc, to_utc;  // sessions starting in [from, to); empty for no bound
  std::string rota_of;           // a staff id: mark their rota places (SessionRow::on_rota)
  bool rota_only = false;        // and keep only those sessions
};
// The centre's sessions in the filter's range that were not cancelled, in time order, of the families permit_for gives
// a session_times permit for.
[[nodiscard]] Result<std::vector<SessionRow>> centre_sessions(app::Workspace& ws, const std::string& centre_id,
                                                              const SessionFilter& filter, const PermitFor& permit_for);
// Attendance at those sessions, of the families permit_for gives an attendance_times permit for.
[[nodiscard]] Result<std::vector<AttendanceRow>> centre_attendance(app::Workspace& ws, const std::string& centre_id,
                                                                   const SessionFilter& filter,
                                                                   const PermitFor& permit_for);

}  // namespace haven::records
