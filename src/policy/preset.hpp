// A centre's confidentiality policy as data. A preset is read from TOML (policies/*.toml) and is
// the single source of both what Haven enforces and the policy text people read.
//
// Reading is strict: a missing key, a key Haven does not know, a value of the wrong type or
// outside its range, and settings that contradict each other are all rejected, each with the
// dotted key and the line it is on, so a centre can never run on a policy it did not mean.
// Clauses 1, 2 and 7 have no settings: no preset can weaken them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/time.hpp"
#include "policy/vocabulary.hpp"

namespace haven::policy {

struct PolicyVersion {
  std::string version;
  Day adopted;
  std::string summary;
};

struct ExceptionRule {           // E1, E2
  std::vector<Agency> agencies;  // who may receive an exception disclosure
  bool management_review = true; // every such disclosure is flagged for management review
};

struct Preset {
  // [centre]
  std::string id;          // "birmingham"
  std::string centre_name;
  std::string short_name;  // "BCCC"

  // [policy] — clause 10
  std::string version;     // the version in force; last of history
  Day last_reviewed;
  int review_interval_months = 12;
  bool keep_version_history = true;
  std::vector<PolicyVersion> history;  // oldest first

  // [exceptions.welfare] E1, [exceptions.violence] E2
  ExceptionRule welfare;
  ExceptionRule violence;
  std::vector<ProtectedGroup> violence_protects;

  // [attendance] — clause 3
  bool attendance_to_referring_agencies = true;
  bool mirror_to_other_side = false;  // West Wilts: the other side gets the same statement
  bool warn_requester = false;        // ... and the requester is told so beforehand

  // [contact_details] — clause 4
  std::vector<ContactField> sealed_contact_fields;
  // Whether a parent's sealed detail may reach the other parent (or anyone acting for them) with
  // that parent's own permission, given in the portal; never while a violence concern or a
  // must-not-meet flag stands. False: never, whatever is consented.
  bool former_partner_with_permission = false;

  // [premises] — clause 5
  bool assessments_need_approval = true;
  Role assessment_approver = Role::management;

  // [vetting] — clause 6
  DbsLevel dbs_minimum_level = DbsLevel::enhanced;
  int dbs_recheck_years = 3;
  std::vector<Role> dbs_required_for;  // roles that see no family data before a check is recorded

  // [retention] — clause 8
  int unused_years = 5;
  std::vector<RecordCategory> kept_indefinitely;
  int subject_access_until_age = 25;

  // [families]: how the centre runs a family's case (its practice, not a clause)
  int family_review_months = 3;  // a family's contact is reviewed this often

  // [awareness] — clause 9
  std::vector<Audience> audiences;
  bool available_on_request = true;

  // [ground_rules]: what each parent agrees to before contact begins, read with the policy and
  // acknowledged with its version (clause 9). Each a sentence; empty in versions written before.
  std::vector<std::string> ground_rules;

  bool keeps_indefinitely(RecordCategory c) const;
  bool is_sealed(ContactField f) const;
  bool needs_dbs_check(Role r) const;
  // Whether `a` may receive a disclosure under `rule`; "other_appropriate_agency" admits any agency.
  bool is_exception_agency(const ExceptionRule& rule, Agency a) const;
};

// Parses preset text; `source_name` (a file name) prefixes every error line.
Result<Preset> parse_preset(std::string_view toml_text, std::string_view source_name);
Result<Preset> load_preset_file(const std::string& path);

// Looks up a preset by name ("birmingham", "west-wilts") in the policies/ folder, or takes a path.
Result<std::string> resolve_preset_path(std::string_view name_or_path);


}  // namespace haven::policy
