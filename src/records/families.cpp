#include "records/families.hpp"

#include <fmt/format.h>

#include <cctype>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/family_rows.hpp"
#include "records/rooms.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

using policy::Item;

// Family id of a row in a table that has a family_id column, or not_found.
// The family a row of `table` belongs to, provided that family is this centre's: an id from
// another centre is not found, whatever it names.
Result<std::string> family_of(app::Workspace& ws, const app::Centre& c, const char* table, const std::string& id,
                              const char* what) {
  return store::guard_storage([&]() -> Result<std::string> {
    std::optional<std::string> family_id =
        store::value<std::string>(ws.db(),
                                  fmt::format("SELECT t.family_id FROM {} t JOIN families f ON f.id = t.family_id "
                                              "WHERE t.id = :i AND f.centre_id = :c",
                                              table),
                                  id, c.id);
    if (!family_id) return fail(ErrorKind::not_found, fmt::format("no {} with id {} at this centre", what, id));
    return *family_id;
  });
}

// A family is at one session at a time: the time from the first planned arrival to the last
// planned departure of a new session (`arrive` to `leave`) must not meet that of any other
// session of the family, or staggered arrivals fail (a parent leaving one session would meet the
// other arriving for the next). The refusal names clause 4 where the parents must not meet.
// `moving`: a session being moved, which does not stand in its own way.
Result<bool> family_is_free(app::Workspace& ws, const std::string& family_id, Instant arrive, Instant leave,
                            bool parents_apart, const std::string& moving) {
  std::string from = format_utc(arrive), to = format_utc(leave);
  auto rows = store::rows(
      ws.db(),
      "SELECT b.arrive_at, b.leave_at FROM (SELECT COALESCE((SELECT MIN(NULLIF(a.planned_arrival, '')) FROM "
      "attendance a WHERE a.session_id = s.id), s.starts_at) AS arrive_at, COALESCE((SELECT "
      "MAX(NULLIF(a.planned_departure, '')) FROM attendance a WHERE a.session_id = s.id), s.ends_at) AS leave_at FROM "
      "contact_sessions s WHERE s.family_id = :f AND s.cancelled_at = '' AND s.id <> :m) b "
      "WHERE b.arrive_at < :t AND b.leave_at > :s ORDER BY b.arrive_at",
      family_id, moving, to, from);
  for (const auto& row : rows) {
    auto other_from = parse_utc(row.get<std::string>(0)), other_to = parse_utc(row.get<std::string>(1));
    std::string when = other_from && other_to
                           ? fmt::format(" on {} from {} to {}", format_london_day_words(*other_from),
                                         format_london_time(*other_from), format_london_time(*other_to))
                           : std::string();
    std::string message = fmt::format("this family already has a session{} (arrivals and departures included): a "
                                      "family's sessions may not overlap",
                                      when);
    if (!parents_apart) return fail(ErrorKind::conflict, message);
    return fail(ErrorKind::conflict, message + ", so that parents who must not meet never cross",
                policy::Clause::contact_details_sealed);
  }
  return true;
}

}  // namespace

Result<FamilyRef> create_family(app::Workspace& ws, const app::Centre& c, const access::Staff& by, bool must_not_meet) {
  FamilyRef ref{new_id("fam"), "", ""};
  // The key is made first: a failed insert leaves an unused key, never a family without one.
  auto decision = access::consider(c, access::record(c, by, Item::referral_details, ref.id));
  if (decision.allowed()) {
    auto key = ws.keys().create_family_cipher(ref.id);
    if (!key) return std::unexpected(key.error());
  }
  return audited_write<FamilyRef>(ws, c, by, Item::referral_details, ref.id, "create_family", "family:" + ref.id,
                                  "must_not_meet", [&]() -> Result<FamilyRef> {
    // The centre's next number, under the write lock audited_write holds.
    store::execute(ws.db(),
                   "INSERT INTO family_numbers (centre_id, last) VALUES (:c, 1) "
                   "ON CONFLICT (centre_id) DO UPDATE SET last = family_numbers.last + 1",
                   c.id);
    long long number =
        store::value<long long>(ws.db(), "SELECT last FROM family_numbers WHERE centre_id = :c", c.id).value_or(0);
    ref.reference = fmt::format("F{:04}", number);
    int flag = must_not_meet ? 1 : 0;
    std::string at = format_utc(now());
    store::execute(ws.db(),
                   "INSERT INTO families (id, centre_id, reference, must_not_meet, created_at, last_used_at) "
                   "VALUES (:i, :c, :r, :m, :a, :a2)",
                   ref.id, c.id, ref.reference, flag, at, at);
    return ref;
  });
}

