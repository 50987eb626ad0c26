// The parents' portal (portal/portal.hpp) on the web. A parent asks for a code at
// /public/{centre}/sign-in, types it in, and is signed in to /portal/{centre}: their case, the
// policy to acknowledge, and the permissions for their own contact details. Every page calls one
// portal operation, which asks the access layer as the parent; nothing here decides what a parent
// may see.
#include <fmt/format.h>

#include "journey/journey.hpp"
#include "portal/portal.hpp"
#include "web/page_support.hpp"

namespace haven::web {

namespace {

std::string portal_home(const ParentViewer& v) { return "/portal/" + v.centre->id; }

// GET /public/{centre}/sign-in
Result<Page> sign_in_page(http::Request&, const Visitor& v) {
  auto page = make_page("Sign in to see your case", "portal_sign_in");
  page.data.set("name", v.centre->preset.centre_name);
  return page;
}

// POST /public/{centre}/sign-in: a code to the address, when it is a parent's on record.
Result<Page> send_code(http::Request&, const Form& form, const Visitor& v) {
  HAVEN_TRY(email, form.text("email", "your email address", true, 200));
  auto sent = portal::send_code(*v.ws, *v.centre, email, now());
  if (!sent && sent.error().kind == ErrorKind::invalid_input)
    return form.mark("email",
                     "Enter your email address in the correct format, "
                     "like name@example.org");
  if (!sent) return std::unexpected(sent.error());
  return portal_code_page(v, email);
}

std::string agency_words(std::string_view agency) {
  if (agency == "solicitor") return "a solicitor";
  if (agency == "cafcass") return "Cafcass";
  if (agency == "social_worker") return "a social worker";
  if (agency == "local_authority") return "the local authority";
  return "an organisation";
}

std::string referrer_words(const portal::RecipientChoice& r) {
  return fmt::format("{} ({})", r.acts_for_self ? "Your referrer" : "Your family's referrer",
                     agency_words(r.agency_kind));
}

// Whom a parent names themselves, by kind.
std::string named_words(std::string_view kind) {
  if (kind == "cafcass") return "A Cafcass officer";
  if (kind == "childrens_services") return "Children's Services";
  if (kind == "other_agency") return "Another organisation";
  return "Someone else";
}

std::string recipient_words(const portal::Permission& p) {
  if (p.to_other_parent) return "The other parent";
  if (p.recipient_kind == "referring_agency") return "Your family's referrer (" + agency_words(p.agency_kind) + ")";
  if (p.recipient_kind == "cafcass") return "A Cafcass officer you named";
  if (p.recipient_kind == "childrens_services") return "Children's Services, as you named them";
  if (p.recipient_kind == "other_agency") return "An organisation you named";
  return "Someone you named";
}

std::string field_words(std::string_view field) {
  if (field == "address") return "Your address";
  if (field == "phone") return "Your phone number";
  return "Your email address";
}

// How a parent's request for their records ended, in words.
std::string records_closed_words(const portal::RecordsRequest& asked) {
  auto asked_on = day_in_words(asked.received_on), ended_on = day_in_words(asked.answered_on);
  if (asked.outcome == "withdrawn")
    return "You withdrew your request for your records, made on " + asked_on + ", on " + ended_on + ".";
  if (asked.outcome == "no_records")
    return "The centre told you on " + ended_on + " that it holds no records about you.";
  if (asked.outcome == "refused")
    return "The centre refused your request for your records, made on " + asked_on + ", on " + ended_on +
           ". It will have written to tell you why. If you are unhappy with this, you can complain to the centre or "
           "to the Information Commissioner's Office.";
  return "The centre sent you a copy of your records on " + ended_on + ".";
}

// GET /portal/{centre}
Result<Page> home_page(http::Request&, const ParentViewer& v) {
  Day today = london_today();
  HAVEN_TRY(status, portal::status(*v.ws, *v.centre, v.parent, today));
  HAVEN_TRY(given, portal::permissions(*v.ws, *v.centre, v.parent, today));
  auto page = make_page("Your case", "portal_home");
  auto& d = page.data;
  d.set("name", v.centre->preset.centre_name);
  d.set("first_name", status.first_name);
  d.set("reference", status.family_reference);
  auto stage = parse_enum<journey::Stage>(status.stage);
  d.set("stage", std::string(stage ? journey::describe(*stage) : "Referred"));
  ViewList coming;
  for (const auto& s : status.coming) {
    auto starts = parse_utc(s.starts_at);
    auto ends = parse_utc(s.ends_at);
    if (!starts || !ends) continue;
    coming.push_back(ViewObject{
        {"day", format_london_day_words(*starts)},
        {"times", session_times_words(s.kind == "handover", format_london_time(*starts), format_london_time(*ends))}});
  }
  d.set("coming", coming);
  d.set("has_coming", !coming.empty());
  if (const auto& asked = status.records_request; asked && asked->answered_on.empty()) {
    d.set("records_asked_on", day_in_words(asked->received_on));
    d.set("records_due_on", day_in_words(asked->due_on));
    d.set("records_open", true);
    d.set("records_waiting_identity", asked->waiting_for_identity);
    d.set("records_waiting_clarification", asked->waiting_for_clarification);
    d.set("records_waiting", asked->waiting_for_identity || asked->waiting_for_clarification);
  } else if (asked) {
    d.set("records_answered", records_closed_words(*asked));
  }
  d.set("version", status.policy_version);
  d.set("acknowledged_on", text_or_nothing(status.acknowledged_on.empty() ? "" : day_in_words(status.acknowledged_on)));
  d.set("ground_rules_on", text_or_nothing(status.ground_rules_on.empty() ? "" : day_in_words(status.ground_rules_on)));
  d.set("to_acknowledge", status.to_acknowledge);
  d.set("acknowledged_here", status.acknowledged_here);
  ViewList rules;
  for (const auto& rule : v.centre->preset.ground_rules) rules.push_back(ViewObject{{"text", rule}});
  d.set("ground_rules", rules);
  d.set("has_ground_rules", !rules.empty());
  ViewList rows;
  for (const auto& p : given) {
    std::string state = p.live                    ? "Given"
                        : !p.withdrawn_on.empty() ? "Withdrawn " + day_in_words(p.withdrawn_on)
                                                  : "Ended " + day_in_words(p.expires_on);
    rows.push_back(ViewObject{{"id", p.id},
                              {"what", field_words(p.field)},
                              {"to", recipient_words(p)},
                              {"given_on", day_in_words(p.given_on)},
                              {"by", std::string(p.given_here ? "You, here" : "Recorded by the centre")},
                              {"state", state},
                              {"withdrawable", p.live}});
  }
  d.set("permissions", rows);
  d.set("has_permissions", !rows.empty());
  return page;
}

// POST /portal/{centre}/acknowledge
Result<Outcome> acknowledge(http::Request&, const Form&, const ParentViewer& v) {
  HAVEN_CHECK(portal::acknowledge_policy(*v.ws, *v.centre, v.parent));
  return Redirect{portal_home(v), "policy_read"};
}

// POST /portal/{centre}/records
Result<Outcome> ask_for_records(http::Request&, const Form&, const ParentViewer& v) {
  HAVEN_CHECK(portal::ask_for_records(*v.ws, *v.centre, v.parent, london_today()));
  return Redirect{portal_home(v), "records_asked"};
}

// GET /portal/{centre}/permissions/new
Result<Page> permission_form(http::Request&, const ParentViewer& v) {
  HAVEN_TRY(choices, portal::recipient_choices(*v.ws, *v.centre, v.parent));
  auto page = make_page("Give permission for your details", "portal_permission");
  // One list of radios, the first with the id an error links to.
  ViewList options;
  for (const auto& ch : choices) {
    std::string words = ch.value.starts_with("referral:") ? referrer_words(ch)
                        : ch.value == "other_parent"      ? std::string("The other parent")
                                                          : named_words(ch.value);
    std::string id = options.empty() ? std::string("to") : fmt::format("to-{}", options.size() + 1);
    options.push_back(ViewObject{{"id", id}, {"value", ch.value}, {"words", words}});
  }
  page.data.set("options", options);
  return page;
}

// POST /portal/{centre}/permissions
Result<Outcome> give_permission(http::Request&, const Form& form, const ParentViewer& v) {
  portal::NewPermission n;
  HAVEN_TRY(field, form.choice<policy::ContactField>("field", "Choose which of your details may be passed on"));
  n.field = field;
  HAVEN_TRY(to, form.text("to", "who may receive it", true, 80));
  if (to.empty()) return form.mark("to", "Choose who may receive it");
  n.to = to;
  bool names_them = !to.starts_with("referral:") && to != "other_parent";
  HAVEN_TRY(named, form.text("named", "the name of the person or organisation", names_them, 200));
  n.named = named;
  HAVEN_TRY(until, form.optional_date("expires", "the day your permission ends"));
  if (until) n.expires_on = format_day(*until);
  auto given = portal::give_permission(*v.ws, *v.centre, v.parent, n, london_today());
  if (!given && given.error().kind == ErrorKind::invalid_input) {
    const auto& message = given.error().message;
    if (message.starts_with("expires_on"))
      return form.mark("expires_day", "The day your permission ends must be after today");
    if (message.starts_with("named")) return form.mark("named", "Enter the name of the person or organisation");
    return form.mark("to", "Choose who may receive it");
  }
  if (!given) return std::unexpected(given.error());
  return Redirect{portal_home(v), "permission_given"};
}

// POST /portal/{centre}/permissions/{permission}/withdraw
Result<Outcome> withdraw_permission(http::Request& r, const Form&, const ParentViewer& v) {
  const auto& id = r.params.at("permission");
  if (!safe_path_segment(id)) return fail(ErrorKind::not_found, "you have no such permission");
  HAVEN_CHECK(portal::withdraw_permission(*v.ws, *v.centre, v.parent, id, london_today()));
  return Redirect{portal_home(v), "permission_withdrawn"};
}

}  // namespace

Page portal_code_page(const Visitor& v, const std::string& email) { return emailed_code_page(v, email, "portal_code"); }

Page emailed_code_page(const Visitor& v, const std::string& email, const std::string& template_name) {
  auto page = make_page("Check your email", template_name);
  page.data.set("email", email);
  page.data.set("minutes", std::to_string(portal::code_lifetime.count()));
  page.data.set("name", v.centre->preset.centre_name);
  return page;
}

void add_portal_pages(Site& site) {
  site.open_page("/sign-in", sign_in_page);
  site.open_action("/sign-in", send_code, sign_in_page, OpenForm::signs_in);
  site.portal_page("", home_page);
  site.portal_action("/acknowledge", acknowledge, home_page);
  site.portal_action("/records", ask_for_records, home_page);
  site.portal_page("/permissions/new", permission_form);
  site.portal_action("/permissions", give_permission, permission_form);
  site.portal_action("/permissions/{permission}/withdraw", withdraw_permission, home_page);
}

}  // namespace haven::web
