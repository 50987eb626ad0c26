#include "access/parent.hpp"

namespace haven::access {

policy::Actor Parent::actor() const {
  policy::Actor a;
  a.kind = policy::ActorKind::parent;
  a.id = person_id;
  a.centre_id = centre_id;
  a.family_id = family_id;
  return a;
}

policy::AccessRequest parent_view(const app::Centre& c, const Parent& as, policy::Item item,
                                  const std::string& person_id) {
  policy::AccessRequest r;
  r.actor = as.actor();
  r.action = policy::Action::view;
  r.item = item;
  r.purpose = policy::Purpose::subject_access;
  r.centre_id = c.id;
  r.family_id = as.family_id;
  r.facts.subject_person_id = person_id;
  return r;
}

policy::AccessRequest parent_act(const app::Centre& c, const Parent& by, policy::Action action, policy::Item item,
                                 const std::string& person_id) {
  auto r = parent_view(c, by, item, person_id);
  r.action = action;
  return r;
}

}  // namespace haven::access