Result<bool> mark_must_not_meet(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& family_id) {
  return audited_write<bool>(ws, c, by, Item::must_not_meet, family_id, "mark_must_not_meet", "family:" + family_id,
                             "must_not_meet", [&]() -> Result<bool> {
                               store::execute(ws.db(), "UPDATE families SET must_not_meet = 1 WHERE id = :f",
                                              family_id);
                               return true;
                             });
}

std::string email_index(app::Workspace& ws, const std::string& centre_id, std::string_view email) {
  std::string folded;
  for (char ch : email)
    if (!std::isspace(static_cast<unsigned char>(ch)))
      folded += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (folded.empty()) return {};
  return crypto::blind_index(ws.keys().index_key(), centre_id, "email " + folded);
}

Result<std::string> add_person(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& family_id, const NewPerson& p) {
  if (p.first_name.empty()) return fail(ErrorKind::invalid_input, "a person needs a first name");
  if (p.party == Party::child && !parse_day(p.date_of_birth))
    return fail(ErrorKind::invalid_input, "a child needs a date of birth written as YYYY-MM-DD");
  if (!p.date_of_birth.empty() && !parse_day(p.date_of_birth))
    return fail(ErrorKind::invalid_input, "a date of birth is written as YYYY-MM-DD");
  auto key = cipher_for_new_record(ws, family_id);
  if (!key) return std::unexpected(key.error());
  std::string id = new_id("per");
  return audited_write<std::string>(
      ws, c, by, Item::first_name, family_id, "add_person", "person:" + id,
      "party,first_name,surname,date_of_birth,address,phone,email", [&]() -> Result<std::string> {
        auto seal = [&](Item item, const std::string& value) {
          return key->seal(item, id, value).ciphertext();
        };
        std::string party(name_of(p.party)),
            first = seal(Item::first_name, p.first_name), surname = seal(Item::surname, p.surname),
            dob = seal(Item::date_of_birth, p.date_of_birth), address = seal(Item::address, p.address),
            phone = seal(Item::phone, p.phone), email = seal(Item::email, p.email), at = format_utc(now()),
            index = crypto::blind_index(ws.keys().index_key(), c.id, p.first_name + " " + p.surname),
            found_by = p.party == Party::child ? std::string() : email_index(ws, c.id, p.email);
        store::execute(ws.db(),
                       "INSERT INTO people (id, family_id, party, first_name, "
                       "surname, date_of_birth, address, "
                       "phone, email, name_index, email_index, created_at) "
                       "VALUES (:i, :f, :p, :fn, :sn, :d, :ad, "
                       ":ph, :em, :ix, :ei, :a)",
                       id, family_id, party, first, surname, dob, address, phone, email, index, found_by, at);
        return id;
      });
}

Result<std::string> named_parent(app::Workspace& ws, const app::Centre& c, const std::string& family_id, Party party,
                                 const std::string& first_name, const std::string& surname) {
  std::string full = crypto::blind_index(ws.keys().index_key(), c.id, first_name + " " + surname),
              first_only = crypto::blind_index(ws.keys().index_key(), c.id, first_name + " ");
  return store::guard_storage([&]() -> Result<std::string> {
    return store::value<std::string>(ws.db(),
                                     "SELECT id FROM people WHERE family_id = :f AND party = :p AND address = '' AND "
                                     "phone = '' AND email = '' AND (name_index = :a OR name_index = :b) "
                                     "ORDER BY created_at LIMIT 1",
                                     family_id, std::string(name_of(party)), full, first_only)
        .value_or("");
  });
}

