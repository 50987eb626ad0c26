// JSON forms of what a reader may see of families, shared by the command line and the API.
// Withheld items appear only by name with their clause and reason, never with a value.
#pragma once
#include <boost/json.hpp>
#include <vector>

#include "records/family_view.hpp"

namespace haven::records {

boost::json::value family_json(const FamilyView& view);

}  // namespace haven::records
