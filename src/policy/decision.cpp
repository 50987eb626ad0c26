#include "policy/decision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace haven::policy {

namespace {

bool is_one_of(Role role, std::initializer_list<Role> roles) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// Items a volunteer needs to run a session, and nothing more (clause 1).
bool volunteer_needs(Item item) {
  return item == Item::first_name || item == Item::must_not_meet || item == Item::session_times ||
         item == Item::attendance_times;
}

// The papers written at intake, read and written only by those who run the family's case and
// its safety.
bool is_case_plan(Item item) { return item == Item::risk_assessment || item == Item::contact_plan; }
constexpr std::initializer_list<Role> plan_roles = {Role::coordinator, Role::management, Role::safeguarding_lead};

bool listed(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::optional<Agency> agency_of(RecipientKind kind) {
  switch (kind) {
    case RecipientKind::childrens_services: return Agency::childrens_services;
    case RecipientKind::police: return Agency::police;
    case RecipientKind::cafcass: return Agency::cafcass;
    case RecipientKind::other_agency: return Agency::other_appropriate_agency;
    default: return std::nullopt;
  }
}

}  // namespace

bool DecisionPoint::dbs_current(const Actor& a) const {
  if (!a.dbs_issued_on) return false;
  auto today = london_today();
  if (*a.dbs_issued_on > today) return false;  // a certificate dated in the future is no check
  if (a.dbs_update_service) return true;
  return today < add_years(*a.dbs_issued_on, preset_.dbs_recheck_years);
}

bool is_contact_item(Item item) { return contact_field_of(item).has_value(); }

bool is_person_item(Item item) {
  return is_contact_item(item) || item == Item::first_name || item == Item::surname || item == Item::date_of_birth;
}

std::optional<ContactField> contact_field_of(Item item) {
  switch (item) {
    case Item::address: return ContactField::address;
    case Item::phone: return ContactField::phone;
    case Item::email: return ContactField::email;
    default: return std::nullopt;
  }
}

Item item_of(ContactField field) {
  switch (field) {
    case ContactField::address: return Item::address;
    case ContactField::phone: return Item::phone;
    case ContactField::email: return Item::email;
  }
  return Item::email;
}

std::string Decision::explain() const {
  return fmt::format("clause {} ({}): {}", clause_id(), info(clause).title, reason);
}

Decision DecisionPoint::allow(const AccessRequest& r, Clause clause, std::string reason,
                              std::vector<Obligation> obligations) const {
  Decision d;
  d.clause = clause;
  d.reason = std::move(reason);
  d.obligations = std::move(obligations);
  d.permit = Permit(r.family_id, r.item, r.action, clause, r.actor.kind == ActorKind::parent ? r.actor.id : "");
  return d;
}

Decision DecisionPoint::deny(Clause clause, std::string reason) {
  Decision d;
  d.clause = clause;
  d.reason = std::move(reason);
  return d;
}

Decision DecisionPoint::decide(const AccessRequest& r) const {
  if (!r.centre_id.empty() && r.centre_id != r.actor.centre_id)
    return deny(Clause::kept_securely, "staff see only the records of their own centre");
  if (r.actor.disabled) return deny(Clause::kept_securely, "this account is disabled");
  if (r.actor.kind == ActorKind::parent) return decide_for_parent(r);
  if (r.actor.kind == ActorKind::referrer) return decide_for_referrer(r);
  if (r.actor.role_pending)
    return deny(Clause::kept_securely,
                "this account's role takes effect only when a manager other than the one who proposed it approves it");
  if (r.action == Action::manage_accounts || r.action == Action::read_audit) return decide_oversight(r);
  if (r.action == Action::vet) {
    if (r.actor.id == r.facts.subject_staff_id)
      return deny(Clause::dbs_before_volunteering, "nobody records their own DBS check: someone else sees the certificate");
    auto accounts = r;
    accounts.action = Action::manage_accounts;  // vetting is for those who run the accounts
    if (auto may = decide_oversight(accounts); !may.allowed()) return may;
    return allow(r, Clause::dbs_before_volunteering, "a DBS check seen by an administrator or management");
  }
  if (r.action == Action::approve_role) return decide_role_approval(r);
  if (r.action == Action::reset_sign_in) return decide_reset(r);
  if (r.action == Action::review_disclosure) {
    if (r.actor.role == Role::management)
      return allow(r, Clause::welfare_exception, "management reviews every exception disclosure");
    return deny(Clause::welfare_exception, "only management review exception disclosures");
  }
  if (r.actor.role == Role::administrator)
    return deny(Clause::kept_securely,
                "administrators manage accounts and see no family records unless also given a family role");
  if (preset_.needs_dbs_check(r.actor.role) && r.actor.dbs < preset_.dbs_minimum_level)
    return deny(Clause::dbs_before_volunteering,
                fmt::format("nobody in this role sees family information until a DBS check at the {} "
                            "level or above is recorded for them: ask your coordinator to record your DBS check",
                            name_of(preset_.dbs_minimum_level)));
  if (preset_.needs_dbs_check(r.actor.role) && !dbs_current(r.actor))
    return deny(Clause::dbs_before_volunteering,
                fmt::format("this DBS check is more than {} years old or dated in the future; record a new check "
                            "(or Update Service status) first",
                            preset_.dbs_recheck_years));

  switch (r.action) {
    case Action::view: return decide_view(r);
    case Action::export_copy:
      if (r.actor.role == Role::volunteer)
        return deny(Clause::no_disclosure, "volunteers cannot print or export family records");
      return decide_view(r);
    case Action::release: return decide_release(r);
    case Action::record:
      if (r.actor.role == Role::volunteer &&
          !(r.item == Item::attendance_times || r.item == Item::concern_record ||
            r.item == Item::accident_record))
        return deny(Clause::no_disclosure,
                    "volunteers record arrivals, departures, accidents and concerns only");
      if (r.actor.role == Role::volunteer && r.item == Item::attendance_times &&
          (!listed(r.actor.rota_families_today, r.family_id) || !listed(r.actor.rota_sessions_today, r.session_id)))
        return deny(Clause::no_disclosure,
                    "a volunteer records arrivals and departures for today's sessions on their rota only");
      if (r.item == Item::case_progress && !is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return deny(Clause::kept_securely, "a family's case is moved on by a coordinator or management");
      if (is_case_plan(r.item) && !is_one_of(r.actor.role, plan_roles))
        return deny(Clause::kept_securely,
                    "the risk assessment and contact plan are written by coordinators, management and the "
                    "safeguarding lead");
      return allow(r, Clause::kept_securely, "recorded by authenticated staff and audited");
    case Action::book_assessment: return decide_assessment(r);
    case Action::manage_accounts:
    case Action::read_audit: return decide_oversight(r);
    case Action::vet:
    case Action::approve_role:
    case Action::reset_sign_in:
    case Action::review_disclosure: break;  // decided above, before the administrator rule
    case Action::review_retention:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return allow(r, Clause::retention, "coordinators and management keep the retention schedule");
      return deny(Clause::retention, "the retention schedule is kept by coordinators and management");
    case Action::propose_disposal:
    case Action::approve_disposal:
    case Action::dispose: return decide_disposal(r);
    case Action::join_rota:
      return allow(r, Clause::dbs_before_volunteering, "a helper whose DBS check is recorded may join the rota");
    case Action::agree_assessment:
      if (r.actor.role == preset_.assessment_approver)
        return allow(r, Clause::assessments_need_agreement, "the policy's approver agreed to an assessment");
      return deny(Clause::assessments_need_agreement,
                  fmt::format("an assessment on the premises is agreed by {}", name_of(preset_.assessment_approver)));
    case Action::adopt_policy:
      if (r.actor.role == Role::management)
        return allow(r, Clause::yearly_review, "management reviews and adopts the policy");
      return deny(Clause::yearly_review, "only management adopt a new version of the policy");
    case Action::record_awareness:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return allow(r, Clause::everyone_told, "coordinators and management record who has been told of the policy");
      return deny(Clause::everyone_told, "coordinators and management keep the record of who has been told");
    case Action::read_statistics:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return allow(r, Clause::no_disclosure, "counts of the centre's work name no family, and may be reported");
      return deny(Clause::no_disclosure, "the centre's statistics are kept by coordinators and management");
    case Action::invite_referrer:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return allow(r, Clause::attendance_to_referrers,
                     "coordinators and management give a family's referrer an account for their referral");
      return deny(Clause::attendance_to_referrers, "referrers are given accounts by coordinators and management");
    case Action::review_outbox:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return allow(r, Clause::kept_securely, "coordinators and management look after the centre's email");
      return deny(Clause::kept_securely, "the centre's email is looked after by coordinators and management");
    case Action::keep_data_protection_records:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management}))
        return allow(r, Clause::kept_securely, "coordinators and management keep the centre's data-protection records");
      return deny(Clause::kept_securely,
                  "the centre's data-protection records are kept by coordinators and management");
    case Action::decide_breach:
      if (r.actor.role == Role::management)
        return allow(r, Clause::kept_securely, "management decide whether a breach is reported to the Commissioner");
      return deny(Clause::kept_securely,
                  "management decide whether a breach is reported to the Information Commissioner");
    case Action::review_complaint:
      if (r.actor.role != Role::management)
        return deny(Clause::kept_securely, "a complaint's second stage is reviewed by management");
      if (!r.facts.proposed_by.empty() && r.actor.id == r.facts.proposed_by)
        return deny(Clause::kept_securely,
                    "whoever answered a complaint at stage one cannot review it at stage two: someone impartial does");
      return allow(r, Clause::kept_securely, "a manager who did not answer stage one reviews the complaint");
    case Action::read_register:
      if (is_one_of(r.actor.role, {Role::coordinator, Role::management, Role::safeguarding_lead}))
        return allow(r, Clause::no_disclosure, "the register of what left the centre, for the staff who answer for it");
      return deny(Clause::no_disclosure, "the disclosure register is kept by coordinators, management and the "
                                         "safeguarding lead");
  }
  return deny(Clause::kept_securely, "unknown action");
}

