#include "premises/bookings.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "access/facts.hpp"
#include "core/ids.hpp"
#include "records/families.hpp"
#include "records/rooms.hpp"
#include "store/rows.hpp"

namespace haven::premises {

namespace {

bool known_agency(const std::string& a) {
  return a == "solicitor" || a == "cafcass" || a == "social_worker" || a == "other";
}

}  // namespace

Result<std::string> approve_assessment(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                       const std::string& family_ref, const std::string& agency,
                                       const std::string& valid_until) {
  if (!known_agency(agency))
    return fail(ErrorKind::invalid_input, "agency is one of: solicitor, cafcass, social_worker, other");
  auto until = parse_day(valid_until);
  if (!until || *until < std::chrono::floor<std::chrono::days>(now()))
    return fail(ErrorKind::invalid_input, "valid_until is a date (YYYY-MM-DD), today or later");
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  policy::AccessRequest r;
  r.actor = by.actor();
  r.centre_id = c.id;
  r.action = policy::Action::agree_assessment;
  r.item = policy::Item::session_times;
  r.family_id = family->id;
  auto decision = access::require(ws, c, r, {"approve_assessment", "family:" + family->id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::string> {
    std::string id = new_id("apr"), at = format_utc(now());
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO assessment_approvals (id, centre_id, family_id, agency, approved_by, approved_at, "
                   "valid_until) VALUES (:i, :c, :f, :a, :b, :t, :u)",
                   id, c.id, family->id, agency, by.id, at, valid_until);
    ws.audit().append({c.id, by.id, "approve_assessment", "family:" + family->id, agency,
                       std::string(decision->clause_id()), "change"});
    tx.commit();
    return id;
  });
}

Result<std::string> book_room(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const NewBooking& b) {
  if (b.room.empty()) return fail(ErrorKind::invalid_input, "say which room");
  auto starts = parse_london(b.starts);
  if (!starts) return std::unexpected(starts.error());
  auto ends = parse_london(b.ends);
  if (!ends) return std::unexpected(ends.error());
  if (*ends <= *starts) return fail(ErrorKind::invalid_input, "a booking must end after it starts");
  std::string from = format_utc(*starts), to = format_utc(*ends), family_id, approval;

  policy::AccessRequest r;
  if (b.kind == BookingKind::assessment) {
    if (!known_agency(b.agency))
      return fail(ErrorKind::invalid_input, "an assessment names the agency: solicitor, cafcass, social_worker, other");
    auto family = records::find_family(ws, c, b.family_ref);
    if (!family) return std::unexpected(family.error());
    family_id = family->id;
    auto ask = access::assessment_booking(ws, c, by, family_id, b.agency, format_london_day(*starts));
    r = std::move(ask.request);
    approval = std::move(ask.approval_id);
  } else {
    r = access::record(c, by, policy::Item::session_times, "*");
  }
  auto decision = access::require(ws, c, r, {"book_room", "room:" + b.room});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::string> {
    store::WriteTransaction tx(ws.db(), c.id);
    if (records::room_taken(ws, c, b.room, {*starts, *ends}))
      return fail(ErrorKind::conflict, fmt::format("{} is already booked at that time", b.room));
    std::string id = new_id("bkg"), kind(name_of(b.kind)), at = format_utc(now());
    store::execute(ws.db(),
                   "INSERT INTO room_bookings (id, centre_id, room, starts_at, ends_at, kind, agency, family_id, "
                   "approval_id, booked_by, created_at) VALUES (:i, :c, :r, :s, :e, :k, :a, :f, :p, :b, :t)",
                   id, c.id, b.room, from, to, kind, b.agency, family_id, approval, by.id, at);
    if (!approval.empty()) {
      // An approval is used once: taken here under the write lock, or refused if another booking
      // took it since it was read.
      long long taken = store::execute(ws.db(),
                                       "UPDATE assessment_approvals SET used_by_booking = :b "
                                       "WHERE id = :i AND used_by_booking = ''",
                                       id, approval);
      if (taken != 1)
        return fail(ErrorKind::conflict, "that agreement was used by another booking a moment ago; book again");
    }
    ws.audit().append({c.id, by.id, "book_room", "booking:" + id, kind, std::string(decision->clause_id()), "change"});
    tx.commit();
    return id;
  });
}

}  // namespace haven::premises
