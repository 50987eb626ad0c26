#include "records/rooms.hpp"

namespace haven::records {

bool room_taken(app::Workspace& ws, const app::Centre& c, const std::string& room, const std::string& from,
                const std::string& to) {
  int clashes = 0;
  ws.db().sql() << "SELECT (SELECT COUNT(*) FROM room_bookings WHERE centre_id = :c AND room = :r AND starts_at < :to "
                   "AND ends_at > :fr) + (SELECT COUNT(*) FROM contact_sessions s JOIN families f ON f.id = s.family_id "
                   "WHERE f.centre_id = :c2 AND s.room = :r2 AND s.starts_at < :to2 AND s.ends_at > :fr2)",
      soci::use(c.id), soci::use(room), soci::use(to), soci::use(from), soci::use(c.id), soci::use(room), soci::use(to),
      soci::use(from), soci::into(clashes);
  return clashes > 0;
}

}  // namespace haven::records