Decision DecisionPoint::decide_view(const AccessRequest& r) const {
  if (r.item == Item::concern_record &&
      !is_one_of(r.actor.role, {Role::safeguarding_lead, Role::management}))
    return deny(Clause::welfare_exception,
                "concerns are filed by anyone but read only by the safeguarding lead and management");
  if (r.item == Item::accident_record &&
      !is_one_of(r.actor.role, {Role::safeguarding_lead, Role::management}))
    return deny(Clause::kept_securely,
                "the accident book is read only by the safeguarding lead and management");
  if (is_case_plan(r.item) && !is_one_of(r.actor.role, plan_roles))
    return deny(Clause::kept_securely,
                "the risk assessment and contact plan are read only by coordinators, management and the "
                "safeguarding lead");
  if (r.actor.role == Role::volunteer) {
    if (r.purpose != Purpose::running_session || !volunteer_needs(r.item))
      return deny(Clause::no_disclosure,
                  "volunteers see only what a session needs: first names, times and the "
                  "must-not-meet flag");
    if (r.family_id == "*")
      return allow(r, Clause::no_disclosure, "a volunteer's lists hold only the families of sessions on their rota");
    if (r.item == Item::session_times) {
      if (listed(r.actor.rota_families, r.family_id))
        return allow(r, Clause::no_disclosure, "a volunteer sees when and where the sessions on their rota are");
      return deny(Clause::no_disclosure, "a volunteer sees only the sessions they are on the rota for");
    }
    if (listed(r.actor.rota_families_today, r.family_id))
      return allow(r, Clause::no_disclosure, "a volunteer needs this to run today's session on their rota");
    return deny(Clause::no_disclosure,
                "a volunteer sees a family's first names, times and flags only on the day of a session "
                "they are on the rota for");
  }
  return allow(r, Clause::kept_securely, "staff with a family role, signed in and audited");
}

