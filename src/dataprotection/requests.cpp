#include "dataprotection/requests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/working_days.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::dataprotection {

namespace {

using policy::Action;

std::string reason_purpose(const std::string& id) { return "request-extension|" + id; }
std::string outcome_purpose(const std::string& id) { return "request-outcome|" + id; }

constexpr const char* case_columns =
    "SELECT r.id, f.reference, COALESCE(p.party, ''), r.received_how, r.received_on, r.identity_checked_on, "
    "r.answered_on, r.outcome, r.extended_months, r.extension_reason, r.outcome_reason FROM records_requests r JOIN "
    "families f ON f.id = r.family_id LEFT JOIN people p ON p.id = r.person_id WHERE r.centre_id = :c AND "
    "f.disposed_at = '' ";

enum class Reasons { sealed, opened };

// The id of the centre's family with this reference, not destroyed; invalid_input naming the field.
Result<std::string> family_id_of(app::Workspace& ws, const app::Centre& c, const std::string& reference) {
  auto id = store::value<std::string>(
      ws.db(), "SELECT id FROM families WHERE centre_id = :c AND reference = :r AND disposed_at = ''", c.id, reference);
  if (!id) return fail(ErrorKind::invalid_input, "no family at this centre has that reference (family)");
  return *id;
}

// The cases matching `where` (on :c and :i), with their pauses and their due day as the clock
// stands today; the reasons opened when asked for.
Result<std::vector<RequestCase>> load(app::Workspace& ws, const app::Centre& c, const std::string& where,
                                      const std::string& id, Reasons reasons) {
  std::vector<RequestCase> out;
  for (const auto& row : store::rows(ws.db(), std::string(case_columns) + where, c.id, id)) {
    RequestCase r;
    r.id = row.get<std::string>(0);
    r.family_reference = row.get<std::string>(1);
    r.party = row.get<std::string>(2);
    r.how = parse_enum<ReceivedHow>(row.get<std::string>(3)).value_or(ReceivedHow::portal);
    r.received_on = row.get<std::string>(4);
    r.identity_checked_on = row.get<std::string>(5);
    r.answered_on = row.get<std::string>(6);
    if (!r.answered_on.empty())
      r.outcome = parse_enum<RequestOutcome>(row.get<std::string>(7)).value_or(RequestOutcome::released);
    r.extended_months = static_cast<int>(row.get<int64_t>(8));
    if (reasons == Reasons::opened) {
      if (const auto sealed = row.get<std::string>(9); !sealed.empty()) {
        HAVEN_TRY(reason, ws.keys().open_secret(reason_purpose(r.id), sealed));
        r.extension_reason = reason;
      }
      if (const auto sealed = row.get<std::string>(10); !sealed.empty()) {
        HAVEN_TRY(reason, ws.keys().open_secret(outcome_purpose(r.id), sealed));
        r.outcome_reason = reason;
      }
    }
    out.push_back(std::move(r));
  }
  std::map<std::string, RequestCase*> by_id;
  for (auto& r : out) by_id[r.id] = &r;
  // Oldest first; a pause still open after any closed one of the same day.
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT q.request_id, q.stopped_on, q.restarted_on, q.waiting_for FROM "
                                     "records_request_pauses q JOIN records_requests r ON r.id = q.request_id WHERE "
                                     "r.centre_id = :c " +
                                         std::string(id.empty() ? "AND :i = ''" : "AND r.id = :i") +
                                         " ORDER BY q.stopped_on, CASE WHEN q.restarted_on = '' THEN 1 ELSE 0 END, "
                                         "q.restarted_on, q.id",
                                     c.id, id)) {
    auto it = by_id.find(row.get<std::string>(0));
    auto stopped = parse_day(row.get<std::string>(1));
    if (it == by_id.end() || !stopped) continue;
    Pause pause{*stopped, std::nullopt, parse_enum<WaitingFor>(row.get<std::string>(3)).value_or(WaitingFor::identity)};
    if (auto restarted = parse_day(row.get<std::string>(2))) pause.restarted = *restarted;
    it->second->pauses.push_back(pause);
  }
  Day today = london_today();
  for (auto& r : out)
    if (auto received = parse_day(r.received_on))
      r.due_on = format_day(due_on(*received, r.pauses, r.extended_months, today));
  return out;
}

