// The decision point: the one function every read or release of personal data asks.
//
//   decide(preset, request) -> Decision { clause, reason, obligations, permit }, allowed() = has a permit
//
// A Permit can only be made here (its constructor is private), and a sealed personal field can
// only be opened with a Permit for that family and that item (crypto/sealed.hpp). So a code
// path that reads personal data without asking does not compile. Domain code asks through the
// access layer (access/access.hpp: require, consider), never here directly.
//
// The facts judged (the actor's DBS level and rota, a live consent, a recorded concern, a
// management approval, a run's proposer) are read from the store by the access layer
// (access/staff.hpp, access/facts.hpp); the decision point judges them and never touches storage, which keeps it fast and
// testable clause by clause.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "policy/clause.hpp"
#include "policy/preset.hpp"
#include "policy/vocabulary.hpp"

namespace haven::policy {

// What is being read or released.
enum class Item {
  first_name,
  surname,
  date_of_birth,
  address,
  phone,
  email,
  must_not_meet,     // the flag that two parents must not meet
  session_times,     // when and where a contact session is
  attendance_times,  // arrival and departure times
  session_note,      // internal notes written about a session
  referral_details,  // who referred the family and why
  concern_record,    // welfare or violence concerns
  accident_record,   // the accident book
  case_progress,     // a family's journey: waiting list, intake steps, reviews, closure (dates and fixed words)
  risk_assessment,   // the risk assessment written at intake
  contact_plan,      // the contact plan written at intake
};

enum class Action {
  view,               // read inside the centre
  release,            // let it leave the centre (disclosure)
  export_copy,        // print or export a copy
  record,             // write a new record (arrival, concern, accident)
  book_assessment,    // book a room for a family assessment (clause 5)
  manage_accounts,    // add, reset or disable staff accounts (no family data)
  vet,                // record a DBS check seen for a member of staff (clause 6)
  read_audit,         // read or verify the audit chain (ids and clauses, no personal values)
  read_register,      // list the disclosure register (ids, kinds, clauses; no personal values)
  review_disclosure,  // management review of an exception disclosure (E1, E2)
  review_retention,   // see what is due for destruction, place holds, read certificates (clause 8)
  propose_disposal,   // propose a disposal run (clause 8)
  approve_disposal,   // approve a run someone else proposed (clause 8)
  dispose,            // carry out an approved disposal run (clause 8)
  agree_assessment,   // record an agreement that lets an agency assess a family on the premises (clause 5)
  join_rota,          // be put on the rota of a session (the actor is the helper; clause 6)
  approve_role,       // put a proposed staff role that sees family data into force (clause 7)
  reset_sign_in,      // end an account's password and give a one-time set-up code for a new one (clause 7)
  adopt_policy,       // adopt a new version of the centre's policy (clause 10)
  record_awareness,   // record who has been told of the policy, and see who has not (clause 9)
  read_statistics,    // the centre's counts for a quarter (NACCC's return): no family's data
  review_outbox,      // see the email that could not be sent, and send it again (addresses, subjects; no family data)
  invite_referrer,    // give the referrer of a referral an account to follow it and ask for attendance (clause 3)
  keep_data_protection_records,  // the breach log, records requests and complaints, and the documents (clause 7)
  decide_breach,     // decide whether a breach is reported to the Information Commissioner, and record the report
  review_complaint,  // answer a complaint at stage two: management, never who answered stage one (clause 7)
};

enum class Purpose {
  case_management,     // coordinators and management running referrals
  running_session,     // volunteers on the day
  referrer_request,    // a referring agency asks (clause 3)
  family_proceedings,  // a court or a party to proceedings asks (clause 2)
  child_welfare,       // E1
  violence,            // E2
  subject_access,      // a person asks for their own records (a child's through a local authority)
};

enum class RecipientKind {
  none,                // nothing leaves the centre
  referring_agency,    // solicitor, Cafcass officer, social worker who referred the family
  childrens_services,
  police,
  cafcass,
  other_agency,
  local_authority,     // for a child's subject access request (clause 8)
  court,
  parent,
  other_person,
};

// Where the recipient stands relative to the parent whose data it is.
enum class Side { neutral, same_parent, other_parent };

// Who asks: a member of staff; a parent signed in to the portal (their person id as `id`, their
// own family as `family_id`); or a referrer signed in to their account (its id as `id`). No role,
// rota or DBS facts apply to a parent or a referrer.
enum class ActorKind { staff, parent, referrer };

struct Actor {
  std::string id;
  std::string centre_id;          // the centre the actor works for
  Role role = Role::volunteer;
  DbsLevel dbs = DbsLevel::none;  // level of the latest DBS check on record
  std::optional<Day> dbs_issued_on;  // its date; a check older than the preset's recheck period
  bool dbs_update_service = false;   // has lapsed, unless kept current by the Update Service
  bool role_pending = false;         // the role waits for a manager's approval: refused everything
  // Need to know (clause 1): the families with a session, today or later, that this person is on
  // the rota for, those with such a session today (Europe/London), and today's sessions themselves.
  std::vector<std::string> rota_families;
  std::vector<std::string> rota_families_today;
  std::vector<std::string> rota_sessions_today;
  bool disabled = false;  // a disabled account is refused everything
  ActorKind kind = ActorKind::staff;
  std::string family_id;  // a parent's own family; empty for staff
};

struct Recipient {
  RecipientKind kind = RecipientKind::none;
  Side side = Side::neutral;
  std::string id;
};

struct Facts {
  bool consent_live = false;          // a recorded, unwithdrawn consent for this item and recipient
  bool concern_recorded = false;      // a welfare or violence concern is on record
  bool management_approval = false;   // a management approval is on record (clause 5; a run's, clause 8)
  std::optional<Day> as_of;           // the date a disposal run destroys records as of (clause 8)
  std::string justification;          // why an exception disclosure is needed
  int subject_age = -1;               // subject access: the person's age in whole years, when known
  bool identity_unchecked = false;    // subject access: an open request logged by staff awaits the identity check
  std::string proposed_by;            // who proposed what is being approved or carried out (a role, a run)
  std::string subject_staff_id;       // the staff account the action concerns (a role approval, a reset)
  bool subject_sees_family_data = false;  // that account's role sees family data (a reset)
  bool subject_role_pending = false;      // that account's role waits for approval (a reset)
  std::string subject_person_id;          // whose detail or acknowledgement it is (a parent's own act)
  // A release to the other side (clause 4, where the preset allows it): the parent's own permission
  // given in the portal, and what forbids it even so.
  bool consent_given_by_parent = false;
  bool violence_concern = false;  // a violence concern is recorded on the family
  bool must_not_meet = false;     // the family's parents must not meet
  // A referrer's request: the referral it concerns was made by them (is linked to their account)
  // and is of this family.
  bool own_referral = false;
};

struct AccessRequest {
  Actor actor;
  Action action = Action::view;
  Item item = Item::first_name;
  Purpose purpose = Purpose::case_management;
  std::string centre_id;  // the centre holding the data; empty when no centre's data is involved
  std::string family_id;
  std::string session_id;  // the session a record is made at (an arrival, a departure), when there is one
  Recipient recipient;
  Facts facts;
};

enum class Obligation {
  warn_requester,        // tell the requester the other side gets the same (clause 3, WW)
  mirror_to_other_side,  // send the same statement to the other party's referrer
  management_review,     // flag the disclosure for management review (E1, E2; clause 4 to the other side)
};

class DecisionPoint;

// Proof that the decision point allowed an action on one item of one family (or, with an empty
// family, on the centre as a whole), under a clause. covers() judges family, item and action: a
// stored value is read only under a permit to read it (view, export, release, or the disposal
// that moves kept records under a new key), never under one to record or to book. Copyable, but
// only DecisionPoint can make one: whatever takes a Permit cannot be reached without a decision.
class Permit {
 public:
  const std::string& family_id() const { return family_id_; }
  Item item() const { return item_; }
  Action action() const { return action_; }
  Clause clause() const { return clause_; }
  std::string_view clause_id() const { return id_of(clause_); }
  // Reading one family's item: never true of a permit for the centre as a whole or for a list
  // ("*"), nor of one given for writing.
  bool covers(std::string_view family_id, Item item) const {
    return !family_id_.empty() && family_id_ != "*" && family_id_ == family_id && item_ == item && reads();
  }
  // The one person whose own details it reaches, when it was given to someone acting for
  // themself (a parent in the portal: their person id); empty when it reaches the family's people
  // as the decision allowed. A sealed field of a person opens under it only for that person.
  const std::string& person() const { return person_; }
  bool reads() const {
    return action_ == Action::view || action_ == Action::export_copy || action_ == Action::release ||
           action_ == Action::dispose;
  }

