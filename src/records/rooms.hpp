// Rooms of a centre: whether a room is free. Contact sessions (records) and other bookings
// (premises) share the rooms, so both ask here before they take one. Reads only; the caller holds
// the write transaction that then takes the room.
//
// A supported session holds its room from its start to its end (a parent who comes early waits
// elsewhere). A handover holds it only around the handover and around the return, while the
// child waits there with staff: from the first planned arrival (the gap before the start when the
// parents must not meet) to handover_minutes after the start, and from handover_minutes before
// the end to the last planned departure.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "core/time.hpp"
#include "records/families.hpp"

namespace haven::records {

// How long the centre allows for the child to pass from one parent to the other.
inline constexpr std::chrono::minutes handover_minutes{15};

// A stretch of time a room is held for (UTC instants).
struct RoomUse {
  Instant from, to;
};

// The stretches a session holds its room for: one for supported contact, two for a handover.
// `gap`: how far before the start the first person arrives (and after the end the last leaves);
// a supported session's room does not depend on it.
[[nodiscard]] std::vector<RoomUse> room_uses(SessionKind kind, Instant starts, Instant ends, std::chrono::minutes gap);

// Whether a booking or a contact session already holds `room` at any time in `use`. `moving`
// names a session that is being moved, which does not stand in its own way.
[[nodiscard]] bool room_taken(app::Workspace& ws, const app::Centre& c, const std::string& room, const RoomUse& use,
                              const std::string& moving = {});

}  // namespace haven::records