Decision DecisionPoint::decide_release(const AccessRequest& r) const {
  if (r.purpose == Purpose::family_proceedings || r.recipient.kind == RecipientKind::court)
    return deny(Clause::no_court_reports,
                "the centre gives no reports, verbal or written, for family proceedings");
  if (r.purpose == Purpose::child_welfare)
    return decide_exception(r, Clause::welfare_exception, preset_.welfare);
  if (r.purpose == Purpose::violence)
    return decide_exception(r, Clause::violence_exception, preset_.violence);
  if (r.actor.kind == ActorKind::staff && r.actor.role == Role::volunteer)
    return deny(Clause::no_disclosure, "volunteers never pass on anything about a family");
  if (r.purpose == Purpose::subject_access) return decide_subject_access(r);
  if (r.item == Item::session_note)
    return deny(Clause::no_court_reports,
                "session notes are internal and are never given to referrers or courts");

  if (r.item == Item::attendance_times || r.item == Item::session_times) {
    if (r.recipient.kind != RecipientKind::referring_agency || !preset_.attendance_to_referring_agencies)
      return deny(Clause::attendance_to_referrers,
                  "attendance dates and times go only to an agency that referred the family");
    std::vector<Obligation> obligations;
    if (preset_.warn_requester) obligations.push_back(Obligation::warn_requester);
    if (preset_.mirror_to_other_side) obligations.push_back(Obligation::mirror_to_other_side);
    return allow(r, Clause::attendance_to_referrers,
                 preset_.mirror_to_other_side
                     ? "attendance dates and times for a referring agency; the other side receives the same"
                     : "attendance dates and times for a referring agency",
                 std::move(obligations));
  }

  if (auto field = contact_field_of(r.item); field && preset_.is_sealed(*field)) {
    if (r.recipient.side == Side::other_parent) return decide_other_side(r, *field);
    if (!r.facts.consent_live)
      return deny(Clause::contact_details_sealed,
                  fmt::format("the parent has not given live consent for their {} to go to this recipient",
                              name_of(*field)));
    return allow(r, Clause::contact_details_sealed, "the parent consented to this release");
  }

  return deny(Clause::no_disclosure,
              "family details leave the centre only as attendance times, contact details with "
              "consent, or an exception disclosure");
}