 private:
  friend class DecisionPoint;
  Permit(std::string family_id, Item item, Action action, Clause clause, std::string person)
      : family_id_(std::move(family_id)), item_(item), action_(action), clause_(clause), person_(std::move(person)) {}
  std::string family_id_;
  Item item_;
  Action action_;
  Clause clause_;
  std::string person_;
};

// The answer: allowed exactly when it carries a Permit, so nothing is allowed without one.
struct Decision {
  Clause clause = Clause::kept_securely;
  std::string reason;                  // plain English, no personal values
  std::vector<Obligation> obligations;
  std::optional<Permit> permit;        // present exactly when allowed

  bool allowed() const { return permit.has_value(); }

  std::string_view clause_id() const { return id_of(clause); }
  // "clause 4 (A parent's address and phone stay private): <reason>"
  std::string explain() const;
};

class DecisionPoint {
 public:
  explicit DecisionPoint(const Preset& preset) : preset_(preset) {}
  Decision decide(const AccessRequest& request) const;
  const Preset& preset() const { return preset_; }

 private:
  Decision decide_view(const AccessRequest& r) const;
  Decision decide_release(const AccessRequest& r) const;
  Decision decide_exception(const AccessRequest& r, Clause clause, const ExceptionRule& rule) const;
  Decision decide_assessment(const AccessRequest& r) const;
  Decision decide_oversight(const AccessRequest& r) const;
  Decision decide_subject_access(const AccessRequest& r) const;
  Decision decide_role_approval(const AccessRequest& r) const;
  Decision decide_reset(const AccessRequest& r) const;
  Decision decide_disposal(const AccessRequest& r) const;
  Decision decide_for_parent(const AccessRequest& r) const;
  Decision decide_other_side(const AccessRequest& r, ContactField field) const;
  Decision decide_for_referrer(const AccessRequest& r) const;
  bool dbs_current(const Actor& a) const;
  Decision allow(const AccessRequest& r, Clause clause, std::string reason,
                 std::vector<Obligation> obligations = {}) const;
  static Decision deny(Clause clause, std::string reason);

