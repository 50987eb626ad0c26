#include "journey/json.hpp"

namespace haven::journey {

boost::json::object journey_json(const Journey& j) {
  namespace json = boost::json;
  json::array parents, reviews, to_begin;
  for (const auto& p : j.parents)
    parents.push_back(json::object{{"person_id", p.person_id},
                                   {"party", p.party},
                                   {"pre_visit_on", p.pre_visit_on},
                                   {"ground_rules_on", p.ground_rules_on},
                                   {"policy_version", p.policy_version}});
  for (const auto& r : j.reviews) reviews.push_back(json::string(r));
  for (const auto& t : j.to_begin) to_begin.push_back(json::string(t));
  json::array next;
  for (Step s : j.next_steps) next.push_back(json::string(name_of(s)));
  auto plan = [](const PlanView& p) {
    json::object out{{"written_on", p.written_on}};
    if (p.text) out["text"] = *p.text;
    return out;
  };
  return json::object{{"reference", j.reference},
                      {"stage", name_of(j.stage)},
                      {"referred_on", j.referred_on},
                      {"waiting_since", j.waiting_since},
                      {"waiting_position", j.waiting_position},
                      {"offered_on", j.offered_on},
                      {"parents", parents},
                      {"risk_assessment", plan(j.risk_assessment)},
                      {"contact_plan", plan(j.contact_plan)},
                      {"started_on", j.started_on},
                      {"reviews", reviews},
                      {"review_due_on", j.review_due_on},
                      {"closed_on", j.closed_on},
                      {"outcome", j.outcome ? json::value(name_of(*j.outcome)) : json::value(nullptr)},
                      {"to_begin", to_begin},
                      {"next_steps", next}};
}

boost::json::array waiting_json(const std::vector<Waiting>& waiting) {
  boost::json::array rows;
  for (const auto& w : waiting)
    rows.push_back(boost::json::object{{"reference", w.reference}, {"since", w.since}, {"position", w.position}});
  return rows;
}

}  // namespace haven::journey
