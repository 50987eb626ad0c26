// Rooms of a centre: whether a room is free. Contact sessions (records) and other bookings
// (premises) share the rooms, so both ask here before they take one. Reads only; the caller holds
// the write transaction that then takes the room.
#pragma once
#include <string>

#include "app/workspace.hpp"

namespace haven::records {

// Whether a booking or a contact session already holds `room` between two UTC instants
// (ISO text). Contact sessions are checked against it too; `moving` names a session that is being
// moved, which does not stand in its own way.
[[nodiscard]] bool room_taken(app::Workspace& ws, const app::Centre& c, const std::string& room,
                              const std::string& from_utc, const std::string& to_utc, const std::string& moving = {});

}  // namespace haven::records