  const Preset& preset_;
};

bool is_contact_item(Item item);
// A detail of one person, sealed under that person's id: a name, date of birth or contact detail.
[[nodiscard]] bool is_person_item(Item item);
std::optional<ContactField> contact_field_of(Item item);
// The item a contact field is read or released as: address, phone or email.
[[nodiscard]] Item item_of(ContactField field);

}  // namespace haven::policy

namespace haven {

template <>
struct EnumNames<policy::Item> {
  static constexpr std::array<std::pair<policy::Item, std::string_view>, 16> table{{
      {policy::Item::first_name, "first_name"},
      {policy::Item::surname, "surname"},
      {policy::Item::date_of_birth, "date_of_birth"},
      {policy::Item::address, "address"},
      {policy::Item::phone, "phone"},
      {policy::Item::email, "email"},
      {policy::Item::must_not_meet, "must_not_meet"},
      {policy::Item::session_times, "session_times"},
      {policy::Item::attendance_times, "attendance_times"},
      {policy::Item::session_note, "session_note"},
      {policy::Item::referral_details, "referral_details"},
      {policy::Item::concern_record, "concern_record"},
      {policy::Item::accident_record, "accident_record"},
      {policy::Item::case_progress, "case_progress"},
      {policy::Item::risk_assessment, "risk_assessment"},
      {policy::Item::contact_plan, "contact_plan"},
  }};
};

template <>
struct EnumNames<policy::Action> {
  static constexpr std::array<std::pair<policy::Action, std::string_view>, 26> table{{
      {policy::Action::view, "view"},
      {policy::Action::release, "release"},
      {policy::Action::export_copy, "export"},
      {policy::Action::record, "record"},
      {policy::Action::book_assessment, "book_assessment"},
      {policy::Action::manage_accounts, "manage_accounts"},
      {policy::Action::vet, "vet"},
      {policy::Action::read_audit, "read_audit"},
      {policy::Action::read_register, "read_register"},
      {policy::Action::review_disclosure, "review_disclosure"},
      {policy::Action::review_retention, "review_retention"},
      {policy::Action::propose_disposal, "propose_disposal"},
      {policy::Action::approve_disposal, "approve_disposal"},
      {policy::Action::dispose, "dispose"},
      {policy::Action::agree_assessment, "agree_assessment"},
      {policy::Action::join_rota, "join_rota"},
      {policy::Action::adopt_policy, "adopt_policy"},
      {policy::Action::record_awareness, "record_awareness"},
      {policy::Action::approve_role, "approve_role"},
      {policy::Action::reset_sign_in, "reset_sign_in"},
      {policy::Action::read_statistics, "read_statistics"},
      {policy::Action::review_outbox, "review_outbox"},
      {policy::Action::invite_referrer, "invite_referrer"},
      {policy::Action::keep_data_protection_records, "keep_data_protection_records"},
      {policy::Action::decide_breach, "decide_breach"},
      {policy::Action::review_complaint, "review_complaint"},
  }};
};

template <>
struct EnumNames<policy::RecipientKind> {
  static constexpr std::array<std::pair<policy::RecipientKind, std::string_view>, 10> table{{
      {policy::RecipientKind::none, "none"},
      {policy::RecipientKind::referring_agency, "referring_agency"},
      {policy::RecipientKind::childrens_services, "childrens_services"},
      {policy::RecipientKind::police, "police"},
      {policy::RecipientKind::cafcass, "cafcass"},
      {policy::RecipientKind::other_agency, "other_agency"},
      {policy::RecipientKind::local_authority, "local_authority"},
      {policy::RecipientKind::court, "court"},
      {policy::RecipientKind::parent, "parent"},
      {policy::RecipientKind::other_person, "other_person"},
  }};
};

template <>
struct EnumNames<policy::Side> {
  static constexpr std::array<std::pair<policy::Side, std::string_view>, 3> table{{
      {policy::Side::neutral, "neutral"},
      {policy::Side::same_parent, "same_parent"},
      {policy::Side::other_parent, "other_parent"},
  }};
};

template <>
struct EnumNames<policy::Obligation> {
  static constexpr std::array<std::pair<policy::Obligation, std::string_view>, 3> table{{
      {policy::Obligation::warn_requester, "warn_requester"},
      {policy::Obligation::mirror_to_other_side, "mirror_to_other_side"},
      {policy::Obligation::management_review, "management_review"},
  }};
};

}  // namespace haven
