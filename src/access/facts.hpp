// Requests that carry facts about what is asked, each fact read from the store here, by the
// access layer, never taken from a front end or from the operation that asks:
//
//   contact_release      clause 4   a parent's recorded, live consent for this recipient
//   exception_release    E1, E2     a concern of the right kind recorded on this family
//   assessment_booking   clause 5   an unused management approval for this family and agency
//   disposal_run         clause 8   the run's date, its proposer and whether it was approved
//   role_approval        clause 6   who proposed the role (four eyes)
//   sign_in_reset        clause 7   whose sign-in it is, whether their role sees family data or waits
//   dbs_check            clause 6   whose check it is (nobody records their own)
//   subject_release      clause 8   the subject's age, from their sealed date of birth
//
// Each returns the request to pass to access::require() (or consider()/offered() for what a page
// offers). Reads happen on the caller's Workspace connection, inside its transaction when one is
// open; the functions are as thread-safe as that Workspace (one per thread).
#pragma once
#include <optional>
#include <string>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "policy/decision.hpp"

namespace haven::access {

// Who a consent names as its recipient: a referral or a parent by id, anyone else by a keyed
// hash of their kind and name (no name is stored in the clear).
struct ConsentRecipient {
  std::string referral_or_person;
  std::string name_index;
};

// The release of one parent's address, phone or email to a recipient (clause 4).
[[nodiscard]] policy::AccessRequest contact_release(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                                    const std::string& family_id, const std::string& person_id,
                                                    policy::ContactField field, const policy::Recipient& to,
                                                    const ConsentRecipient& named, Day today);

// Passing `item` on under the welfare or violence exception, citing `concern_id` (E1, E2).
[[nodiscard]] policy::AccessRequest exception_release(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                                      const std::string& family_id, const std::string& concern_id,
                                                      policy::Purpose purpose, const policy::Recipient& to,
                                                      std::string justification);

// Booking an assessment on the premises for `agency` on `day` (clause 5). `approval_id` is the
// approval the booking would use up, empty when there is none.
struct AssessmentAsk {
  policy::AccessRequest request;
  std::string approval_id;
};
[[nodiscard]] AssessmentAsk assessment_booking(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                               const std::string& family_id, const std::string& agency,
                                               const std::string& day);

// Proposing a disposal run as of `as_of` (clause 8).
[[nodiscard]] policy::AccessRequest new_disposal_run(const app::Centre& c, const Staff& by, Day as_of);
// A recorded disposal run as read for the decision, so that whoever asks uses the same row.
struct DisposalRun {
  std::string status;  // proposed, approved, executing, executed
  std::string as_of, proposed_by, proposed_at, approved_by, approved_at;
};
struct DisposalRunAsk {
  policy::AccessRequest request;
  DisposalRun run;
};
// Approving or carrying out a recorded run (clause 8): not_found when the centre has no such run.
[[nodiscard]] Result<DisposalRunAsk> disposal_run(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                                  policy::Action action, const std::string& run_id);

// Approving the role `subject` waits for (clause 6, four eyes).
[[nodiscard]] policy::AccessRequest role_approval(const app::Centre& c, const Staff& by, const Staff& subject);

// Resetting `subject`'s sign-in (clause 7): whether their role sees family data.
[[nodiscard]] policy::AccessRequest sign_in_reset(const app::Centre& c, const Staff& by, const Staff& subject);

// Recording a DBS check seen for `subject` (clause 6).
[[nodiscard]] policy::AccessRequest dbs_check(const app::Centre& c, const Staff& by, const Staff& subject);

// A person's own records released to `to` (subject access). For a child, the age the decision
// point judges is read here from the child's sealed date of birth (opened under the reader's
// permit to view it; unknown when that is refused or the date is missing).
[[nodiscard]] policy::AccessRequest subject_release(app::Workspace& ws, const app::Centre& c, const Staff& by,
                                                    const std::string& family_id, const std::string& person_id,
                                                    bool child, const policy::Recipient& to);

}  // namespace haven::access
