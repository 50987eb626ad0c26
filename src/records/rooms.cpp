#include "records/rooms.hpp"

#include <algorithm>

#include "store/rows.hpp"

namespace haven::records {

std::vector<RoomUse> room_uses(SessionKind kind, Instant starts, Instant ends, std::chrono::minutes gap) {
  if (kind == SessionKind::supported) return {{starts, ends}};
  Instant handed = std::min(starts + handover_minutes, ends), returned = std::max(ends - handover_minutes, starts);
  return {{starts - gap, handed}, {returned, ends + gap}};
}

namespace {

// The longest a stored session reaches beyond its own times: the widest gap a booking allows.
constexpr std::chrono::minutes widest_gap{60};

bool meets(const RoomUse& a, const RoomUse& b) { return a.from < b.to && b.from < a.to; }

}  // namespace

bool room_taken(app::Workspace& ws, const app::Centre& c, const std::string& room, const RoomUse& use,
                const std::string& moving) {
  std::string from = format_utc(use.from), to = format_utc(use.to);
  long long booked = store::value<long long>(ws.db(),
                                             "SELECT COUNT(*) FROM room_bookings WHERE centre_id = :c AND room = :r "
                                             "AND starts_at < :to AND ends_at > :fr",
                                             c.id, room, to, from)
                         .value_or(0);
  if (booked > 0) return true;
  // Sessions near this stretch, each with how early its first person is planned to arrive; the
  // stretches each holds are worked out as for a new one.
  auto rows = store::rows(
      ws.db(),
      "SELECT s.starts_at, s.ends_at, s.kind, COALESCE((SELECT MIN(NULLIF(a.planned_arrival, '')) FROM attendance a "
      "WHERE a.session_id = s.id), s.starts_at) FROM contact_sessions s JOIN families f ON f.id = s.family_id "
      "WHERE f.centre_id = :c AND s.cancelled_at = '' AND s.room = :r AND s.starts_at < :to AND s.ends_at > :fr "
      "AND s.id <> :m",
      c.id, room, format_utc(use.to + widest_gap), format_utc(use.from - widest_gap), moving);
  for (const auto& row : rows) {
    auto starts = parse_utc(row.get<std::string>(0)), ends = parse_utc(row.get<std::string>(1)),
         first = parse_utc(row.get<std::string>(3));
    if (!starts || !ends) return true;  // unreadable times: assume the room is held
    auto kind = parse_enum<SessionKind>(row.get<std::string>(2)).value_or(SessionKind::supported);
    auto gap = first && *first < *starts ? std::chrono::duration_cast<std::chrono::minutes>(*starts - *first)
                                         : std::chrono::minutes{0};
    for (const auto& held : room_uses(kind, *starts, *ends, gap))
      if (meets(held, use)) return true;
  }
  return false;
}

}  // namespace haven::records
