#include "notices/notices.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "access/access.hpp"
#include "complaints/complaints.hpp"
#include "core/text.hpp"
#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "dataprotection/breaches.hpp"
#include "dataprotection/requests.hpp"
#include "disclosure/disclosures.hpp"
#include "governance/lifecycle.hpp"
#include "governance/undelivered.hpp"
#include "incidents/incidents.hpp"
#include "journey/journey.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp.hpp"
#include "policy/review.hpp"
#include "retention/engine.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"
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

// A member of staff's address is sealed bound to them.
std::string email_purpose(const std::string& staff_id) { return "staff email|" + staff_id; }

// What a letter says of each kind of thing that waits: never which family.
std::string_view emailed_words(Subject s) {
  switch (s) {
    case Subject::concern:
      return "a new concern";
    case Subject::disclosure_review:
      return "disclosures to review";
    case Subject::disposal_approval:
      return "a disposal run to approve";
    case Subject::records_request:
      return "a request for someone's records";
    case Subject::statement_to_send:
      return "attendance statements to send";
    case Subject::undelivered_email:
      return "email that could not be sent";
    case Subject::breach_deadline:
      return "a data breach to decide on or report";
    case Subject::complaint_due:
      return "a complaint to acknowledge or answer";
    default:
      return {};
  }
}

// The breaches whose 72 hours still run, the soonest deadline first, in words with the time left.
std::string breach_countdown(const std::vector<dataprotection::Breach>& breaches, Instant at) {
  const auto& first = breaches.front();
  bool undecided = first.decision == dataprotection::BreachDecision::undecided;
  std::string what = breaches.size() == 1 ? std::string("A data breach")
                                          : fmt::format("{} data breaches wait; the first", breaches.size());
  std::string needs = undecided ? "needs management's decision on whether to tell the Information Commissioner"
                                : "must be reported to the Information Commissioner";
  auto deadline = parse_utc(first.deadline);
  if (!deadline) return fmt::format("{} {}", what, needs);
  std::string when = format_london_time(*deadline) + " on " + format_london_day_words(*deadline);
  if (*deadline <= at) return fmt::format("{} {}: the 72 hours ended at {}", what, needs, when);
  auto hours = std::chrono::floor<std::chrono::hours>(*deadline - at).count();
  return fmt::format("{} {}, by {} ({} left)", what, needs, when,
                     hours >= 1 ? counted(static_cast<std::size_t>(hours), "hour", "hours") : "less than an hour");
}

}  // namespace

