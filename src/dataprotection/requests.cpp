#include "dataprotection/requests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::dataprotection {

namespace {

using policy::Action;

std::string reason_purpose(const std::string& id) { return "request-extension|" + id; }

constexpr const char* case_columns =
    "SELECT r.id, f.reference, COALESCE(p.party, ''), r.received_how, r.received_on, r.identity_checked_on, "
    "r.due_on, r.answered_on, r.extended_months, r.extension_reason FROM records_requests r JOIN families f ON "
    "f.id = r.family_id LEFT JOIN people p ON p.id = r.person_id WHERE r.centre_id = :c AND f.disposed_at = '' ";

// The cases matching `where` (on :c and :i), with their pauses; the extension's reason opened.
Result<std::vector<RequestCase>> load(app::Workspace& ws, const app::Centre& c, const std::string& where,
                                      const std::string& id) {
  std::vector<RequestCase> out;
  for (const auto& row : store::rows(ws.db(), std::string(case_columns) + where, c.id, id)) {
    RequestCase r;
    r.id = row.get<std::string>(0);
    r.family_reference = row.get<std::string>(1);
    r.party = row.get<std::string>(2);
    r.how = parse_enum<ReceivedHow>(row.get<std::string>(3)).value_or(ReceivedHow::portal);
    r.received_on = row.get<std::string>(4);
    r.identity_checked_on = row.get<std::string>(5);
    r.due_on = row.get<std::string>(6);
    r.answered_on = row.get<std::string>(7);
    r.extended_months = static_cast<int>(row.get<int64_t>(8));
    if (const auto sealed = row.get<std::string>(9); !sealed.empty()) {
      HAVEN_TRY(reason, ws.keys().open_secret(reason_purpose(r.id), sealed));
      r.extension_reason = reason;
    }
    out.push_back(std::move(r));
  }
  std::map<std::string, RequestCase*> by_id;
  for (auto& r : out) by_id[r.id] = &r;
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT q.request_id, q.stopped_on, q.restarted_on, q.waiting_for FROM "
                                     "records_request_pauses q JOIN records_requests r ON r.id = q.request_id WHERE "
                                     "r.centre_id = :c ORDER BY q.stopped_on, q.id",
                                     c.id)) {
    auto it = by_id.find(row.get<std::string>(0));
    auto stopped = parse_day(row.get<std::string>(1));
    if (it == by_id.end() || !stopped) continue;
    Pause pause{*stopped, std::nullopt, parse_enum<WaitingFor>(row.get<std::string>(3)).value_or(WaitingFor::identity)};
    if (auto restarted = parse_day(row.get<std::string>(2))) pause.restarted = *restarted;
    it->second->pauses.push_back(pause);
  }
  return out;
}

// A change to one open request of the centre, decided and audited as `audit_action` about `fields`:
// `change` runs on the case as it stands, in the write's transaction, and the due day is then kept
// as the clock stands.
template <class Fn>
Result<bool> change_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                            const std::string& request_id, const std::string& audit_action, const std::string& fields,
                            Fn change) {
  HAVEN_TRY(permit, access::require(ws, c, by, Action::keep_data_protection_records, "records_request:" + request_id));
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    HAVEN_TRY(found, load(ws, c, "AND r.id = :i", request_id));
    if (found.empty()) return fail(ErrorKind::not_found, "no such request for records at this centre");
    auto& r = found.front();
    if (!r.answered_on.empty())
      return fail(ErrorKind::conflict, fmt::format("this request was answered on {}", day_in_words(r.answered_on)));
    HAVEN_CHECK(change(r));
    HAVEN_TRY(received, parse_day(r.received_on));
    store::execute(ws.db(), "UPDATE records_requests SET due_on = :d WHERE id = :i",
                   format_day(due_on(received, r.pauses, r.extended_months, london_today())), request_id);
    ws.audit().append({c.id, by.id, audit_action, "records_request:" + request_id, fields,
                       std::string(permit.clause_id()), "change"});
    tx.commit();
    return true;
  });
}

Result<bool> not_in_future(Day on, std::string_view what) {
  if (on > london_today()) return fail(ErrorKind::invalid_input, fmt::format("{} cannot be in the future", what));
  return true;
}

}  // namespace

Day due_on(Day received, const std::vector<Pause>& pauses, int extended_months, Day today) {
  Day due = add_months(received, 1 + extended_months);
  for (const auto& p : pauses) {
    Day until = p.restarted.value_or(today);
    if (until > p.stopped)
      due = Day{std::chrono::sys_days(due) + (std::chrono::sys_days(until) - std::chrono::sys_days(p.stopped))};
  }
  return due;
}