// Clause 4 "with their permission", the former partner included, where the preset says so: only the
// parent's own permission, given in the portal, counts (not one a member of staff recorded), never
// while a violence concern or a must-not-meet flag stands, and management reviews each.
Decision DecisionPoint::decide_other_side(const AccessRequest& r, ContactField field) const {
  if (!preset_.former_partner_with_permission)
    return deny(Clause::contact_details_sealed,
                "a parent's contact details never go to the other parent or "
                "anyone acting for them");
  if (r.facts.violence_concern)
    return deny(Clause::contact_details_sealed,
                "a parent's contact details do not go to the other side while "
                "a violence concern is on record");
  if (r.facts.must_not_meet)
    return deny(Clause::contact_details_sealed,
                "a parent's contact details do not go to the other side while "
                "the parents must not meet");
  if (!r.facts.consent_given_by_parent)
    return deny(Clause::contact_details_sealed, fmt::format("the parent has not given their own permission, in "
                                                            "the portal, for their {} to go "
                                                            "to the other side",
                                                            name_of(field)));
  return allow(r, Clause::contact_details_sealed,
               "the parent gave their own permission for this release; "
               "management reviews it",
               {Obligation::management_review});
}

// A parent signed in to the portal: their own family's case and times, their own details, their own
// permissions and acknowledgements; nothing of anyone else, the other parent above all.
Decision DecisionPoint::decide_for_parent(const AccessRequest& r) const {
  if (r.family_id != r.actor.family_id || r.actor.family_id.empty())
    return deny(Clause::kept_securely, "a parent sees only their own family's case");
  bool own = !r.facts.subject_person_id.empty() && r.facts.subject_person_id == r.actor.id;
  switch (r.action) {
    case Action::view:
      if (r.item == Item::case_progress || r.item == Item::session_times)
        return allow(r, Clause::kept_securely, "a parent reads their own family's case and session dates");
      if (is_contact_item(r.item) || r.item == Item::first_name || r.item == Item::surname) {
        if (own) return allow(r, Clause::contact_details_sealed, "a parent reads their own details");
        return deny(Clause::contact_details_sealed, "a parent never sees the other parent's details");
      }
      break;
    case Action::record:
      if (r.item == Item::case_progress) {
        if (own) return allow(r, Clause::retention, "a parent asks for a copy of their own records");
        return deny(Clause::retention, "a parent asks for their own records only");
      }
      if (is_contact_item(r.item)) {
        if (!own) return deny(Clause::contact_details_sealed, "only a parent gives permission for their own details");
        if (r.recipient.side == Side::other_parent && !preset_.former_partner_with_permission)
          return deny(Clause::contact_details_sealed,
                      "this centre's policy never lets a parent's contact details go to the other parent's side");
        return allow(r, Clause::contact_details_sealed, "a parent gives or withdraws permission for their own details");
      }
      break;
    case Action::record_awareness:
      if (own) return allow(r, Clause::everyone_told, "a parent acknowledges the policy for themselves");
      return deny(Clause::everyone_told, "a parent acknowledges the policy for themselves only");
    default:
      break;
  }
  return deny(Clause::kept_securely,
              "a parent signed in to the portal reads their own case and gives "
              "or withdraws their own permissions, "
              "and nothing more");
}

