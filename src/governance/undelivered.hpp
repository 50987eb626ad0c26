// Email that could not be sent (mail/outbox.hpp: given up after its last try), for those who look
// after the centre's email: coordinators and management, as the decision point says
// (policy::Action::review_outbox, clause 7). A letter holds no family data, only its recipient's
// address, its subject and what it is about; each read and each letter sent again is audited,
// and a refusal too.
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "mail/outbox.hpp"

namespace haven::governance {

// The centre's letters that were given up, newest first.
[[nodiscard]] Result<std::vector<mail::Kept>> undelivered_email(app::Workspace& ws, const app::Centre& c,
                                                                const access::Staff& by);
// Sends a given-up letter again from now; not_found for one that is not the centre's or not given up.
[[nodiscard]] Result<bool> send_email_again(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                            const std::string& letter_id);

}  // namespace haven::governance
