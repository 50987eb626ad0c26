#include "notices/notices.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "access/access.hpp"
#include "core/text.hpp"
#include "disclosure/disclosures.hpp"
#include "governance/lifecycle.hpp"
#include "governance/undelivered.hpp"
#include "incidents/incidents.hpp"
#include "journey/journey.hpp"
#include "policy/review.hpp"
#include "portal/portal.hpp"
#include "retention/engine.hpp"
#include "vetting/dbs.hpp"

namespace haven::notices {

namespace {

using policy::Action;
using policy::Item;

bool may(const app::Centre& c, const access::Staff& as, Action action) {
  return access::offered(c, access::centre_action(c, as, action));
}

bool may_view(const app::Centre& c, const access::Staff& as, Item item) {
  return access::offered(c, access::view(c, as, item, "*"));
}

}  // namespace

Result<std::vector<Notice>> waiting_for(app::Workspace& ws, const app::Centre& c, const access::Staff& as, Day today) {
  std::vector<Notice> out;
  auto add = [&out](std::string text, Subject subject, std::string family = {}, bool fresh = false) {
    out.push_back({std::move(text), subject, std::move(family), fresh});
  };
  if (may_view(c, as, Item::concern_record)) {
    HAVEN_TRY(unread, incidents::unread_concerns(ws, c, as));
    for (const auto& u : unread) {
      auto at = parse_utc(u.recorded_at);
      std::string kind = u.kind == "violence" ? "Violence" : "Welfare";  // the tag beside it says it is new
      add(fmt::format("{} concern about family {}, recorded {}", kind, u.family_reference,
                      at ? format_london_day_words(*at) + " at " + format_london_time(*at) : std::string("just now")),
          Subject::concern, u.family_reference, true);
    }
  }
  if (may(c, as, Action::read_register)) {
    disclosure::RegisterFilter pending;
    pending.pending_review_only = true;
    HAVEN_TRY(entries, disclosure::list_register(ws, c, as, pending));
    if (!entries.empty())
      add(counted(entries.size(), "disclosure waits for management review", "disclosures wait for management review"),
          Subject::disclosure_review);
  }
  // Approving a run is management's, and never the proposer's own.
  if (may(c, as, Action::review_disclosure) && may(c, as, Action::review_retention)) {
    HAVEN_TRY(runs, retention::list_runs(ws, c, as));
    auto waiting = std::ranges::count_if(
        runs, [&](const auto& r) { return r.status == "proposed" && r.proposed_by != as.handle; });
    if (waiting)
      add(counted(static_cast<std::size_t>(waiting), "disposal run waits for your approval",
                  "disposal runs wait for your approval"),
          Subject::disposal_approval);
  }
  if (may_view(c, as, Item::case_progress)) {
    HAVEN_TRY(asked, portal::records_requests_waiting(ws, c, as));
    for (const auto& a : asked) {
      auto due = parse_day(a.request.due_on);
      add(fmt::format("A parent in family {} asked for their records on {}: answer {} {}", a.family_reference,
                      day_in_words(a.request.received_on), due && *due < today ? "was due by" : "by",
                      day_in_words(a.request.due_on)),
          Subject::records_request, a.family_reference);
    }
    HAVEN_TRY(reviews, journey::reviews_due(ws, c, as, today + std::chrono::days{14}));
    for (const auto& r : reviews) {
      auto due = parse_day(r.due_on);
      bool overdue = due && *due < today;
      add(fmt::format("Family {}'s review {} {}", r.reference, overdue ? "was due on" : "is due on",
                      due ? format_day_words(*due) : r.due_on),
          Subject::family_review, r.reference);
    }
  }
  if (may(c, as, Action::review_outbox)) {
    HAVEN_TRY(letters, governance::undelivered_email(ws, c, as));
    if (!letters.empty())
      add(counted(letters.size(), "email could not be sent", "emails could not be sent"), Subject::undelivered_email);
  }
  if (may(c, as, Action::read_register)) {
    HAVEN_TRY(copies, disclosure::statements_to_send(ws, c, as));
    if (!copies.empty())
      add(counted(copies.size(), "attendance statement waits to be sent to the other side's referrer",
                  "attendance statements wait to be sent to the other side's referrers"),
          Subject::statement_to_send);
  }
  if (may(c, as, Action::manage_accounts)) {
    HAVEN_TRY(due, vetting::recheck_due(ws, c, as, today, 90));
    if (!due.empty())
      add(counted(due.size(), "DBS check is due for renewal within 90 days",
                  "DBS checks are due for renewal within 90 days"),
          Subject::dbs_recheck);
  }
  if (may(c, as, Action::adopt_policy)) {
    auto review = policy::review_status(c.preset, today);
    if (review.overdue || review.days_left <= 30)
      add(fmt::format("The policy's yearly review is due on {}", format_day_words(review.due_on)),
          Subject::policy_review);
  }
  if (may(c, as, Action::record_awareness)) {
    HAVEN_TRY(outstanding, governance::unacknowledged(ws, c, as));
    if (!outstanding.empty())
      add(counted(outstanding.size(), "person has not yet acknowledged the policy in force",
                  "people have not yet acknowledged the policy in force"),
          Subject::policy_acknowledgement);
  }
  std::ranges::stable_partition(out, &Notice::fresh);
  return out;
}

}  // namespace haven::notices