Result<bool> complete_person(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                             const std::string& family_id, const std::string& person_id, const NewPerson& p) {
  auto key = cipher_for_new_record(ws, family_id);
  if (!key) return std::unexpected(key.error());
  return audited_write<bool>(
      ws, c, by, Item::first_name, family_id, "complete_person", "person:" + person_id, "surname,address,phone,email",
      [&]() -> Result<bool> {
        auto row = store::first_row(
            ws.db(), "SELECT surname, address, phone, email FROM people WHERE id = :i AND family_id = :f", person_id,
            family_id);
        if (!row) return fail(ErrorKind::not_found, "no such person in this family");
        const std::pair<const char*, std::pair<Item, const std::string*>> fields[] = {
            {"surname", {Item::surname, &p.surname}},
            {"address", {Item::address, &p.address}},
            {"phone", {Item::phone, &p.phone}},
            {"email", {Item::email, &p.email}}};
        int column = 0;
        for (const auto& [name, what] : fields) {
          const auto& [item, value] = what;
          bool empty = row->get<std::string>(column++).empty();
          if (!empty || value->empty()) continue;
          store::execute(ws.db(), fmt::format("UPDATE people SET {} = :v WHERE id = :i", name),
                         key->seal(item, person_id, *value).ciphertext(), person_id);
          if (item == Item::email)
            store::execute(ws.db(), "UPDATE people SET email_index = :x WHERE id = :i", email_index(ws, c.id, *value),
                           person_id);
          if (item == Item::surname)
            store::execute(ws.db(), "UPDATE people SET name_index = :x WHERE id = :i",
                           crypto::blind_index(ws.keys().index_key(), c.id, p.first_name + " " + *value), person_id);
        }
        return true;
      });
}

Result<std::string> add_referral(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                 const std::string& family_id, const NewReferral& r) {
  if (!parse_day(r.referred_on)) return fail(ErrorKind::invalid_input, "a referral date is written as YYYY-MM-DD");
  if (!r.acting_for.empty()) {
    auto owner = family_of(ws, c, "people", r.acting_for, "person");
    if (!owner) return std::unexpected(owner.error());
    if (*owner != family_id) return fail(ErrorKind::invalid_input, "the referrer must act for a parent of this family");
  }
  auto key = cipher_for_new_record(ws, family_id);
  if (!key) return std::unexpected(key.error());
  std::string id = new_id("ref");
  return audited_write<std::string>(
      ws, c, by, Item::referral_details, family_id, "add_referral", "referral:" + id,
      "agency_kind,referrer_name,acting_for,referred_on", [&]() -> Result<std::string> {
        std::string agency(name_of(r.agency)), at = format_utc(now()),
            name = key->seal(Item::referral_details, id, r.referrer_name).ciphertext();
        std::optional<std::string> acting =
            r.acting_for.empty() ? std::nullopt : std::optional<std::string>(r.acting_for);
        store::execute(ws.db(),
                       "INSERT INTO referrals (id, family_id, agency_kind, referrer_name, acting_for, referred_on, "
                       "created_at) VALUES (:i, :f, :k, :n, :p, :d, :a)",
                       id, family_id, agency, name, acting, r.referred_on, at);
        return id;
      });
}

