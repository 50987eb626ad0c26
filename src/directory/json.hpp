// The JSON form of a list of families, shared by the command line and the API: what the reader
// was allowed to see, by the names of the items (stage as its name: "waiting").
#pragma once
#include <boost/json.hpp>

#include "directory/directory.hpp"

namespace haven::directory {

[[nodiscard]] boost::json::value listing_json(const Listing& listing);

}  // namespace haven::directory
