// Applications received through the public referral form (applications/applications.hpp), for
// the coordinator: each one read in full, then taken in as a new family on the waiting list, or
// into the family the other parent's application made, or declined.
#include <fmt/format.h>

#include "applications/applications.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

std::string full_name(const std::string& first, const std::string& last) {
  if (first.empty() || last.empty()) return first + last;
  return first + " " + last;
}

std::string applicant_words(const applications::Summary& s) {
  if (s.applicant == applications::Applicant::parent) return "A parent, applying for their own family";
  return "A professional: " + plain_words(name_of(s.agency));
}

// GET /applications/{id}
Result<Page> application_page(http::Request& r, const Viewer& v) {
  HAVEN_TRY(opened, applications::open(*v.ws, *v.centre, v.staff, r.params.at("id")));
  const auto& s = opened.summary;
  const auto& a = opened.details;
  auto page = make_page("Application " + s.reference, "application");
  auto& d = page.data;
  d.set("href", "/applications/" + s.id);
  d.set("reference", s.reference);
  d.set("received", time_in_words(s.received_at));
  d.set("who", applicant_words(s));
  d.set("waiting", s.status == applications::Status::received);
  if (!s.family_reference.empty())
    d.set("family", ViewObject{{"reference", s.family_reference}, {"href", family_path(s.family_reference)}});
  d.set("declined", s.status == applications::Status::declined);
  ViewList rows;
  auto row = [&rows](std::string label, const std::string& value) {
    if (!value.empty()) rows.push_back(ViewObject{{"label", std::move(label)}, {"value", value}});
  };
  row("Referrer", a.referrer_name);
  row("Organisation", a.organisation);
  row("Email to reply to", a.contact_email);
  row("Phone to reply to", a.contact_phone);
  row(a.parent_party == records::Party::resident_parent ? "Parent (the children live with them)"
                                                        : "Parent (the children live with the other parent)",
      full_name(a.parent_first_name, a.parent_surname));
  row("Parent's address", a.parent_address);
  row("Parent's phone", a.parent_phone);
  row("Parent's email", a.parent_email);
  row("Other parent", full_name(a.other_parent_first_name, a.other_parent_surname));
  for (const auto& c : a.children)
    row("Child", fmt::format("{}, born {}", full_name(c.first_name, c.surname), day_in_words(c.date_of_birth)));
  row("Parental responsibility", a.parental_responsibility);
  row("The children live with", a.lives_with);
  row("When the family can come", a.availability);
  row("Who else may come", a.who_may_attend);
  if (!a.parent_first_name.empty()) {
    row("Domestic abuse", a.domestic_abuse ? "Yes, between the parents" : "Not said on the form");
    row("Court order", a.court_order ? "Yes, a court order covers contact" : "Not said on the form");
  }
  row("To keep everyone safe", a.risks);
  d.set("rows", rows);
  return page;
}

Result<Outcome> take_in(http::Request& r, const Form& form, const Viewer& v) {
  HAVEN_TRY(into, form.text("into", "the reference of the family to add it to", false, 16));
  HAVEN_TRY(family, applications::take_in(*v.ws, *v.centre, v.staff, r.params.at("id"), into));
  return Redirect{family_path(family.reference), "application_taken_in"};
}

Result<Outcome> decline(http::Request& r, const Form& form, const Viewer& v) {
  if (!form.checked("confirm"))
    return form.mark("confirm", "Confirm that the application is declined and what it holds destroyed");
  HAVEN_CHECK(applications::decline(*v.ws, *v.centre, v.staff, r.params.at("id")));
  return Redirect{"/waiting-list", "application_declined"};
}

}  // namespace

ViewList application_rows(const std::vector<applications::Summary>& received) {
  ViewList out;
  for (const auto& s : received)
    out.push_back(ViewObject{{"reference", s.reference},
                             {"href", "/applications/" + s.id},
                             {"who", applicant_words(s)},
                             {"received", time_in_words(s.received_at)}});
  return out;
}

void add_application_pages(Site& site) {
  site.page("/applications/{id}", application_page);
  site.action("/applications/{id}/take-in", take_in, application_page);
  site.action("/applications/{id}/decline", decline, application_page);
}

}  // namespace haven::web