namespace {

// A session's times, checked: London wall-clock times, an end after the start, a room, a gap.
struct SessionTimes {
  Instant starts, ends;
};
Result<SessionTimes> checked_times(const NewSession& s) {
  auto starts = parse_london(s.starts);
  if (!starts) return std::unexpected(starts.error());
  auto ends = parse_london(s.ends);
  if (!ends) return std::unexpected(ends.error());
  if (*ends <= *starts) return fail(ErrorKind::invalid_input, "a session must end after it starts");
  if (s.room.empty()) return fail(ErrorKind::invalid_input, "a session needs a room");
  if (s.gap_minutes < 5 || s.gap_minutes > 60)
    return fail(ErrorKind::invalid_input, "the gap between the parents' arrivals is 5 to 60 minutes");
  return SessionTimes{*starts, *ends};
}

// Inside the write: takes the room and the family's time for session `id` (new, or being moved),
// and plans each person's arrival and departure: staggered by the gap when the parents must not
// meet, the resident parent and the children first in and last out.
Result<bool> place_session(app::Workspace& ws, const app::Centre& c, const std::string& family_id,
                           const std::string& id, const NewSession& s, const SessionTimes& t, bool moving) {
  std::string from = format_utc(t.starts), to = format_utc(t.ends);
  std::string self = moving ? id : std::string();
  SessionKind kind = s.kind;
  if (moving)
    kind = parse_enum<SessionKind>(
               store::value<std::string>(ws.db(), "SELECT kind FROM contact_sessions WHERE id = :i", id).value_or(""))
               .value_or(SessionKind::supported);
  int apart = store::value<int>(ws.db(), "SELECT must_not_meet FROM families WHERE id = :f", family_id).value_or(0);
  auto gap = std::chrono::minutes{apart ? s.gap_minutes : 0};
  for (const auto& use : room_uses(kind, t.starts, t.ends, gap))
    if (room_taken(ws, c, s.room, use, self))
      return fail(ErrorKind::conflict, fmt::format("{} is already booked at that time", s.room));
  HAVEN_CHECK(family_is_free(ws, family_id, t.starts - gap, t.ends + gap, apart != 0, self));
  if (moving) {
    store::execute(ws.db(), "UPDATE contact_sessions SET starts_at = :s, ends_at = :e, room = :r WHERE id = :i", from,
                   to, s.room, id);
    store::execute(ws.db(), "DELETE FROM attendance WHERE session_id = :s", id);  // all still expected
  } else {
    store::execute(ws.db(),
                   "INSERT INTO contact_sessions (id, family_id, starts_at, ends_at, room, kind, created_at) "
                   "VALUES (:i, :f, :s, :e, :r, :k, :a)",
                   id, family_id, from, to, s.room, std::string(name_of(kind)), format_utc(now()));
  }
  std::vector<std::pair<std::string, std::string>> people;  // id, party
  for (const auto& row : store::rows(ws.db(), "SELECT id, party FROM people WHERE family_id = :f", family_id))
    people.emplace_back(row.get<std::string>(0), row.get<std::string>(1));
  for (const auto& [person, party] : people) {
    auto early = party != "non_resident_parent" ? gap : std::chrono::minutes{0};
    store::execute(ws.db(),
                   "INSERT INTO attendance (session_id, person_id, status, arrived_at, left_at, "
                   "planned_arrival, planned_departure) VALUES (:s, :p, 'expected', '', '', :pa, :pd)",
                   id, person, format_utc(t.starts - early), format_utc(t.ends + early));
  }
  return true;
}

// Refuses a change to a session that was cancelled or that anyone has attended.
Result<bool> still_to_come(app::Workspace& ws, const std::string& session_id, std::string_view what) {
  auto cancelled =
      store::value<std::string>(ws.db(), "SELECT cancelled_at FROM contact_sessions WHERE id = :s", session_id)
          .value_or("");
  if (auto at = parse_utc(cancelled); at)
    return fail(ErrorKind::conflict,
                fmt::format("this session was already cancelled on {}", format_london_day_words(*at)));
  long long attended =
      store::value<long long>(ws.db(), "SELECT COUNT(*) FROM attendance WHERE session_id = :s AND status <> 'expected'",
                              session_id)
          .value_or(0);
  if (attended > 0)
    return fail(ErrorKind::conflict, fmt::format("attendance is recorded at this session, so it took place: {}", what));
  return true;
}

}  // namespace

Result<std::string> schedule_session(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                     const std::string& family_id, const NewSession& s) {
  HAVEN_TRY(times, checked_times(s));
  std::string id = new_id("ses");
  return audited_write<std::string>(ws, c, by, Item::session_times, family_id, "schedule_session", "session:" + id,
                                    "starts_at,ends_at,room,kind", [&]() -> Result<std::string> {
                                      HAVEN_CHECK(place_session(ws, c, family_id, id, s, times, false));
                                      return id;
                                    });
}

Result<bool> move_session(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                          const std::string& session_id, const NewSession& s) {
  HAVEN_TRY(times, checked_times(s));
  auto family_id = family_of(ws, c, "contact_sessions", session_id, "session");
  if (!family_id) return std::unexpected(family_id.error());
  return audited_write<bool>(ws, c, by, Item::session_times, *family_id, "move_session", "session:" + session_id,
                             "starts_at,ends_at,room", [&]() -> Result<bool> {
                               HAVEN_CHECK(still_to_come(ws, session_id, "it cannot be moved"));
                               return place_session(ws, c, *family_id, session_id, s, times, true);
                             });
}

bool attendance_open_on(Day day) { return london_today() >= day; }

