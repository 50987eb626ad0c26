// The right of access: everything Haven holds about one person, for that person. A parent asks
// for their own records; a child's request (up to the preset's age, 25 in both shipped policies)
// comes through a local authority. The export holds the person's own details, their own
// attendance, the referrals and consents that concern them, their acknowledgements of the policy
// and what was disclosed about the family; the other parent's data and third parties' names are
// withheld, and said to be. Which records are shown and which withheld (and the words that say
// so) come from the registry of family tables (store/family_tables.hpp).
// The release is decided, put on the disclosure register and audited like any other.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "disclosure/parties.hpp"
#include "records/staff.hpp"

namespace haven::disclosure {

struct SubjectAccessRequest {
  std::string person_id;  // whose records
  Recipient to;           // the person themself (kind parent), or a local authority for a child
};

struct SubjectAccessExport {
  std::string register_id;
  bool allowed = false;
  std::optional<policy::Clause> clause;  // the clause the release was decided under
  std::string reason;
  std::string centre_name, family_reference, party, generated_at;
  std::vector<std::pair<std::string, std::string>> details;  // own fields
  struct Attendance { std::string date, booked_start, booked_end, status, arrived, left; };
  std::vector<Attendance> attendance;
  struct Referral { std::string agency, referred_on; bool acting_for_subject; };
  std::vector<Referral> referrals;
  struct Consent { std::string field, recipient_kind, given_on, expires_on, withdrawn_on; };
  std::vector<Consent> consents;
  struct Disclosure { std::string at, asked, recipient_kind, outcome, clause; };
  std::vector<Disclosure> disclosures;
  struct Acknowledgement { std::string version, acknowledged_on, how; };
  std::vector<Acknowledgement> acknowledgements;  // of the centre's policy (clause 9)
  // The case's steps (journey/journey.hpp) that concern the person: the family's, and their own
  // pre-visit and ground rules. `step` as stored (waiting_list, pre_visit...), `on` YYYY-MM-DD.
  struct JourneyStep {
    std::string step, on, detail;
  };
  std::vector<JourneyStep> journey;
  std::vector<std::string> withheld;  // what was left out, and why
};

Result<SubjectAccessExport> subject_access(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const std::string& family_ref, const SubjectAccessRequest& request);

boost::json::value subject_access_json(const SubjectAccessExport& e);
Result<std::string> subject_access_pdf(const SubjectAccessExport& e);

}  // namespace haven::disclosure