// A change to one open request of the centre, decided and audited as `audit_action` about `fields`:
// `change` runs on the case as it stands, in the write's transaction. The due day is not kept: every
// read works it out from the clock (load()).
template <class Fn>
Result<bool> change_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                            const std::string& request_id, const std::string& audit_action, const std::string& fields,
                            Fn change) {
  HAVEN_TRY(permit, access::require(ws, c, by, Action::keep_data_protection_records, "records_request:" + request_id));
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_TRY(found, load(ws, c, "AND r.id = :i", request_id, Reasons::sealed));
    if (found.empty()) return fail(ErrorKind::not_found, "no such request for records at this centre");
    auto& r = found.front();
    if (!r.open())
      return fail(ErrorKind::conflict, fmt::format("this request was closed on {}", day_in_words(r.answered_on)));
    HAVEN_CHECK(change(r));
    ws.audit().append({c.id, by.id, audit_action, "records_request:" + request_id, fields,
                       std::string(permit.clause_id()), "change"});
    tx.commit();
    return true;
  });
}

Result<bool> not_in_future(Day on, std::string_view what, std::string_view field) {
  if (on > london_today())
    return fail(ErrorKind::invalid_input, fmt::format("{} cannot be in the future ({})", what, field));
  return true;
}

}  // namespace

std::string_view waiting_words(WaitingFor what) {
  return what == WaitingFor::identity ? "proof of identity" : "the request to be made clear";
}

Day due_on(Day received, const std::vector<Pause>& pauses, int extended_months, Day today) {
  Day start = received;
  for (const auto& p : pauses)
    if (p.waiting_for == WaitingFor::identity) start = std::max(start, p.restarted.value_or(today));
  Day due = add_months(start, 1 + extended_months);
  for (const auto& p : pauses) {
    Day until = p.restarted.value_or(today);
    if (p.waiting_for == WaitingFor::clarification && p.stopped >= start && until > p.stopped) due += until - p.stopped;
  }
  return add_working_days(due, 0);
}

Result<std::vector<Requester>> requesters(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                          const std::string& family_reference) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records));
  return store::guard_storage([&]() -> Result<std::vector<Requester>> {
    HAVEN_TRY(family, family_id_of(ws, c, family_reference));
    std::vector<Requester> out;
    int children = 0;
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT id, party FROM people WHERE family_id = :f ORDER BY CASE party WHEN "
                                       "'child' THEN 1 ELSE 0 END, party DESC, created_at, id",
                                       family)) {
      Requester r{row.get<std::string>(0), row.get<std::string>(1), 0};
      if (r.party == "child") r.child_number = ++children;
      out.push_back(std::move(r));
    }
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.id, "list_requesters", "family:" + family, "party", std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

