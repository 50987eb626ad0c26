#include "directory/json.hpp"

namespace haven::directory {

boost::json::value listing_json(const Listing& listing) {
  boost::json::array families;
  for (const auto& f : listing.families) {
    boost::json::array named;
    for (const auto& p : f.named) named.push_back(boost::json::object{{"name", p.name}, {"party", p.party}});
    boost::json::object row{{"id", f.id},     {"reference", f.reference},       {"people", f.people},
                            {"named", named}, {"next_session", f.next_session}, {"disposed_on", f.disposed_on}};
    if (f.stage) row["stage"] = name_of(*f.stage);
    families.push_back(std::move(row));
  }
  return boost::json::object{{"families", families},
                             {"total", listing.total},
                             {"page", listing.page},
                             {"pages", listing.pages},
                             {"per_page", listing.per_page}};
}

}  // namespace haven::directory
