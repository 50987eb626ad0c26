// The outbox: email Haven sends, kept until it goes. queue() writes a letter (inside the caller's
// transaction when one is open, so a letter is kept exactly when what it tells of is); the courier
// (service::start_mail_courier) calls deliver_due() to send what is due through the mail server. A
// letter that fails is tried again later (after 1, 5, 30 and 120 minutes), and after max_attempts
// failures is given up as a dead letter. Every delivery, failure and giving up is audited as
// Haven's own act, naming what the letter is about, never its contents.
//
// An email carries no family data (docs/security.md): a notice and, at most, the reader's own
// reference, a link or a one-time sign-in code. The recipient's address and the body are sealed
// under the master key; the subject is kept as written, and must hold nothing personal.
// Thread-safety: as the Workspace given.
#pragma once
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "core/time.hpp"
#include "mail/smtp.hpp"

namespace haven::mail {

inline constexpr int max_attempts = 5;

struct Letter {
  std::string to;       // an email address
  std::string subject;  // one line
  std::string body;
  std::string about;  // what it concerns, as the audit trail names it: "application:app_..."
};

// Keeps a letter to send; returns its id. invalid_input when `to` is not an address or the
// subject holds a line break.
[[nodiscard]] Result<std::string> queue(app::Workspace& ws, const std::string& centre_id, const Letter& letter);

struct Delivered {
  int sent = 0;
  int failed = 0;  // to be tried again
  int given_up = 0;
};
// Sends up to `most` letters due by `at`, the oldest first. A storage failure is returned; a
// letter the mail server refuses is counted in `failed` or `given_up`, with the reason kept. When
// the server cannot be reached, the batch stops at the first letter that found so: the others are
// left due, their tries unspent, for the next round.
[[nodiscard]] Result<Delivered> deliver_due(app::Workspace& ws, const SmtpSettings& smtp, Instant at,
                                            std::size_t most = 50);

// A letter as the outbox holds it, its address opened: for the page that lists what did not go.
struct Kept {
  std::string id, to, subject, about, status, last_error, created_at, next_attempt_at;
  int attempts = 0;
};
// The centre's letters that were given up, newest first (for those who run the outbox).
[[nodiscard]] Result<std::vector<Kept>> dead_letters(app::Workspace& ws, const std::string& centre_id);
// Puts a given-up letter of the centre back in the outbox, due at once, its tries counted afresh;
// not_found for any other letter.
[[nodiscard]] Result<bool> send_again(app::Workspace& ws, const std::string& centre_id, const std::string& letter_id);

}  // namespace haven::mail
