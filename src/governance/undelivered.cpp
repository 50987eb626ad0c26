#include "governance/undelivered.hpp"

#include "access/access.hpp"

namespace haven::governance {

Result<std::vector<mail::Kept>> undelivered_email(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  HAVEN_TRY(permit, access::require(ws, c, by, policy::Action::review_outbox));
  HAVEN_TRY(letters, mail::dead_letters(ws, c.id));
  HAVEN_CHECK(ws.audit().append_committed({{c.id, by.id, "review_outbox", "centre:" + c.id, "recipient,subject",
                                            std::string(permit.clause_id()), "allow"}}));
  return letters;
}

Result<bool> send_email_again(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& letter_id) {
  HAVEN_TRY(permit, access::require(ws, c, by, policy::Action::review_outbox, "email:" + letter_id));
  HAVEN_CHECK(mail::send_again(ws, c.id, letter_id));
  HAVEN_CHECK(ws.audit().append_committed(
      {{c.id, by.id, "send_email_again", "email:" + letter_id, "", std::string(permit.clause_id()), "change"}}));
  return true;
}

}  // namespace haven::governance