Result<std::vector<Notice>> waiting_for(app::Workspace& ws, const app::Centre& c, const access::Staff& as, Day today) {
  std::vector<Notice> out;
  auto add = [&out](std::string text, Subject subject, std::string family = {}, bool fresh = false,
                    std::size_t count = 1) {
    out.push_back({std::move(text), subject, std::move(family), fresh, count});
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
          Subject::disclosure_review, {}, false, entries.size());
  }
  // Approving a run is management's, and never the proposer's own.
  if (may(c, as, Action::review_disclosure) && may(c, as, Action::review_retention)) {
    HAVEN_TRY(runs, retention::list_runs(ws, c, as));
    auto waiting = std::ranges::count_if(
        runs, [&](const auto& r) { return r.status == "proposed" && r.proposed_by != as.handle; });
    if (waiting)
      add(counted(static_cast<std::size_t>(waiting), "disposal run waits for your approval",
                  "disposal runs wait for your approval"),
          Subject::disposal_approval, {}, false, static_cast<std::size_t>(waiting));
  }
  if (may(c, as, Action::keep_data_protection_records)) {
    HAVEN_TRY(asked, dataprotection::request_cases(ws, c, as));
    for (const auto& a : asked) {
      if (!a.open()) continue;
      std::string standing = a.clock_stopped() ? fmt::format("the clock has stood still since {}, waiting for {}",
                                                             format_day_words(a.pauses.back().stopped),
                                                             dataprotection::waiting_words(a.pauses.back().waiting_for))
                                               : fmt::format("answer {} {}", a.overdue(today) ? "was due by" : "by",
                                                             day_in_words(a.due_on));
      add(fmt::format("A request for records in family {} arrived on {}: {}", a.family_reference,
                      day_in_words(a.received_on), standing),
          Subject::records_request, a.family_reference);
    }
    HAVEN_TRY(open_complaints, complaints::complaints(ws, c, as));
    for (const auto& k : open_complaints) {
      if (k.waiting == complaints::Waiting::nothing) continue;
      auto due = parse_day(k.due_on);
      if (!due) continue;
      std::string step = k.waiting == complaints::Waiting::acknowledgement ? "waits to be acknowledged"
                         : k.waiting == complaints::Waiting::stage_one     ? "waits for its stage one answer"
                                                                           : "waits for its stage two answer";
      add(fmt::format("A complaint received {} {}: {} {}", day_in_words(k.received_on), step,
                      *due < today ? "it was due by" : "due by", format_day_words(*due)),
          Subject::complaint_due, k.family_reference);
    }
  }
  if (may_view(c, as, Item::case_progress)) {
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
      add(counted(letters.size(), "email could not be sent", "emails could not be sent"), Subject::undelivered_email,
          {}, false, letters.size());
  }
  if (may(c, as, Action::read_register)) {
    HAVEN_TRY(copies, disclosure::statements_to_send(ws, c, as));
    if (!copies.empty())
      add(counted(copies.size(), "attendance statement waits to be sent to the other side's referrer",
                  "attendance statements wait to be sent to the other side's referrers"),
          Subject::statement_to_send, {}, false, copies.size());
  }
  if (may(c, as, Action::keep_data_protection_records)) {
    HAVEN_TRY(breaches, dataprotection::awaiting_action(ws, c, as));
    if (!breaches.empty()) add(breach_countdown(breaches, now()), Subject::breach_deadline, {}, true, breaches.size());
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

namespace haven::notices {

Result<bool> set_email_notices(app::Workspace& ws, const app::Centre& c, const access::Staff& self,
                               const std::string& typed) {
  std::string email;  // empty: stop
  if (typed.find_first_not_of(" \t\r\n") != std::string::npos) {
    HAVEN_TRY(written, mail::email_as_typed(typed));
    email = std::move(written);
  }
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(), "UPDATE staff SET notify_email = :e, notify_seen = '' WHERE id = :i AND centre_id = :c",
                   email.empty() ? std::string() : ws.keys().seal_secret(email_purpose(self.id), email), self.id, c.id);
    ws.audit().append({c.id, self.id, email.empty() ? "stop_email_notices" : "set_email_notices", "staff:" + self.id,
                       "notify_email", std::string(policy::id_of(Clause::kept_securely)), "change"});
    tx.commit();
    return true;
  });
}

Result<std::string> email_notices_to(app::Workspace& ws, const app::Centre& c, const access::Staff& self) {
  return store::guard_storage([&]() -> Result<std::string> {
    auto sealed = store::value<std::string>(ws.db(), "SELECT notify_email FROM staff WHERE id = :i AND centre_id = :c",
                                            self.id, c.id)
                      .value_or("");
    if (sealed.empty()) return std::string();
    return ws.keys().open_secret(email_purpose(self.id), sealed);
  });
}