Result<std::string> record_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const NewRequest& n) {
  HAVEN_TRY(permit, access::require(ws, c, by, Action::keep_data_protection_records));
  if (n.how == ReceivedHow::portal)
    return fail(ErrorKind::invalid_input, "a request made in the portal is logged by the portal (how)");
  HAVEN_CHECK(not_in_future(n.received, "the day it was received", "received_on"));
  std::string id = new_id("rrq");
  return store::guard_storage([&]() -> Result<std::string> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_TRY(family, family_id_of(ws, c, n.family));
    if (store::value<int>(ws.db(), "SELECT COUNT(*) FROM people WHERE id = :p AND family_id = :f", n.person, family)
            .value_or(0) == 0)
      return fail(ErrorKind::invalid_input, "choose one of the family's people (person)");
    HAVEN_TRY(newest, newest_request_of(ws, c, n.person));
    if (newest && newest->open())
      return fail(ErrorKind::conflict,
                  fmt::format("this person's records were already asked for; the answer is due by {}",
                              day_in_words(newest->due_on)));
    store::execute(ws.db(),
                   "INSERT INTO records_requests (id, centre_id, family_id, person_id, received_on, due_on, "
                   "received_how) VALUES (:i, :c, :f, :p, :r, :d, :h)",
                   id, c.id, family, n.person, format_day(n.received),
                   format_day(due_on(n.received, {}, 0, london_today())), std::string(name_of(n.how)));
    ws.audit().append({c.id, by.id, "record_records_request", "records_request:" + id, "received_on,received_how",
                       std::string(permit.clause_id()), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> correct_received(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& request_id, Day on) {
  return change_request(
      ws, c, by, request_id, "correct_records_request_received", "received_on", [&](RequestCase& r) -> Result<bool> {
        if (!r.received_correctable())
          return fail(ErrorKind::conflict,
                      "a request made in the portal was received the moment it was made: Haven recorded its day");
        HAVEN_CHECK(not_in_future(on, "the day it was received", "on"));
        std::string day = format_day(on);
        if (!r.identity_checked_on.empty() && day > r.identity_checked_on)
          return fail(ErrorKind::invalid_input,
                      "the day it was received cannot be after the identity was checked (on)");
        if (!r.pauses.empty() && on > r.pauses.front().stopped)
          return fail(ErrorKind::invalid_input, "the day it was received cannot be after the clock first stopped (on)");
        store::execute(ws.db(), "UPDATE records_requests SET received_on = :d WHERE id = :i", day, request_id);
        return true;
      });
}

Result<bool> identity_checked(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& request_id, Day on) {
  return change_request(
      ws, c, by, request_id, "check_requester_identity", "identity_checked_on,restarted_on",
      [&](RequestCase& r) -> Result<bool> {
        HAVEN_CHECK(not_in_future(on, "the day it was checked", "on"));
        if (format_day(on) < r.received_on)
          return fail(ErrorKind::invalid_input,
                      "the day it was checked cannot be before the request was received (on)");
        if (!r.identity_checked_on.empty())
          return fail(ErrorKind::conflict,
                      fmt::format("the identity was checked on {} already", day_in_words(r.identity_checked_on)));
        // The time runs from the proof: a clock standing still for it runs again from that day.
        bool closes_pause = r.clock_stopped() && r.pauses.back().waiting_for == WaitingFor::identity;
        if (closes_pause && on < r.pauses.back().stopped)
          return fail(ErrorKind::invalid_input,
                      "the day it was checked cannot be before the clock stopped for it (on)");
        store::execute(ws.db(), "UPDATE records_requests SET identity_checked_on = :d WHERE id = :i", format_day(on),
                       request_id);
        r.identity_checked_on = format_day(on);
        if (closes_pause) {
          store::execute(ws.db(),
                         "UPDATE records_request_pauses SET restarted_on = :d WHERE request_id = :r AND "
                         "restarted_on = ''",
                         format_day(on), request_id);
          r.pauses.back().restarted = on;
        }
        return true;
      });
}

Result<bool> stop_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                        const std::string& request_id, Day on, WaitingFor what) {
  return change_request(
      ws, c, by, request_id, "stop_records_request_clock", "stopped_on,waiting_for",
      [&](RequestCase& r) -> Result<bool> {
        HAVEN_CHECK(not_in_future(on, "the day the clock stopped", "on"));
        if (r.clock_stopped())
          return fail(ErrorKind::conflict,
                      fmt::format("the clock already stopped on {}", format_day_words(r.pauses.back().stopped)));
        std::string last = r.received_on;
        if (!r.pauses.empty() && r.pauses.back().restarted)
          last = std::max(last, format_day(*r.pauses.back().restarted));
        if (format_day(on) < last)
          return fail(ErrorKind::invalid_input,
                      "the clock cannot stop before the request was received or the clock last restarted (on)");
        if (format_day(on) > r.due_on)
          return fail(
              ErrorKind::invalid_input,
              fmt::format("the answer was due by {}; the clock cannot stop after that (on)", day_in_words(r.due_on)));
        store::execute(ws.db(),
                       "INSERT INTO records_request_pauses (id, request_id, stopped_on, waiting_for) "
                       "VALUES (:i, :r, :s, :w)",
                       new_id("rqp"), request_id, format_day(on), std::string(name_of(what)));
        r.pauses.push_back({on, std::nullopt, what});
        return true;
      });
}

Result<bool> restart_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                           const std::string& request_id, Day on) {
  return change_request(ws, c, by, request_id, "restart_records_request_clock", "restarted_on",
                        [&](RequestCase& r) -> Result<bool> {
                          HAVEN_CHECK(not_in_future(on, "the day the clock restarted", "on"));
                          if (!r.clock_stopped()) return fail(ErrorKind::conflict, "the clock is running");
                          if (on < r.pauses.back().stopped)
                            return fail(ErrorKind::invalid_input, "the clock cannot restart before it stopped (on)");
                          store::execute(ws.db(),
                                         "UPDATE records_request_pauses SET restarted_on = :d WHERE request_id = :r "
                                         "AND restarted_on = ''",
                                         format_day(on), request_id);
                          r.pauses.back().restarted = on;
                          return true;
                        });
}

Result<bool> extend(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& request_id,
                    int months, const std::string& reason) {
  return change_request(
      ws, c, by, request_id, "extend_records_request", "extended_months,extension_reason",
      [&](RequestCase& r) -> Result<bool> {
        if (months < 1 || months > 2)
          return fail(ErrorKind::invalid_input, "the time can be extended by one or two months (months)");
        if (r.extended_months > 0)
          return fail(ErrorKind::conflict, fmt::format("the time was extended by {} already; it is extended once",
                                                       r.extended_months == 1 ? "one month" : "two months"));
        HAVEN_TRY(received, parse_day(r.received_on));
        Day first_month = due_on(received, r.pauses, 0, london_today());
        if (london_today() > first_month)
          return fail(ErrorKind::conflict,
                      fmt::format("the time can be extended only within the first month, which ended on {}",
                                  format_day_words(first_month)));
        HAVEN_CHECK(check_free_text(reason, "reason", "the reason for the extension", 2000));
        r.extended_months = months;
        store::execute(ws.db(),
                       "UPDATE records_requests SET extended_months = :m, extension_reason = :r "
                       "WHERE id = :i",
                       r.extended_months, ws.keys().seal_secret(reason_purpose(request_id), reason), request_id);
        return true;
      });
}

Result<bool> close_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                           const std::string& request_id, RequestOutcome how, Day on, const std::string& reason) {
  return change_request(
      ws, c, by, request_id, "close_records_request", "answered_on,outcome,outcome_reason",
      [&](RequestCase& r) -> Result<bool> {
        if (how == RequestOutcome::released)
          return fail(ErrorKind::invalid_input,
                      "a request is answered with a release by releasing the person's records (outcome)");
        HAVEN_CHECK(not_in_future(on, "the day it was closed", "on"));
        if (format_day(on) < r.received_on)
          return fail(ErrorKind::invalid_input, "the day it was closed cannot be before the request was received (on)");
        std::string sealed;
        if (how == RequestOutcome::refused) {
          HAVEN_CHECK(check_free_text(reason, "reason", "the reason for refusing", 2000));
          sealed = ws.keys().seal_secret(outcome_purpose(request_id), reason);
        }
        store::execute(ws.db(),
                       "UPDATE records_requests SET answered_on = :d, outcome = :o, outcome_reason = :r WHERE id = :i",
                       format_day(on), std::string(name_of(how)), sealed, request_id);
        r.answered_on = format_day(on);
        return true;
      });
}

Result<std::vector<RequestCase>> request_cases(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records));
  return store::guard_storage([&]() -> Result<std::vector<RequestCase>> {
    HAVEN_TRY(all, load(ws, c, "AND :i = ''", "", Reasons::sealed));
    std::ranges::sort(all, [](const RequestCase& a, const RequestCase& b) {
      if (a.open() != b.open()) return a.open();
      return a.open() ? a.due_on < b.due_on : a.answered_on > b.answered_on;
    });
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.id, "list_records_requests", "centre:" + c.id, "received_on,due_on,answered_on,party",
          std::string(permit.clause_id()), "allow"}}));
    return all;
  });
}

