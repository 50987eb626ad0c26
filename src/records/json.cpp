#include "records/json.hpp"

namespace haven::records {

boost::json::value family_json(const records::FamilyView& v) {
  boost::json::array people, referrals, sessions, withheld;
  for (const auto& p : v.people) {
    boost::json::object fields;
    for (const auto& [k, val] : p.fields) fields[k] = val;
    people.push_back(boost::json::object{{"id", p.id}, {"party", p.party}, {"fields", fields}});
  }
  for (const auto& r : v.referrals)
    referrals.push_back(boost::json::object{{"id", r.id}, {"agency", r.agency}, {"referrer_name", r.referrer_name},
                                     {"acting_for", r.acting_for}, {"referred_on", r.referred_on}});
  for (const auto& s : v.sessions) {
    boost::json::array attendance, notes;
    for (const auto& a : s.attendance)
      attendance.push_back(boost::json::object{{"person_id", a.person_id}, {"status", a.status}, {"arrived", a.arrived},
                                        {"left", a.left},
                                               {"planned_arrival", a.planned_arrival},
                                               {"planned_departure", a.planned_departure}});
    for (const auto& n : s.notes) notes.push_back(boost::json::string(n));
    boost::json::object session{{"id", s.id},
                                {"day", s.day},
                                {"starts", s.starts},
                                {"ends", s.ends},
                                {"room", s.room},
                                {"kind", s.handover ? "handover" : "supported"},
                                {"attendance", attendance},
                                {"notes", notes}};
    if (!s.cancelled_on.empty())
      session["cancelled"] = boost::json::object{{"on", s.cancelled_on}, {"reason", s.cancel_reason}};
    sessions.push_back(std::move(session));
  }
  for (const auto& w : v.withheld)
    withheld.push_back(boost::json::object{{"item", w.item}, {"clause", w.clause}, {"reason", w.reason}});
  boost::json::object out{{"id", v.id}, {"reference", v.reference}, {"people", people}, {"referrals", referrals},
                   {"sessions", sessions}, {"withheld", withheld}};
  if (v.must_not_meet) out["must_not_meet"] = *v.must_not_meet;
  return out;
}

}  // namespace haven::records