// A referrer signed in to their account: the referrals they made (linked to their account by a
// coordinator), each one's progress, the attendance statements sent to them, and a statement asked
// for their own referral under the attendance rule (clause 3, with its obligations); nothing else.
Decision DecisionPoint::decide_for_referrer(const AccessRequest& r) const {
  if (!r.facts.own_referral || r.family_id.empty())
    return deny(Clause::attendance_to_referrers, "a referrer sees only the referrals they made");
  if (r.action == Action::view && (r.item == Item::case_progress || r.item == Item::attendance_times))
    return allow(r, Clause::attendance_to_referrers,
                 r.item == Item::case_progress ? "a referrer follows the progress of a referral they made"
                                               : "a referrer reads the attendance statements sent to them");
  if (r.action == Action::release && r.item == Item::attendance_times &&
      r.recipient.kind == RecipientKind::referring_agency && r.purpose == Purpose::referrer_request)
    return decide_release(r);
  return deny(Clause::attendance_to_referrers,
              "a referrer signed in follows their own referrals and asks for attendance statements for them, "
              "and nothing more");
}

Decision DecisionPoint::decide_exception(const AccessRequest& r, Clause clause,
                                         const ExceptionRule& rule) const {
  if (!is_one_of(r.actor.role, {Role::safeguarding_lead, Role::management}))
    return deny(clause, "only the safeguarding lead or management make exception disclosures");
  if (!r.facts.concern_recorded)
    return deny(clause, "the concern must be recorded before anything is disclosed");
  auto agency = agency_of(r.recipient.kind);
  if (!agency || !preset_.is_exception_agency(rule, *agency))
    return deny(clause, "this recipient is not an agency the policy names for this exception");
  if (r.facts.justification.empty())
    return deny(clause, "an exception disclosure needs a written justification");
  std::vector<Obligation> obligations;
  if (rule.management_review) obligations.push_back(Obligation::management_review);
  return allow(r, clause, "exception disclosure to a named agency, flagged for management review",
               std::move(obligations));
}

// The right of access: a person's own records go to that person; a child's (or a young adult's,
// up to the preset's age limit) go through a local authority. Nobody else's data goes with them.
Decision DecisionPoint::decide_subject_access(const AccessRequest& r) const {
  if (r.recipient.side != Side::same_parent)
    return deny(Clause::no_disclosure, "a subject access request releases only the requester's own records");
  if (r.facts.identity_unchecked)
    return deny(Clause::retention,
                "the requester's identity has not been checked: record the check on their request for records first");
  if (r.recipient.kind == RecipientKind::parent)
    return allow(r, Clause::retention, "a person's own records, released on their request");
  if (r.recipient.kind != RecipientKind::local_authority)
    return deny(Clause::retention, "a child's request for their records comes through a local authority");
  if (r.facts.subject_age < 0 || r.facts.subject_age > preset_.subject_access_until_age)
    return deny(Clause::retention, fmt::format("children may ask for their records up to the age of {}",
                                               preset_.subject_access_until_age));
  return allow(r, Clause::retention, "a child's own records, released through their local authority");
}