Result<RequestCase> request_case(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                 const std::string& request_id) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records, "records_request:" + request_id));
  return store::guard_storage([&]() -> Result<RequestCase> {
    HAVEN_TRY(found, load(ws, c, "AND r.id = :i", request_id, Reasons::opened));
    if (found.empty()) return fail(ErrorKind::not_found, "There is no such request for records.");
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.id, "view_records_request", "records_request:" + request_id,
          "received_on,due_on,answered_on,party,identity_checked_on,extension_reason,outcome_reason",
          std::string(permit.clause_id()), "allow"}}));
    return found.front();
  });
}

Result<std::optional<RequestCase>> newest_request_of(app::Workspace& ws, const app::Centre& c,
                                                     const std::string& person_id) {
  return store::guard_storage([&]() -> Result<std::optional<RequestCase>> {
    auto id = store::value<std::string>(ws.db(),
                                        "SELECT id FROM records_requests WHERE centre_id = :c AND person_id = :p "
                                        "ORDER BY CASE WHEN answered_on = '' THEN 0 ELSE 1 END, received_on DESC, "
                                        "id DESC LIMIT 1",
                                        c.id, person_id);
    if (!id) return std::optional<RequestCase>();
    HAVEN_TRY(found, load(ws, c, "AND r.id = :i", *id, Reasons::sealed));
    if (found.empty()) return std::optional<RequestCase>();
    return std::optional<RequestCase>(std::move(found.front()));
  });
}

}  // namespace haven::dataprotection