Result<std::string> record_request(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                   const NewRequest& n) {
  HAVEN_TRY(permit, access::require(ws, c, by, Action::keep_data_protection_records));
  if (n.how == ReceivedHow::portal)
    return fail(ErrorKind::invalid_input, "a request made in the portal is logged by the portal (how)");
  HAVEN_CHECK(not_in_future(n.received, "the day it was received"));
  std::string id = new_id("rrq");
  return store::guard_storage([&]() -> Result<std::string> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto family = store::value<std::string>(
        ws.db(), "SELECT id FROM families WHERE centre_id = :c AND reference = :r AND disposed_at = ''", c.id,
        n.family);
    if (!family) return fail(ErrorKind::invalid_input, "the family: no family at this centre has that reference");
    if (store::value<int>(ws.db(), "SELECT COUNT(*) FROM people WHERE id = :p AND family_id = :f", n.person, *family)
            .value_or(0) == 0)
      return fail(ErrorKind::invalid_input, "the person: choose one of the family's people");
    if (auto open = store::value<std::string>(
            ws.db(), "SELECT due_on FROM records_requests WHERE person_id = :p AND answered_on = '' LIMIT 1", n.person))
      return fail(
          ErrorKind::conflict,
          fmt::format("this person's records were already asked for; the answer is due by {}", day_in_words(*open)));
    store::execute(ws.db(),
                   "INSERT INTO records_requests (id, centre_id, family_id, person_id, received_on, due_on, "
                   "received_how) VALUES (:i, :c, :f, :p, :r, :d, :h)",
                   id, c.id, *family, n.person, format_day(n.received),
                   format_day(due_on(n.received, {}, 0, london_today())), std::string(name_of(n.how)));
    ws.audit().append({c.id, by.id, "record_records_request", "records_request:" + id, "received_on,received_how",
                       std::string(permit.clause_id()), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> identity_checked(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                              const std::string& request_id, Day on) {
  return change_request(
      ws, c, by, request_id, "check_requester_identity", "identity_checked_on", [&](RequestCase& r) -> Result<bool> {
        HAVEN_CHECK(not_in_future(on, "the day it was checked"));
        if (format_day(on) < r.received_on)
          return fail(ErrorKind::invalid_input, "the day it was checked cannot be before the request was received");
        store::execute(ws.db(), "UPDATE records_requests SET identity_checked_on = :d WHERE id = :i", format_day(on),
                       request_id);
        r.identity_checked_on = format_day(on);
        return true;
      });
}

Result<bool> stop_clock(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                        const std::string& request_id, Day on, WaitingFor what) {
  return change_request(
      ws, c, by, request_id, "stop_records_request_clock", "stopped_on,waiting_for",
      [&](RequestCase& r) -> Result<bool> {
        HAVEN_CHECK(not_in_future(on, "the day the clock stopped"));
        if (r.clock_stopped())
          return fail(ErrorKind::conflict,
                      fmt::format("the clock already stopped on {}", format_day_words(r.pauses.back().stopped)));
        std::string last = r.received_on;
        if (!r.pauses.empty() && r.pauses.back().restarted)
          last = std::max(last, format_day(*r.pauses.back().restarted));
        if (format_day(on) < last)
          return fail(ErrorKind::invalid_input, "the clock cannot stop before it was received or last restarted");
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
                          HAVEN_CHECK(not_in_future(on, "the day the clock restarted"));
                          if (!r.clock_stopped()) return fail(ErrorKind::conflict, "the clock is running");
                          if (on < r.pauses.back().stopped)
                            return fail(ErrorKind::invalid_input, "the clock cannot restart before it stopped");
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
        if (months < 1 || r.extended_months + months > 2)
          return fail(ErrorKind::invalid_input, fmt::format("the time can be extended by two months at most in all "
                                                            "(months); it is extended by {} already",
                                                            r.extended_months));
        if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
          return fail(ErrorKind::invalid_input, "give the reason for the extension (reason)");
        if (reason.size() > 2000) return fail(ErrorKind::invalid_input, "the reason must be at most 2000 characters");
        r.extended_months += months;
        store::execute(ws.db(),
                       "UPDATE records_requests SET extended_months = :m, extension_reason = :r "
                       "WHERE id = :i",
                       r.extended_months, ws.keys().seal_secret(reason_purpose(request_id), reason), request_id);
        return true;
      });
}

Result<std::vector<RequestCase>> request_cases(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records));
  return store::guard_storage([&]() -> Result<std::vector<RequestCase>> {
    HAVEN_TRY(all, load(ws, c, "AND :i = ''", ""));
    Day today = london_today();
    for (auto& r : all)
      if (auto received = parse_day(r.received_on); received && r.answered_on.empty())
        r.due_on = format_day(due_on(*received, r.pauses, r.extended_months, today));
    std::ranges::sort(all, [](const RequestCase& a, const RequestCase& b) {
      bool a_open = a.answered_on.empty(), b_open = b.answered_on.empty();
      if (a_open != b_open) return a_open;
      return a_open ? a.due_on < b.due_on : a.answered_on > b.answered_on;
    });
    HAVEN_CHECK(ws.audit().append_committed(
        {{c.id, as.id, "list_records_requests", "centre:" + c.id, "received_on,due_on,answered_on,party",
          std::string(permit.clause_id()), "allow"}}));
    return all;
  });
}

}  // namespace haven::dataprotection
