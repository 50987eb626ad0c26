// Information leaving the centre, and the register that records it.
//
// request_information(): someone outside asks about a family. The request is put to the
// decision point as a release to that recipient; the answer, allowed or refused, is written to
// the disclosure register and the audit chain in one transaction, and counts as a use of the
// family's records (clause 8). What is released:
//   attendance      -> the attendance statement (clause 3); under a symmetric preset the
//                      requester is warned and the same statement is queued for the other side
//   contact_details -> one parent's address, phone or email, only with that parent's live
//                      consent for this recipient, never to the other parent's side (clause 4)
//   report, session_notes -> always refused (clause 2); family_details -> refused (clause 1)
// A refusal is not an error here: the Outcome says allowed = false and names the clause.
//
// disclose_exception(): E1/E2, by the safeguarding lead or management, resting on a recorded
// concern of that kind, to an agency the preset names, with a justification; flagged for
// management review (review_exception()).
//
// report_wrong_recipient(): a released disclosure that reached the wrong person and was got back.
// The register entry is marked recalled and Haven logs the breach it is, naming the family and
// what was released (dataprotection::record_detected), in one transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/referrer.hpp"
#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/time.hpp"
#include "disclosure/consents.hpp"
#include "disclosure/parties.hpp"
#include "disclosure/statement.hpp"
#include "records/family_view.hpp"
#include "records/staff.hpp"

namespace haven::disclosure {

enum class Asked { attendance, contact_details, report, session_notes, family_details };

// How a released statement reaches its recipient (the register's `delivery`): handed over by the
// member of staff who recorded the request; kept in the recipient referrer's account, with an email
// to say it is there; or queued for a coordinator to send (a referrer without an account).
inline constexpr std::string_view delivery_by_staff = "delivered";
inline constexpr std::string_view delivery_in_account = "in_account";
inline constexpr std::string_view delivery_queued = "queued";
inline constexpr std::string_view delivery_sent_by_centre = "sent_by_centre";  // a queued one, sent since
// The purpose a referrer account's email address is sealed under (master key), for the letters
// that tell a referrer a statement waits in their account.
inline constexpr std::string_view referrer_email_purpose = records::referrer_email_purpose;

struct InformationRequest {
  Recipient from;
  Asked asked = Asked::attendance;
  std::string about_person;  // contact_details: the parent whose detail is asked for
  policy::ContactField field = policy::ContactField::address;
  std::string period_from, period_to;  // attendance: YYYY-MM-DD, inclusive
  bool for_proceedings = false;        // the requester wants it for family proceedings
};

struct Outcome {
  std::string register_id;
  bool allowed = false;
  std::optional<policy::Clause> clause;  // the clause the decision was made under
  std::string reason;
  std::optional<AttendanceStatement> statement;  // attendance released
  std::string contact_value;                     // contact detail released
  std::string warning;                           // told to the requester (symmetric presets)
  std::vector<std::string> mirror_register_ids;  // the same statement, for the other side
  std::vector<std::string> mirror_deliveries;    // how each reaches them: delivery_in_account or delivery_queued

