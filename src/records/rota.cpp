#include "records/rota.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/family_rows.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::records {

namespace {

// 2026-11-28T10:00:00Z -> 20261128T100000Z
std::string ical_time(const std::string& utc) {
  std::string out;
  for (char ch : utc)
    if (ch != '-' && ch != ':') out += ch;
  return out;
}

// Escapes text for an iCalendar property value.
std::string ical_text(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out;
}

policy::Decision session_view(const app::Centre& c, const access::Staff& who, const std::string& family_id, policy::Item item) {
  return access::consider(c, access::view(c, who, item, family_id));
}

// `helper` taking a place on the rota of one of the family's sessions (clause 6).
policy::AccessRequest joining(const app::Centre& c, const access::Staff& helper, const std::string& family_id) {
  auto r = access::view(c, helper, policy::Item::session_times, family_id);
  r.action = policy::Action::join_rota;
  return r;
}

}  // namespace

std::vector<access::Staff> rota_candidates(app::Workspace& ws, const app::Centre& c, const std::string& family_id) {
  std::vector<access::Staff> out;
  for (auto& s : access::list_staff(ws, c.id))
    if (access::offered(c, joining(c, s, family_id))) out.push_back(std::move(s));
  return out;
}

Result<bool> assign_to_rota(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& session_id,
                            const std::string& handle) {
  auto helper = access::find_staff(ws, handle);
  if (!helper) return std::unexpected(helper.error());
  std::optional<std::string> found =
      store::value<std::string>(ws.db(),
                                "SELECT s.family_id FROM contact_sessions s JOIN families f ON f.id = s.family_id "
                                "WHERE s.id = :s AND f.centre_id = :c",
                                session_id, c.id);
  if (!found) return fail(ErrorKind::not_found, "no such session at this centre");
  std::string family_id = *found;
  // Whoever arranges the rota must be allowed to first; then the helper must be allowed on it (an
  // unvetted volunteer is not, clause 6). Both refusals are audited.
  HAVEN_CHECK(access::require(ws, c, access::record(c, by, policy::Item::session_times, family_id), {"assign_rota", "session:" + session_id}));
  HAVEN_CHECK(access::require(ws, c, joining(c, *helper, family_id), {"join_rota", "session:" + session_id}));
  return audited_write<bool>(ws, c, by, policy::Item::session_times, family_id, "assign_rota", "session:" + session_id,
                             "rota", [&]() -> Result<bool> {
                               int already = store::value<int>(ws.db(),
                                                               "SELECT COUNT(*) FROM rota WHERE session_id = :s AND "
                                                               "staff_id = :p",
                                                               session_id, helper->id)
                                                 .value_or(0);
                               if (already) return fail(ErrorKind::conflict, "already on the rota for that session");
                               if (!store::value<std::string>(
                                        ws.db(), "SELECT cancelled_at FROM contact_sessions WHERE id = :s", session_id)
                                        .value_or("")
                                        .empty())
                                 return fail(ErrorKind::conflict, "that session was cancelled");
                               std::string at = format_utc(now());
                               store::execute(ws.db(),
                                              "INSERT INTO rota (session_id, staff_id, assigned_by, assigned_at) "
                                              "VALUES (:s, :p, :b, :a)",
                                              session_id, helper->id, by.id, at);
                               return true;
                             });
}

Result<std::string> rota_calendar(app::Workspace& ws, const app::Centre& c, const access::Staff& who) {
  return store::guard_storage([&]() -> Result<std::string> {
    std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Haven//Rota//EN\r\nCALSCALE:GREGORIAN\r\n";
    // The sessions of this person's rota whose times they may see (a lapsed check shows none),
    // each with the first names a session needs when those are allowed (clause 1).
    DecidedPermits permit_for(
        [&](const std::string& family_id, policy::Item item) { return session_view(c, who, family_id, item); });
    HAVEN_TRY(sessions, centre_sessions(ws, c.id, {"", "", who.id, true}, std::ref(permit_for)));
    std::string stamp = ical_time(format_utc(now()));
    for (const auto& session : sessions) {
      const auto& [id, family_id, reference, starts, ends, room, on_rota, cancelled_at, cancel_reason, kind] = session;
      std::string names;
      const policy::Permit* first = permit_for(family_id, policy::Item::first_name);
      if (first) {
        auto key = ws.keys().family_cipher(family_id);
        if (key) {
          auto people = store::rows(ws.db(),
                                    "SELECT id, first_name FROM people WHERE "
                                    "family_id = :f ORDER BY party DESC, created_at",
                                    family_id);
          for (const auto& p : people) {
            auto name = key->open(*first, policy::Item::first_name, p.get<std::string>(0), p.get<std::string>(1));
            if (name && !name->empty()) names += (names.empty() ? "" : ", ") + *name;
          }
        }
      }
      out += "BEGIN:VEVENT\r\n";
      out += fmt::format("UID:{}@haven\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\n", id, stamp, ical_time(starts),
                         ical_time(ends));
      out += fmt::format("SUMMARY:{}\r\nLOCATION:{}\r\n",
                         ical_text((kind == "handover" ? "Handover" : "Contact session") +
                                   std::string(names.empty() ? "" : ": " + names)),
                         ical_text(room));
      out += "END:VEVENT\r\n";
    }
    out += "END:VCALENDAR\r\n";
    HAVEN_CHECK(ws.audit().append_committed({{c.id, who.id, "read_rota", "staff:" + who.id, "session_times,first_name",
                                              policy::cite(policy::Clause::no_disclosure), "allow"}}));
    return out;
  });
}

}  // namespace haven::records
