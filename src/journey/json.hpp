// JSON forms of a family's journey and the waiting list, shared by the command line and the API.
// Days are YYYY-MM-DD; stages, steps and outcomes by their names (journey.hpp); a plan's text
// only where the reader may see it.
#pragma once
#include <boost/json.hpp>
#include <vector>

#include "journey/journey.hpp"

namespace haven::journey {

[[nodiscard]] boost::json::object journey_json(const Journey& j);
[[nodiscard]] boost::json::array waiting_json(const std::vector<Waiting>& waiting);

}  // namespace haven::journey