  // A recorded refusal as the error a front end reports: "refused under clause N: reason".
  [[nodiscard]] Error refusal() const;
};

// A copy of a statement for the other side that waits for a coordinator to send it, since its
// referrer has no account here.
struct StatementToSend {
  std::string id;
  std::string at;  // UTC, when it was released
  std::string family_reference;
  std::string period_from, period_to;            // YYYY-MM-DD
  std::string recipient_name;                    // the referrer as recorded; filled by statement_to_send() only
  std::string agency_kind;                       // records::AgencyKind's name
  std::optional<AttendanceStatement> statement;  // filled by statement_to_send() only
};
// The copies waiting to be sent, oldest first, without their contents: for those who keep the
// register (read as the register, audited).
[[nodiscard]] Result<std::vector<StatementToSend>> statements_to_send(app::Workspace& ws, const app::Centre& c,
                                                                      const access::Staff& by);
// One of them, with the statement and its recipient, to send: decided as a release of attendance to
// that referrer (clause 3) and audited; not_found for anything else.
[[nodiscard]] Result<StatementToSend> statement_to_send(app::Workspace& ws, const app::Centre& c,
                                                        const access::Staff& by, const std::string& register_id);
// Records that `by` has sent it (by post, by hand or by email from the centre's own address); a
// conflict once recorded.
[[nodiscard]] Result<bool> mark_statement_sent(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                               const std::string& register_id);

// Opening the form for a request about a family: for the staff who keep the register of what
// leaves the centre (a refusal is audited). The family and its parties, to offer as recipients.
struct RequestForm {
  records::FamilyRef family;
  Parties parties;
};
[[nodiscard]] Result<RequestForm> open_request_form(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                    const std::string& family_ref);

Result<Outcome> request_information(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                    const std::string& family_ref, const InformationRequest& request);

struct AttendanceAsk {
  std::string period_from, period_to;  // YYYY-MM-DD, inclusive
  bool understood_sharing = false;     // the referrer was told the other side receives the same, and said so
};
// An attendance statement a referrer signed in to their account asks for, for a referral of
// theirs: decided as the referrer (clause 3), written in the register as made by them and kept for
// their account. The period ends today at the latest (invalid_input naming 'period'). Where the
// policy shares attendance with both sides, the referrer must have been told so first
// (referrer_is_warned; invalid_input naming 'understood' until they confirm it), and the same statement
// goes to the other side's referrer's account (with an email to say so) or, when they have none,
// is queued for a coordinator to send. A referral that is not theirs is refused under clause 3 as
// if it did not exist; a bad period is invalid_input naming 'period'.
Result<Outcome> referrer_asks_attendance(app::Workspace& ws, const app::Centre& c, const access::Referrer& by,
                                         const std::string& referral_id, const AttendanceAsk& ask);
// Whether a referrer asking for attendance for this referral of theirs must first be warned that
// the other side receives the same (the policy says so, and there is someone on the other side).
// Refused under clause 3, and audited, for a referral that is not theirs.
[[nodiscard]] Result<bool> referrer_is_warned(app::Workspace& ws, const app::Centre& c, const access::Referrer& by,
                                              const std::string& referral_id);

struct ExceptionDisclosure {
  ConcernKind kind = ConcernKind::welfare;
  std::string concern_id;
  Recipient to;                     // childrens_services, police, cafcass or other_agency, with a name
  std::string justification;
  std::vector<policy::Item> items;  // what is passed on
};

Result<Outcome> disclose_exception(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const std::string& family_ref, const ExceptionDisclosure& disclosure);

// What management finds on reviewing an exception disclosure.
enum class ReviewFinding {
  proper,    // it was needed, went to the right agency, and passed on no more than it had to
  improper,  // it should not have been made, or went further than needed: the note says what was done
};

// One disclosure as management reviews it: an exception disclosure, with what was passed on, to
// whom, why and under which concern; or a parent's contact detail released to the other side on
// that parent's own permission, with whose it was. The review's finding once it is recorded.
struct ExceptionReview {
  std::string id;
  bool to_other_side = false;  // a parent's detail released to the other side, not an exception
  std::string about_party;     // to_other_side: whose detail it was (records::Party's name)
  std::string at;  // UTC
  std::string family_reference;
  std::vector<policy::Item> items;  // what was passed on
  std::string recipient_kind;       // a RecipientKind name
  std::string recipient_name;       // the agency as recorded
  std::string justification;
  std::string disclosed_by;         // the display name of who made it
  std::string concern_kind;         // welfare or violence
  std::string concern_recorded_at;  // UTC
  std::string concern_summary;
  bool pending = false;  // waiting for review
  std::optional<ReviewFinding> finding;
  std::string note, reviewed_by, reviewed_at;  // once reviewed (reviewed_by: a display name)
};

// Management only (clause 5's oversight), with the sight of the family's concerns; audited as a
// read of the concern record and the recipient's name.
[[nodiscard]] Result<ExceptionReview> exception_for_review(app::Workspace& ws, const app::Centre& c,
                                                           const access::Staff& by, const std::string& register_id);

struct ReviewOutcome {
  ReviewFinding finding = ReviewFinding::proper;
  std::string note;  // required when improper: what was done about it; sealed with the family's key
};
// Records management's finding on a disclosure waiting for review; a conflict once reviewed.
Result<bool> review_exception(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& register_id, const ReviewOutcome& outcome);

// Words for a person: "It was needed, went to the right agency and passed on no more than it had
// to"; for a release to the other side, in the words of the parent's permission.
[[nodiscard]] std::string_view describe(ReviewFinding finding, bool to_other_side = false);

struct RegisterEntry {
  std::string id, at, family_reference, asked, items, recipient_kind, recipient_ref, acts_for_party;
  std::string period_from, period_to, outcome, clause, reason, mirror_of, delivery, review;
  std::string recalled_at;    // UTC, when it was reported recalled (the breach holds when it was found); or empty
  std::string recall_breach;  // the breach logged for that recall

