// What waits for a member of staff, gathered for their home page: new concerns for the
// safeguarding lead and management (each new to a reader until they have read the family's
// concerns), exception disclosures awaiting management review, disposal runs awaiting approval,
// families whose review falls due within a fortnight, DBS checks due for renewal within 90 days,
// the policy's yearly review within 30 days, people not yet told of the policy in force, and
// parents' requests for their records not yet answered (with the day the law's month ends), email
// that could not be sent, copies of attendance statements for the other side whose referrer has
// no account, waiting to be sent, and data breaches whose 72 hours to tell the Information
// Commissioner still run (with the time left).
//
// Each part is read through the access layer as the reader (audited by its own operation) and
// only asked where the decision point would allow it; what they may not see is left out, never
// shown as an error. Thread-safety: as safe as the Workspace given (one per thread).
//
// A notice says what it is about (Subject, and the family where there is one), not where to go:
// each front end knows its own pages.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/time.hpp"

namespace haven::notices {

enum class Subject {
  concern,                 // a family's new concern
  disclosure_review,       // exception disclosures awaiting review
  disposal_approval,       // disposal runs awaiting the reader's approval
  family_review,           // a family's review falling due
  dbs_recheck,             // DBS checks due for renewal
  policy_review,           // the policy's yearly review
  policy_acknowledgement,  // people not yet told of the policy in force
  records_request,         // a request for a person's records, waiting to be answered
  undelivered_email,       // email Haven gave up sending
  statement_to_send,       // copies of attendance statements for the other side, waiting to be sent
  breach_deadline,         // data breaches whose 72 hours to tell the Commissioner still run
  complaint_due,           // a complaint to acknowledge or answer
};

struct Notice {
  std::string text;  // in words: "Welfare concern about family F0001, recorded 5 December 2026 at 10:15"
  Subject subject = Subject::concern;
  std::string family_reference;  // the family it is about, for a concern or a review; else empty
  bool fresh = false;            // new to the reader (a concern they have not read)
  std::size_t count = 1;         // how many things a counted notice stands for ("3 disclosures wait")
};

// What waits for `as` on `today` (Europe/London), the new first.
[[nodiscard]] Result<std::vector<Notice>> waiting_for(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                                      Day today);

// Email about what waits. A member of staff may choose to be emailed when something new waits
// for them (a concern they may read, a disclosure or a disposal run to approve, a parent's request
// for their records, a statement to send, email that could not go): the letter says only what
// kinds of thing wait, never which family, and asks them to sign in. At most one letter an hour
// goes to each.

// `self` chooses to be emailed at `email`, or, with an empty one, no longer. invalid_input naming
// 'email' for an address not written as one. Audited as their own act.
[[nodiscard]] Result<bool> set_email_notices(app::Workspace& ws, const app::Centre& c, const access::Staff& self,
                                             const std::string& email);
// The address `self` chose, or empty.
[[nodiscard]] Result<std::string> email_notices_to(app::Workspace& ws, const app::Centre& c, const access::Staff& self);
// Emails each member of the centre's staff who chose it, when something waits for them that they
// were not told of before (a concern or request not there before, or more of a counted kind than
// before) and they were last emailed more than an hour before `at`. What waits is read for each as
// waiting_for() reads it for their home page (those reads audited as theirs), and not read at all
// within the hour after a letter. A letter is queued only if nobody else told them, nor they
// stopped it, meanwhile. One person's failure does not stop the others; the first is returned
// after all are done. Returns how many letters were queued. For the mail courier
// (service::start_mail_courier).
[[nodiscard]] Result<int> email_what_waits(app::Workspace& ws, const app::Centre& c, Instant at);
inline constexpr std::chrono::hours email_notices_gap{1};

}  // namespace haven::notices

namespace haven {
template <>
struct EnumNames<notices::Subject> {
  static constexpr std::array<std::pair<notices::Subject, std::string_view>, 12> table{{
      {notices::Subject::concern, "concern"},
      {notices::Subject::disclosure_review, "disclosure_review"},
      {notices::Subject::disposal_approval, "disposal_approval"},
      {notices::Subject::family_review, "family_review"},
      {notices::Subject::dbs_recheck, "dbs_recheck"},
      {notices::Subject::policy_review, "policy_review"},
      {notices::Subject::policy_acknowledgement, "policy_acknowledgement"},
      {notices::Subject::records_request, "records_request"},
      {notices::Subject::undelivered_email, "undelivered_email"},
      {notices::Subject::statement_to_send, "statement_to_send"},
      {notices::Subject::breach_deadline, "breach_deadline"},
      {notices::Subject::complaint_due, "complaint_due"},
  }};
};
}  // namespace haven