Result<int> email_what_waits(app::Workspace& ws, const app::Centre& c, Instant at) {
  HAVEN_TRY(chosen, store::guard_storage([&]() -> Result<std::vector<store::Row>> {
              std::vector<store::Row> out;
              for (auto& row : store::rows(ws.db(),
                                           "SELECT id, handle, notify_email, notify_seen, notified_at FROM staff WHERE "
                                           "centre_id = :c AND notify_email <> '' AND disabled = 0 ORDER BY handle",
                                           c.id))
                out.push_back(row);
              return out;
            }));
  int sent = 0;
  std::optional<Error> first_failure;
  Day today = london_day_of(at);
  for (const auto& row : chosen) {
    std::string id = row.get<std::string>(0), sealed = row.get<std::string>(2);
    std::string previous = row.get<std::string>(3), last_told = row.get<std::string>(4);
    // Told within the hour: nothing is read for them until the hour is over.
    if (auto last = parse_utc(last_told); last && at - *last < email_notices_gap) continue;
    auto told = [&]() -> Result<bool> {
      HAVEN_TRY(staff, access::find_staff(ws, row.get<std::string>(1)));
      HAVEN_TRY(waiting, waiting_for(ws, c, staff, today));
      // What waits now: a concern or a request by what it is about (a keyed hash), a counted kind
      // by its count; new is what was not there before, or a count that has grown.
      std::vector<std::string> seen, kinds;
      bool anything_new = false;
      for (const auto& n : waiting) {
        if (emailed_words(n.subject).empty() || (n.subject == Subject::concern && !n.fresh)) continue;
        std::string entry;
        bool is_new = false;
        if (n.family_reference.empty()) {
          std::string kind = std::string(name_of(n.subject)) + "#";
          entry = kind + std::to_string(n.count);
          auto at_kind = previous.find(kind);
          std::size_t before = 0;
          if (at_kind != std::string::npos)
            before = std::strtoull(previous.c_str() + at_kind + kind.size(), nullptr, 10);
          is_new = n.count > before;
        } else {
          std::string about = n.subject == Subject::concern ? n.text : n.family_reference;
          entry = crypto::blind_index(ws.keys().index_key(), c.id,
                                      "notice " + id + " " + std::string(name_of(n.subject)) + " " + about)
                      .substr(0, 16);
          is_new = previous.find(entry) == std::string::npos;
        }
        seen.push_back(entry);
        if (!is_new) continue;
        anything_new = true;
        std::string words(emailed_words(n.subject));
        if (std::ranges::find(kinds, words) == kinds.end()) kinds.push_back(words);
      }
      std::string now_seen;
      for (const auto& k : seen) now_seen += (now_seen.empty() ? "" : ",") + k;
      if (!anything_new && now_seen == previous) return false;
      HAVEN_TRY(email, ws.keys().open_secret(email_purpose(id), sealed));
      return store::guard_storage([&]() -> Result<bool> {
        store::WriteTransaction tx(ws.db(), c.id);
        // Only if nobody else has told them, nor they stopped it, since this round read them.
        auto kept =
            store::execute(ws.db(),
                           "UPDATE staff SET notify_seen = :s, notified_at = :a WHERE id = :i AND "
                           "notify_email = :e AND notified_at = :l AND notify_seen = :p",
                           now_seen, anything_new ? format_utc(at) : last_told, id, sealed, last_told, previous);
        if (kept == 0 || !anything_new) {
          tx.commit();
          return false;
        }
        std::string home = ws.link("/");
        std::string list;
        for (std::size_t i = 0; i < kinds.size(); ++i)
          list += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + kinds[i];
        HAVEN_CHECK(mail::queue(ws, c.id,
                                {email, fmt::format("Something new waits for you in Haven at {}", c.preset.centre_name),
                                 fmt::format("Something new waits for you in Haven: {}.\n\nSign in to see it{}. "
                                             "This email says nothing more, by design.\n\nYou chose to be emailed "
                                             "about this; you can stop it on your home page in Haven.\n\n{}\n",
                                             list, home.empty() ? home : ": " + home, c.preset.centre_name),
                                 "staff:" + id}));
        ws.audit().append({c.id, "system", "email_notices", "staff:" + id, "",
                           std::string(policy::id_of(Clause::kept_securely)), "change"});
        tx.commit();
        return true;
      });
    }();
    if (!told && !first_failure) first_failure = told.error();  // the others are still told
    if (told && *told) ++sent;
  }
  if (first_failure) return std::unexpected(*first_failure);
  return sent;
}

}  // namespace haven::notices