namespace {

// An arrival, departure or no-show as asked: its status, and its time unless a no-show.
struct Mark {
  std::string status;
  std::optional<Instant> when;
};
Result<Mark> checked_mark(const std::string& status, const std::string& at) {
  if (status != "arrived" && status != "left" && status != "no_show")
    return fail(ErrorKind::invalid_input, "attendance is one of: arrived, left, no_show");
  Mark m{status, std::nullopt};
  if (status != "no_show") {
    auto t = parse_london(at);
    if (!t) return std::unexpected(t.error());
    m.when = *t;
  }
  return m;
}

// Inside the write: refuses a mark at a session that was cancelled or whose day has not come, or a
// time on another day.
Result<bool> session_takes(app::Workspace& ws, const std::string& session_id, const Mark& m) {
  // Read under the permit: the session's day is the family's to know.
  auto session =
      store::first_row(ws.db(), "SELECT starts_at, cancelled_at FROM contact_sessions WHERE id = :s", session_id);
  if (!session) return fail(ErrorKind::not_found, "no such session");
  if (!session->get<std::string>(1).empty())
    return fail(ErrorKind::conflict, "this session was cancelled: no attendance is recorded at it");
  auto starts = parse_utc(session->get<std::string>(0));
  if (!starts) return std::unexpected(starts.error());
  const Day day = london_day_of(*starts);
  if (!attendance_open_on(day))
    return fail(ErrorKind::invalid_input, fmt::format("attendance at the session of {} can be recorded from that "
                                                      "day, not before",
                                                      format_day_words(day)));
  if (m.when && london_day_of(*m.when) != day)
    return fail(ErrorKind::invalid_input, fmt::format("the time of an arrival or a departure falls on the day of "
                                                      "its session, {}",
                                                      format_day_words(day)));
  // A family whose case is kept in Haven comes to sessions once its contact has begun: not while
  // it waits for a place or is in intake. (A family brought from paper, with no steps, is not held.)
  long long before_contact =
      store::value<long long>(ws.db(),
                              "SELECT COUNT(*) FROM journey_steps j JOIN contact_sessions s ON s.family_id = "
                              "j.family_id WHERE s.id = :s AND j.step IN ('waiting_list', 'place_offered') AND NOT "
                              "EXISTS (SELECT 1 FROM journey_steps k WHERE k.family_id = j.family_id AND k.step IN "
                              "('contact_begun', 'closed'))",
                              session_id)
          .value_or(0);
  if (before_contact > 0)
    return fail(ErrorKind::conflict,
                "this family's contact has not begun: record the start of contact on its case once intake is complete");
  return true;
}

// Inside the write: sets the mark on the person's attendance row.
void set_mark(app::Workspace& ws, const std::string& session_id, const std::string& person_id, const Mark& m) {
  const char* column = m.status == "left" ? "left_at" : "arrived_at";
  store::execute(
      ws.db(),
      fmt::format("UPDATE attendance SET status = :st, {} = :t WHERE session_id = :s AND person_id = :p", column),
      m.status, m.when ? format_utc(*m.when) : std::string(), session_id, person_id);
}

}  // namespace

Result<bool> record_attendance(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& session_id, const std::string& person_id, const std::string& status,
                               const std::string& at, std::optional<NoShowReason> why) {
  HAVEN_TRY(mark, checked_mark(status, at));
  if (why && status != "no_show")
    return fail(ErrorKind::invalid_input, "reason: only someone who did not come has a reason for it");
  if (!why && status == "no_show")
    return fail(ErrorKind::invalid_input,
                fmt::format("reason: say why they did not come, one of: {}", allowed_names<NoShowReason>()));
  auto family_id = family_of(ws, c, "contact_sessions", session_id, "session");
  if (!family_id) return std::unexpected(family_id.error());
  return audited_write<bool>(
      ws, c, access::record_at_session(c, by, Item::attendance_times, *family_id, session_id), "record_attendance",
      "session:" + session_id, "attendance." + status + (why ? ",no_show_reason" : ""), [&]() -> Result<bool> {
        HAVEN_CHECK(session_takes(ws, session_id, mark));
        int rows = store::value<int>(ws.db(),
                                     "SELECT COUNT(*) FROM attendance WHERE session_id = :s AND person_id = :p",
                                     session_id, person_id)
                       .value_or(0);
        if (!rows) return fail(ErrorKind::not_found, "that person is not expected at that session");
        set_mark(ws, session_id, person_id, mark);
        store::execute(ws.db(), "UPDATE attendance SET no_show_reason = :r WHERE session_id = :s AND person_id = :p",
                       why ? std::string(name_of(*why)) : std::string(), session_id, person_id);
        return true;
      });
}

