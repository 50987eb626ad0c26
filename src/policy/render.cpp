#include "policy/render.hpp"

#include <fmt/format.h>

#include "pdf/markdown.hpp"
#include "policy/clause.hpp"

namespace haven::policy {

std::string_view agency_words(Agency a) {
  switch (a) {
    case Agency::childrens_services: return "Children's Services";
    case Agency::police: return "the police";
    case Agency::cafcass: return "Cafcass";
    case Agency::other_appropriate_agency: return "another agency suited to the concern";
  }
  return "";
}

std::string_view category_words(RecordCategory c) {
  switch (c) {
    case RecordCategory::family_records: return "family records";
    case RecordCategory::session_notes: return "session notes";
    case RecordCategory::attendance: return "attendance records";
    case RecordCategory::referral_records: return "referral records";
    case RecordCategory::accident_book: return "the accident book";
    case RecordCategory::safeguarding_records: return "safeguarding records";
    case RecordCategory::child_protection_records: return "child protection records";
    case RecordCategory::volunteer_records: return "volunteer records";
  }
  return "";
}

std::string_view dbs_words(DbsLevel l) {
  switch (l) {
    case DbsLevel::none: return "no";
    case DbsLevel::basic: return "a basic";
    case DbsLevel::standard: return "a standard";
    case DbsLevel::enhanced: return "an enhanced";
    case DbsLevel::enhanced_with_barred_lists: return "an enhanced (with barred lists)";
  }
  return "";
}

namespace {

std::string_view role_words(Role r) {
  switch (r) {
    case Role::coordinator: return "the coordinator";
    case Role::management: return "a member of the management team";
    case Role::safeguarding_lead: return "the safeguarding lead";
    case Role::volunteer: return "a volunteer";
    case Role::administrator: return "the administrator";
  }
  return "";
}

std::string heading(Clause c) { return fmt::format("### {}. {}\n\n", id_of(c), info(c).title); }

}  // namespace

std::string render_markdown(const Preset& p) {
  std::string md;
  auto add = [&md](const std::string& text) { md += text; };

  add(fmt::format("# {}: confidentiality policy\n\n", p.centre_name));
  add(fmt::format("Version {}, last reviewed on {}.\n\n", p.version, format_day_words(p.last_reviewed)));
  add(fmt::format("{} keeps everything it knows about the families who use it confidential. "
                  "Two kinds of concern are the only exceptions, and each is described first.\n\n",
                  p.short_name));

  add("## When we will share information without being asked\n\n");
  add(heading(Clause::welfare_exception));
  add(fmt::format("If we are worried about a child's welfare, our safeguarding lead or management "
                  "team may tell {}. The concern is written down first, the reason for sharing is "
                  "recorded, and the management team reviews every such disclosure.\n\n",
                  join_words(p.welfare.agencies, agency_words, "or")));
  add(heading(Clause::violence_exception));
  add(fmt::format("If there is physical violence towards {}, our safeguarding lead or management "
                  "team may tell {}, on the same terms.\n\n",
                  join_words(p.violence_protects,
                             [](ProtectedGroup g) {
                               switch (g) {
                                 case ProtectedGroup::users: return std::string_view("anyone using the centre");
                                 case ProtectedGroup::volunteers: return std::string_view("our volunteers");
                                 case ProtectedGroup::staff: return std::string_view("our staff");
                               }
                               return std::string_view("");
                             },
                             "or"),
                  join_words(p.violence.agencies, agency_words, "or")));

  add("## Our promises\n\n");
  add(heading(Clause::no_disclosure));
  add("Volunteers keep what they learn about a family inside the centre. On a contact day they "
      "see only first names, arrival and departure times and whether two parents must be kept "
      "apart. They never see addresses or telephone numbers and cannot print or export records.\n\n");
  add(heading(Clause::no_court_reports));
  add("We do not write or give reports of any kind, spoken or written, for family court "
      "proceedings. Notes made during a session stay inside the centre.\n\n");
  add(heading(Clause::attendance_to_referrers));
  add("A referring agency may ask for the dates and times a family attended. That is all the "
      "statement contains.");
  if (p.mirror_to_other_side)
    add(" Whoever asks is told beforehand that the other side will be sent the same statement, "
        "and it is sent to them.");
  add("\n\n");
  add(heading(Clause::contact_details_sealed));
  add(
      fmt::format("A parent's {} are never given to anyone, including the "
                  "other parent or an "
                  "agency, unless that parent has agreed to it for that "
                  "particular recipient. A "
                  "parent may withdraw that agreement at any time. {}\n\n",
                  join_words(p.sealed_contact_fields,
                             [](ContactField f) {
                               switch (f) {
                                 case ContactField::address:
                                   return std::string_view("address");
                                 case ContactField::phone:
                                   return std::string_view("telephone number");
                                 case ContactField::email:
                                   return std::string_view("email address");
                               }
                               return std::string_view("");
                             }),
                  p.former_partner_with_permission ? "The other parent, or anyone acting for them, receives "
                                                     "them only when the parent has "
                                                     "given that permission themselves, and never while "
                                                     "there is a concern about violence "
                                                     "or the parents must not meet."
                                                   : "Nothing is ever passed to the other parent or anyone "
                                                     "acting for them."));
  add(heading(Clause::assessments_need_agreement));
  if (p.assessments_need_approval)
    add(fmt::format("Solicitors, Cafcass officers, social workers and other agencies may not assess "
                    "a family in our rooms unless {} has agreed to it in advance.\n\n",
                    role_words(p.assessment_approver)));
  else
    add("Assessments on the premises are arranged with the coordinator.\n\n");
  add(heading(Clause::dbs_before_volunteering));
  add(fmt::format("Nobody becomes a full volunteer, joins the rota or sees any family information "
                  "until {} DBS check has been recorded for them. Checks are renewed every {} "
                  "years.",
                  dbs_words(p.dbs_minimum_level), p.dbs_recheck_years));
  std::vector<Role> staff_roles;
  for (auto r : p.dbs_required_for)
    if (r != Role::volunteer) staff_roles.push_back(r);
  if (!staff_roles.empty())
    add(fmt::format(" The same check comes first for {} too.", join_words(staff_roles, role_words)));
  add("\n\n");
  add(heading(Clause::kept_securely));
  add("Records about families and volunteers are encrypted, available only to signed-in staff "
      "whose role needs them, and every look at them is logged.\n\n");
  add(heading(Clause::retention));
  add(fmt::format("Records nobody has used for {} years are securely destroyed. We keep {} "
                  "without a time limit",
                  p.unused_years, join_words(p.kept_indefinitely, category_words)));
  add(fmt::format(", because a child may ask to see their records until the age of {}, through "
                  "their local authority.\n\n",
                  p.subject_access_until_age));
  add(heading(Clause::everyone_told));
  add(fmt::format("We tell {} about this policy and record that they have been told{}.\n\n",
                  join_words(p.audiences,
                             [](Audience a) {
                               switch (a) {
                                 case Audience::users: return std::string_view("the families who use the centre");
                                 case Audience::referrers: return std::string_view("referrers");
                                 case Audience::volunteers: return std::string_view("volunteers");
                                 case Audience::staff: return std::string_view("staff");
                               }
                               return std::string_view("");
                             }),
                  p.available_on_request ? "; anyone who asks is given a copy" : ""));
  add(heading(Clause::yearly_review));
  add(fmt::format("We review this policy at least every {} months and update it when needed.",
                  p.review_interval_months));
  if (p.keep_version_history) {
    add(" Every version is kept:\n\n");
    for (const auto& v : p.history)
      add(fmt::format("- {} (adopted {}): {}\n", v.version, format_day_words(v.adopted), v.summary));
  }
  add("\n");
  if (!p.ground_rules.empty()) {
    add("## Ground rules for contact sessions\n\n");
    add("Every parent reads these with this policy and agrees to them before contact begins. They keep "
        "the child, the families and our volunteers safe.\n\n");
    for (const auto& rule : p.ground_rules) add("- " + rule + "\n");
    add("\n");
  }
  return md;
}

Result<std::string> render_pdf(const Preset& p) {
  return pdf::from_markdown(p.centre_name + ": confidentiality policy", render_markdown(p));
}

}  // namespace haven::policy