  // Whether it left the centre and has not been recalled: released, not waiting to be sent.
  [[nodiscard]] bool may_be_recalled() const;
};

struct RegisterFilter {
  std::string family_ref;  // empty for all
  std::string outcome;     // allow, deny or empty
  std::string asked;       // one Asked name, "exception", or empty
  std::string from, to;    // YYYY-MM-DD on the register date, inclusive; empty for open
  bool pending_review_only = false;
};

Result<std::vector<RegisterEntry>> list_register(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const RegisterFilter& filter);
std::string register_csv(const std::vector<RegisterEntry>& entries);
boost::json::value register_json(const std::vector<RegisterEntry>& entries);

// A released disclosure that went to the wrong recipient and was recalled (asked back, deleted by
// whoever had it, or taken out of the wrong account).
struct WrongRecipient {
  Instant found_at;           // when the centre found out: not in the future, nor before the disclosure
  std::string what_happened;  // who had it instead and how it was got back; no names or addresses
};
// The register entry to report, for the page that asks before anything is typed: decided as
// keeping the centre's data-protection records (coordinators and management) and audited as a read
// of that entry. not_found for none at this centre; a conflict for one that cannot be recalled
// (refused, still waiting to be sent, or recalled already).
[[nodiscard]] Result<RegisterEntry> open_recall(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                const std::string& register_id);
// Marks the entry recalled and logs the breach it is, naming its family and the kinds of data it
// released, in one transaction; the breach's id. Refused and conflicting as open_recall();
// invalid_input naming found_at or what_happened. A recalled statement leaves the referrer's
// account it was kept in.
[[nodiscard]] Result<std::string> report_wrong_recipient(app::Workspace& ws, const app::Centre& c,
                                                         const access::Staff& by, const std::string& register_id,
                                                         const WrongRecipient& report);

}  // namespace haven::disclosure

namespace haven {

template <>
struct EnumNames<disclosure::ReviewFinding> {
  static constexpr std::array<std::pair<disclosure::ReviewFinding, std::string_view>, 2> table{{
      {disclosure::ReviewFinding::proper, "proper"},
      {disclosure::ReviewFinding::improper, "improper"},
  }};
};

template <>
struct EnumNames<disclosure::Asked> {
  static constexpr std::array<std::pair<disclosure::Asked, std::string_view>, 5> table{{
      {disclosure::Asked::attendance, "attendance"},
      {disclosure::Asked::contact_details, "contact_details"},
      {disclosure::Asked::report, "report"},
      {disclosure::Asked::session_notes, "session_notes"},
      {disclosure::Asked::family_details, "family_details"},
  }};
};

}  // namespace haven