Result<bool> correct_attendance(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& session_id, const std::string& person_id, const std::string& status,
                                const std::string& at, AmendReason reason) {
  HAVEN_TRY(mark, checked_mark(status, at));
  auto family_id = family_of(ws, c, "contact_sessions", session_id, "session");
  if (!family_id) return std::unexpected(family_id.error());
  std::string id = new_id("amd");
  return audited_write<bool>(
      ws, c, access::record_at_session(c, by, Item::attendance_times, *family_id, session_id), "correct_attendance",
      "session:" + session_id, "attendance." + status + ",reason", [&]() -> Result<bool> {
        HAVEN_CHECK(session_takes(ws, session_id, mark));
        auto was = store::first_row(ws.db(),
                                    "SELECT status, arrived_at, left_at FROM attendance WHERE session_id = :s AND "
                                    "person_id = :p",
                                    session_id, person_id);
        if (!was) return fail(ErrorKind::not_found, "that person is not expected at that session");
        std::string was_status = was->get<std::string>(0), was_arrived = was->get<std::string>(1),
                    was_left = was->get<std::string>(2);
        if (was_status == "expected")
          return fail(ErrorKind::conflict, "nothing is recorded for them at this session yet: record it instead");
        std::string new_time = mark.when ? format_utc(*mark.when) : std::string();
        const std::string& old_time = status == "left" ? was_left : was_arrived;
        if (status == was_status && new_time == old_time)
          return fail(ErrorKind::conflict, "that is what is recorded already");
        store::execute(ws.db(),
                       "INSERT INTO attendance_amendments (id, session_id, person_id, was_status, was_arrived_at, "
                       "was_left_at, reason, amended_by, amended_at) VALUES (:i, :s, :p, :st, :ar, :le, :r, :b, :a)",
                       id, session_id, person_id, was_status, was_arrived, was_left, std::string(name_of(reason)),
                       by.id, format_utc(now()));
        if (status == "no_show")  // nobody came: the times recorded go, kept in the amendment
          store::execute(ws.db(),
                         "UPDATE attendance SET arrived_at = '', left_at = '' WHERE session_id = :s AND person_id = :p",
                         session_id, person_id);
        else  // they came after all: a reason for not coming no longer stands
          store::execute(ws.db(), "UPDATE attendance SET no_show_reason = '' WHERE session_id = :s AND person_id = :p",
                         session_id, person_id);
        set_mark(ws, session_id, person_id, mark);
        return true;
      });
}

Result<bool> cancel_session(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                            const std::string& session_id, CancelReason reason) {
  auto family_id = family_of(ws, c, "contact_sessions", session_id, "session");
  if (!family_id) return std::unexpected(family_id.error());
  return audited_write<bool>(
      ws, c, by, Item::session_times, *family_id, "cancel_session", "session:" + session_id,
      "cancelled_at,cancel_reason", [&]() -> Result<bool> {
        HAVEN_CHECK(still_to_come(ws, session_id, "record who did not come instead"));
        store::execute(ws.db(),
                       "UPDATE contact_sessions SET cancelled_at = :a, cancelled_by = :b, cancel_reason = :r "
                       "WHERE id = :s",
                       format_utc(now()), by.id, std::string(name_of(reason)), session_id);
        return true;
      });
}

Result<std::string> add_session_note(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                     const std::string& session_id, const std::string& body) {
  if (body.empty()) return fail(ErrorKind::invalid_input, "a note cannot be empty");
  auto family_id = family_of(ws, c, "contact_sessions", session_id, "session");
  if (!family_id) return std::unexpected(family_id.error());
  auto key = cipher_for_new_record(ws, *family_id);
  if (!key) return std::unexpected(key.error());
  std::string id = new_id("not");
  return audited_write<std::string>(
      ws, c, by, Item::session_note, *family_id, "add_session_note", "note:" + id, "body",
      [&]() -> Result<std::string> {
        std::string sealed = key->seal(Item::session_note, id, body).ciphertext(),
                    at = format_utc(now());
        store::execute(ws.db(),
                       "INSERT INTO session_notes (id, session_id, family_id, author_id, body, created_at) "
                       "VALUES (:i, :s, :f, :a, :b, :t)",
                       id, session_id, *family_id, by.id, sealed, at);
        return id;
      });
}

Result<int> count_families(app::Workspace& ws, const std::string& centre_id) {
  return store::guard_storage([&]() -> Result<int> {
    return static_cast<int>(
        store::value<long long>(ws.db(), "SELECT COUNT(*) FROM families WHERE centre_id = :c", centre_id).value_or(0));
  });
}

Result<FamilyRef> find_family(app::Workspace& ws, const app::Centre& c, const std::string& reference_or_id) {
  HAVEN_TRY(row, find_family_row(ws, c.id, reference_or_id));
  return FamilyRef{row.id, row.reference, row.disposed_on};
}

}  // namespace haven::records
