// Referrers' accounts: a solicitor, Cafcass officer or social worker who referred a family follows
// their referral and asks for attendance statements themselves, instead of asking staff to.
//
// An account is opened by invitation only: a coordinator (or management) links one of a family's
// referrals to the referrer's email (invite_referrer), and Haven emails a set-up code, which works
// for setup_lifetime. The referrer chooses a password (12 characters or more, kept as an Argon2id
// hash) with it. Signing in takes two steps, each time: the address and password
// (send_referrer_code), then a six-digit code emailed to that address (referrer_sign_in), which
// works once, for code_lifetime, tries_per_code tries, and only while it is the newest sent; at
// most codes_per_hour (and codes_per_day) go to one account, and after wrong_passwords_per_hour
// wrong passwords in an hour it takes no password until the hour is over. A wrong address or password has one
// answer, whichever was wrong, and takes as long either way. The session is a random token given
// to the browser once and kept only as its hash, for session_lifetime.
//
// Signed in (access::Referrer), a referrer sees the referrals linked to their account, each one's
// stage, and the attendance statements released to them; they ask for a statement through
// disclosure::referrer_asks_attendance. They see nothing else of a family, and nothing of any
// referral not linked to them. Every step (invitation, set-up, code, sign-in, failure, read) is
// audited, a referrer's own acts with their account id as the actor.
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "access/referrer.hpp"
#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "disclosure/statement.hpp"

namespace haven::portal {

inline constexpr std::chrono::days setup_lifetime{14};
// Wrong passwords one account takes in an hour, from any address, before it takes none (the right
// one included) until the hour is over; answered as any wrong password is.
inline constexpr int wrong_passwords_per_hour = 10;

// Whether the referrer of a referral by this agency (records::AgencyKind's name) may be given an
// account: every referrer but a parent who referred themselves (who uses the parents' portal).
[[nodiscard]] bool may_have_account(std::string_view agency_kind);

// Asking to invite a referrer to follow a referral of `family_id` (for what a page offers, and for
// invite_referrer itself).
[[nodiscard]] policy::AccessRequest invitation_request(const app::Centre& c, const access::Staff& by,
                                                       const std::string& family_id);

struct Invitation {
  std::string account_id;
  bool set_up = false;  // the account already has a password: the letter says a referral was added
};
// Links the referral `referral_id` of the family `family_ref` to the account at `email` (opened
// for it when there is none), and emails the referrer: a set-up code while the account has no
// password, else a notice that a referral was added; inviting the account a referral already has
// again sends a new set-up code, for a referrer who has forgotten their password (and lifts a
// lock after wrong passwords once the new one is set). Statements queued
// for the referral move to the account (each audited). Coordinators and management only (clause
// 3). invalid_input naming 'email' for an address not written as one, or 'referral' for a parent's
// own referral (a parent uses the parents' portal); a conflict naming 'referral' when the referral
// is already another account's (end that access first: end_referrer_access); not_found for a
// referral not of this family.
[[nodiscard]] Result<Invitation> invite_referrer(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                                 const std::string& family_ref, const std::string& referral_id,
                                                 const std::string& email, Instant at);

// Ends the referrer's access to the referral `referral_id` of the family `family_ref` (they have
// moved on, or it was given to the wrong address): the referral leaves the account, and with it
// the statements sent for it. Those statements belong to the referral, as attendance goes to the
// referring agency (clause 3): whoever is invited to follow it next sees them. (A statement that
// reached the wrong person is reported with disclosure::report_wrong_recipient.) An account left with no referral has
// its sessions and codes ended at once (the hourly tidying then removes it). Decided as an invitation is (clause 3) and
// audited. not_found naming 'referral' for a referral not of this family; a conflict when it has
// no account.
[[nodiscard]] Result<bool> end_referrer_access(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                               const std::string& family_ref, const std::string& referral_id);

// The account at `email` takes `password`, with the set-up code emailed to it: the code then stops
// working. A wrong or expired code (or an address with no invitation) is refused under clause 7
// with one message for all; a password too short or too long is invalid_input naming 'password'.
[[nodiscard]] Result<bool> set_up_referrer(app::Workspace& ws, const app::Centre& c, const std::string& email,
                                           const std::string& setup_code, const std::string& password, Instant at);

// The first step of signing in: when the address and password are an account's, a sign-in code is
// emailed to it (unless the account has had its codes for the hour or day, which is audited and
// said in the same words as a wrong password). Refused under clause 7, "the email address or
// password is wrong", otherwise.
[[nodiscard]] Result<bool> send_referrer_code(app::Workspace& ws, const app::Centre& c, const std::string& email,
                                              const std::string& password, Instant at);

struct ReferrerSession {
  std::string token;  // for the browser's cookie; kept only as its hash
  std::string csrf;   // to be echoed by every form
  access::Referrer referrer;
};
// The address and the code sent to it, for a session; a wrong, used or expired code is refused
// under clause 7 with one message for all, and a code tried tries_per_code times stops working.
[[nodiscard]] Result<ReferrerSession> referrer_sign_in(app::Workspace& ws, const app::Centre& c,
                                                       const std::string& email, const std::string& code, Instant at);
// The referrer holding the session with this token at the centre; denied under clause 7 when there
// is none or it has ended.
[[nodiscard]] Result<ReferrerSession> find_referrer_session(app::Workspace& ws, const app::Centre& c,
                                                            const std::string& token, Instant at);
// Ends the session (audited); false when there is none.
[[nodiscard]] Result<bool> referrer_sign_out(app::Workspace& ws, const app::Centre& c, const std::string& token);

// One attendance statement sent to a referrer, as listed.
struct SentStatement {
  std::string register_id;
  std::string at;                      // UTC, when it was released
  std::string period_from, period_to;  // YYYY-MM-DD
  bool for_other_side = false;         // the same statement as one the other side's referrer asked for
};
struct ReferralSummary {
  std::string referral_id;
  std::string family_reference;
  std::string referred_on;                // YYYY-MM-DD
  std::string agency_kind;                // records::AgencyKind's name
  std::string stage;                      // journey::Stage's name
  // The other side receives the same statement, so the referrer is told before asking (filled by
  // referrer_referral() only).
  bool warned_of_sharing = false;
  std::vector<SentStatement> statements;  // newest first
};
// The referrals linked to the referrer's account at the centre, newest first, each with its stage
// as of `today` and the statements sent for it. Each referral is asked of the access layer as the
// referrer; the list is audited as one read.
[[nodiscard]] Result<std::vector<ReferralSummary>> referrer_referrals(app::Workspace& ws, const app::Centre& c,
                                                                      const access::Referrer& as, Day today);

// One referral linked to the referrer's account, to ask for a statement for: with whether the
// referrer must first be told the other side receives the same (disclosure::referrer_is_warned).
// Refused under clause 3, and audited, for a referral that is not theirs.
[[nodiscard]] Result<ReferralSummary> referrer_referral(app::Workspace& ws, const app::Centre& c,
                                                        const access::Referrer& as, const std::string& referral_id,
                                                        Day today);

// One statement sent to the referrer, opened: not_found (audited as refused) for any register entry
// that is not an attendance statement released for one of their referrals. Audited.
[[nodiscard]] Result<disclosure::AttendanceStatement> referrer_statement(app::Workspace& ws, const app::Centre& c,
                                                                         const access::Referrer& as,
                                                                         const std::string& register_id);

}  // namespace haven::portal