Decision DecisionPoint::decide_assessment(const AccessRequest& r) const {
  if (preset_.assessments_need_approval && !r.facts.management_approval)
    return deny(Clause::assessments_need_agreement,
                "a family assessment on the premises needs an agreement recorded by management first");
  return allow(r, Clause::assessments_need_agreement, "management agreed to this assessment");
}

// Account management and the audit trail hold no family data: administrators and management
// run accounts; management, the safeguarding lead and administrators oversee the audit trail.
Decision DecisionPoint::decide_oversight(const AccessRequest& r) const {
  if (r.action == Action::manage_accounts) {
    if (is_one_of(r.actor.role, {Role::administrator, Role::management}))
      return allow(r, Clause::kept_securely, "account management by an administrator or management");
    return deny(Clause::kept_securely, "only an administrator or management manage staff accounts");
  }
  if (is_one_of(r.actor.role, {Role::administrator, Role::management, Role::safeguarding_lead}))
    return allow(r, Clause::kept_securely, "oversight of the audit trail, which holds no personal values");
  return deny(Clause::kept_securely, "only management, the safeguarding lead or an administrator read the audit trail");
}

// Clause 8: records are destroyed by a run that one person proposes and a second member of
// management approves before it is carried out, and never as of a day still to come.
Decision DecisionPoint::decide_disposal(const AccessRequest& r) const {
  if (r.action == Action::propose_disposal && !is_one_of(r.actor.role, {Role::coordinator, Role::management}))
    return deny(Clause::retention, "disposal runs are proposed by coordinators and management");
  if (r.action != Action::propose_disposal && r.actor.role != Role::management)
    return deny(Clause::retention, "only management approve and carry out the destruction of records");
  if (!r.facts.as_of || *r.facts.as_of > london_today())
    return deny(Clause::retention, "a disposal run destroys records as of today or an earlier day, never a day to come");
  if (r.action == Action::approve_disposal && r.facts.proposed_by == r.actor.id)
    return deny(Clause::retention, "a run is approved by someone other than the person who proposed it");
  if (r.action == Action::dispose && !r.facts.management_approval)
    return deny(Clause::retention, "the run has not been approved by a second member of management");
  switch (r.action) {
    case Action::propose_disposal: return allow(r, Clause::retention, "a run proposed for a second person's approval");
    case Action::approve_disposal: return allow(r, Clause::retention, "a second member of management approved the run");
    default: return allow(r, Clause::retention, "management carry out a run approved by a second member of management");
  }
}

// Whoever resets an account learns the code that sets its next password, so resetting an account
// that sees family data is management's, as approving its role is: an administrator who could
// reset a manager's sign-in could sign in as that manager. An account whose role still waits is
// not reset at all: its code comes with the approval, so its proposer cannot set it up first.
Decision DecisionPoint::decide_reset(const AccessRequest& r) const {
  if (r.actor.id == r.facts.subject_staff_id)
    return deny(Clause::kept_securely, "nobody resets their own sign-in: someone else who runs the accounts does");
  if (r.facts.subject_role_pending)
    return deny(Clause::kept_securely,
                "an account whose role waits for approval gets its set-up code from the manager who approves it");
  if (r.facts.subject_sees_family_data && r.actor.role != Role::management)
    return deny(Clause::kept_securely, "the sign-in of an account that sees family data is reset only by a manager");
  if (!is_one_of(r.actor.role, {Role::administrator, Role::management}))
    return deny(Clause::kept_securely, "only an administrator or management reset a sign-in");
  return allow(r, Clause::kept_securely, "a sign-in reset by someone who may hand over its set-up code");
}

// Four eyes on every account that will see family data: a manager approves the role, and never
// one they proposed or their own.
Decision DecisionPoint::decide_role_approval(const AccessRequest& r) const {
  if (r.actor.role != Role::management)
    return deny(Clause::kept_securely, "only a manager approves a role that sees family data");
  if (r.actor.id == r.facts.subject_staff_id)
    return deny(Clause::kept_securely, "nobody approves the role of their own account");
  if (r.actor.id == r.facts.proposed_by)
    return deny(Clause::kept_securely, "the manager who proposed a role cannot also approve it: a second one does");
  return allow(r, Clause::kept_securely, "a second person approved a role that sees family data");
}

}  // namespace haven::policy
