// Applications for a place, made through the centre's public referral form by a professional or
// by a parent (each parent applies separately), and what the centre does with them: a
// coordinator takes one in as a new family on the waiting list, or into a family already held
// (the other parent's application), or declines it.
//
// What an application holds is sealed with a key of its own (crypto/keystore.hpp, under the
// application's id), opened only under a permit for the referral details (clause 7). Taking it in
// copies it into the family's records, sealed with the family's key; taking it in or declining it
// destroys the application's key, so what was sent is kept once, in the family, or not at all.
// Nothing about any family is ever given back to the person who applied: submit() answers with
// the application's own reference only.
//
// Reading goes through the access layer (those who may read referral details: coordinators,
// management and the safeguarding lead); deciding, as moving a case on, is for coordinators and
// management. Both are audited; a submission is audited as the public's. Thread-safety: as the
// Workspace given.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "records/families.hpp"

namespace haven::applications {

enum class Applicant { professional, parent };

// Who is applying for whom, and what a centre's referral form asks. Free text is limited in
// length (limits below); names, contact details and children are sealed.
struct NewApplication {
  Applicant applicant = Applicant::parent;
  // A professional: who they are and their organisation (solicitor, Cafcass, social worker,
  // local authority, other); a parent leaves these empty and applies as a self-referral.
  records::AgencyKind agency = records::AgencyKind::self_referral;
  std::string referrer_name, organisation;
  // How to reach the one applying (the professional, or the parent themself).
  std::string contact_email, contact_phone;
  // The parent applying, or the parent the professional refers: which side they are, and their
  // details, which never go to the other side (clause 4).
  records::Party parent_party = records::Party::non_resident_parent;
  std::string parent_first_name, parent_surname, parent_address, parent_phone, parent_email;
  std::string other_parent_first_name, other_parent_surname;
  struct Child {
    std::string first_name, surname;
    std::string date_of_birth;  // YYYY-MM-DD
  };
  std::vector<Child> children;          // at least one, at most max_children
  std::string parental_responsibility;  // who has it
  std::string lives_with;               // who the children live with
  std::string availability;             // days and times the family can come
  std::string who_may_attend;           // anyone else who may come to contact
  bool domestic_abuse = false;          // there has been domestic abuse between the parents
  bool court_order = false;             // a court order covers contact
  std::string risks;                    // anything the centre must know to keep everyone safe
};

// One text field of an application as the form names it: where its value is kept in the
// NewApplication it was taken from (valid while that lives), whether it must be filled in (some
// only when a professional applies, so set `applicant` first) and its length limit. The one table
// that checking, sealing and the web form all read.
struct TextField {
  std::string_view name;
  std::string* value;
  bool required;
  std::size_t limit;
};
[[nodiscard]] std::vector<TextField> text_fields(NewApplication& a);

inline constexpr std::size_t max_children = 6;
inline constexpr std::size_t max_name_length = 100;
inline constexpr std::size_t max_text_length = 2000;

// Whether `text` is written as an application's reference is ("A-" and six capital hex digits).
[[nodiscard]] bool is_reference(std::string_view text);

// What the person who applied is told: the reference to quote, nothing else.
struct Received {
  std::string reference;  // "A-7KQ2M9", unique in the centre
};

// Checks and keeps an application, and queues an email to `contact_email` saying it arrived, with
// its reference (mail/outbox.hpp). Bad input is invalid_input naming the field as the form does
// ("parent_first_name: ...", "children[2].date_of_birth: ..."), and nothing is written.
[[nodiscard]] Result<Received> submit(app::Workspace& ws, const app::Centre& c, const NewApplication& a);

enum class Status { received, taken_in, declined };

struct Summary {
  std::string id, reference;
  Applicant applicant = Applicant::parent;
  records::AgencyKind agency = records::AgencyKind::self_referral;
  std::string received_at;  // UTC
  Status status = Status::received;
  std::string family_reference;  // the family it was taken into; else empty
};

// The centre's applications not yet decided, the oldest first (no names: the list is read
// without opening any). Refused (audited) to anyone who may not read referral details.
[[nodiscard]] Result<std::vector<Summary>> waiting(app::Workspace& ws, const app::Centre& c, const access::Staff& by);

// The applications taken into one family, the oldest first: for its page, to read each as it was
// received (the risks, availability and court order it told of). Refused (audited) to anyone who
// may not read the family's referral details; the read is audited.
[[nodiscard]] Result<std::vector<Summary>> taken_into(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                      const std::string& family_id);

struct Opened {
  Summary summary;
  NewApplication details;  // empty once it was declined (its key is destroyed); once taken in,
                           // opened from the family's records under the family's key
  std::string clause;      // the clause it was read under
};
// One application, opened for reading (audited as a read of its referral details).
[[nodiscard]] Result<Opened> open(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const std::string& application_id);

// Takes a received application in: as a new family (the parent, the other parent when named,
// the children, and the referral; must-not-meet when domestic abuse is said), placed on the
// waiting list today; or, with `into_family` (a reference), into that family, adding the parent
// and the referral (and the children when the family has none), as when the other parent applied
// first, and keeping the parents apart (must-not-meet) when this application says there was
// domestic abuse. When the other parent's application named this parent (a record of that side
// and name, with no contact details yet), that record is completed from this application instead
// of a second being added. A conflict when it was already decided, or the family already holds
// another parent of that side. All of it lands in one transaction or none of it does. Returns the
// family.
[[nodiscard]] Result<records::FamilyRef> take_in(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const std::string& application_id,
                                                 const std::string& into_family = {});

// Declines a received application: its contents are destroyed; its reference and dates remain.
[[nodiscard]] Result<bool> decline(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& application_id);

}  // namespace haven::applications

namespace haven {
template <>
struct EnumNames<applications::Applicant> {
  static constexpr std::array<std::pair<applications::Applicant, std::string_view>, 2> table{{
      {applications::Applicant::professional, "professional"},
      {applications::Applicant::parent, "parent"},
  }};
};
template <>
struct EnumNames<applications::Status> {
  static constexpr std::array<std::pair<applications::Status, std::string_view>, 3> table{{
      {applications::Status::received, "received"},
      {applications::Status::taken_in, "taken_in"},
      {applications::Status::declined, "declined"},
  }};
};
}  // namespace haven
