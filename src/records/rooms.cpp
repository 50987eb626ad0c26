#include "records/rooms.hpp"

#include "store/rows.hpp"

namespace haven::records {

bool room_taken(app::Workspace& ws, const app::Centre& c, const std::string& room, const std::string& from,
                const std::string& to, const std::string& moving) {
  long long clashes =
      store::value<long long>(
          ws.db(),
          "SELECT (SELECT COUNT(*) FROM room_bookings WHERE centre_id = :c AND room = :r AND starts_at < :to "
          "AND ends_at > :fr) + (SELECT COUNT(*) FROM contact_sessions s JOIN families f ON f.id = s.family_id "
          "WHERE f.centre_id = :c2 AND s.cancelled_at = '' AND s.room = :r2 AND s.starts_at < :to2 AND s.ends_at > "
          ":fr2 AND s.id <> :m)",
          c.id, room, to, from, c.id, room, to, from, moving)
          .value_or(0);
  return clashes > 0;
}

}  // namespace haven::records
