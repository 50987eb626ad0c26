#include "incidents/incidents.hpp"

#include <fmt/format.h>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::incidents {

namespace {

std::string resource_of(const app::Centre& c, const std::string& family_id) {
  return family_id.empty() ? "centre:" + c.id : "family:" + family_id;
}

}  // namespace

Result<std::string> record_accident(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                    const NewAccident& a) {
  auto when = parse_london(a.happened_at);
  if (!when) return std::unexpected(when.error());
  if (*when > now()) return fail(ErrorKind::invalid_input, "an accident is recorded after it happens");
  if (a.place.empty() || a.account.empty())
    return fail(ErrorKind::invalid_input, "say where it happened and what happened");
  std::string family_id;
  if (!a.family_ref.empty()) {
    auto family = records::find_family(ws, c, a.family_ref);
    if (!family) return std::unexpected(family.error());
    family_id = family->id;
  }
  auto decision = access::require(ws, c, access::record(c, by, policy::Item::accident_record, family_id), {"record_accident", resource_of(c, family_id)});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::string> {
    std::string id = new_id("acc"), at = format_utc(now()), happened = format_utc(*when),
                sealed = ws.keys().seal_secret("accident|" + id, a.account);
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO accidents (id, centre_id, happened_at, place, account, family_id, recorded_by, "
                   "recorded_at) VALUES (:i, :c, :h, :p, :a, :f, :b, :t)",
                   id, c.id, happened, a.place, sealed, family_id, by.id, at);
    ws.audit().append({c.id, by.id, "record_accident", "accident:" + id, "account",
             policy::cite(policy::Clause::retention), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> open_accident_book(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  HAVEN_CHECK(access::require(ws, c, access::record(c, by, policy::Item::accident_record, ""),
                              {"open_accident_book", resource_of(c, "")}));
  return true;
}

Result<std::vector<AccidentEntry>> accident_book(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  auto decision = access::require(ws, c, access::view(c, by, policy::Item::accident_record, ""), {"read_accident_book", resource_of(c, "")});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<AccidentEntry>> {
    std::vector<AccidentEntry> out;
    auto rows = store::rows(ws.db(),
                            "SELECT a.id, a.happened_at, a.place, a.account, COALESCE(f.reference, ''), s.handle "
                            "FROM accidents a JOIN staff s ON s.id = a.recorded_by LEFT JOIN families f ON "
                            "f.id = a.family_id WHERE a.centre_id = :c ORDER BY a.happened_at",
                            c.id);
    for (const auto& row : rows) {
      auto id = row.get<std::string>(0);
      auto account = ws.keys().open_secret("accident|" + id, row.get<std::string>(3));
      if (!account) return std::unexpected(account.error());
      auto t = parse_utc(row.get<std::string>(1));
      out.push_back({id, t ? format_london(*t) : "", row.get<std::string>(2), *account, row.get<std::string>(4),
                     row.get<std::string>(5)});
    }
    HAVEN_CHECK(ws.audit().append_committed({{c.id, by.id, "read_accident_book", "centre:" + c.id, "account",
                                              std::string(decision->clause_id()), "allow"}}));
    return out;
  });
}

Result<std::vector<ConcernEntry>> concerns(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const std::string& family_ref) {
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  auto decision = access::require(ws, c, access::view(c, by, policy::Item::concern_record, family->id), {"read_concerns", resource_of(c, family->id)});
  if (!decision) return std::unexpected(decision.error());
  auto key = ws.keys().family_cipher(family->id);
  if (!key) return std::unexpected(key.error());
  return store::guard_storage([&]() -> Result<std::vector<ConcernEntry>> {
    std::vector<ConcernEntry> out;
    auto rows = store::rows(ws.db(),
                            "SELECT c.id, c.kind, c.summary, s.handle, c.recorded_at FROM concerns c JOIN staff s "
                            "ON s.id = c.recorded_by WHERE c.family_id = :f ORDER BY c.recorded_at",
                            family->id);
    for (const auto& row : rows) {
      auto id = row.get<std::string>(0);
      auto summary = key->open(*decision, policy::Item::concern_record, id, row.get<std::string>(2));
      if (!summary) return std::unexpected(summary.error());
      out.push_back({id, row.get<std::string>(1), *summary, row.get<std::string>(3), row.get<std::string>(4)});
    }
    // Read now: none of them is new to this reader any more.
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO concern_reads (concern_id, staff_id, read_at) SELECT c.id, :s, :a FROM concerns c "
                   "WHERE c.family_id = :f AND NOT EXISTS (SELECT 1 FROM concern_reads r WHERE r.concern_id = c.id "
                   "AND r.staff_id = :s2)",
                   by.id, format_utc(now()), family->id, by.id);
    ws.audit().append({c.id, by.id, "read_concerns", "family:" + family->id, "concern_record",
                       std::string(decision->clause_id()), "allow"});
    tx.commit();
    return out;
  });
}

Result<std::vector<UnreadConcern>> unread_concerns(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  auto decision = access::require(ws, c, access::view(c, by, policy::Item::concern_record, "*"),
                                  {"list_unread_concerns", "centre:" + c.id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<UnreadConcern>> {
    std::vector<UnreadConcern> out;
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT f.reference, c.kind, c.recorded_at FROM concerns c JOIN families f ON "
                                       "f.id = c.family_id WHERE c.centre_id = :c AND NOT EXISTS (SELECT 1 FROM "
                                       "concern_reads r WHERE r.concern_id = c.id AND r.staff_id = :s) "
                                       "ORDER BY c.recorded_at, c.id",
                                       c.id, by.id))
      out.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)});
    HAVEN_CHECK(
        ws.audit().append_committed({{c.id, by.id, "list_unread_concerns", "centre:" + c.id,
                                      "reference,kind,recorded_at", std::string(decision->clause_id()), "allow"}}));
    return out;
  });
}

}  // namespace haven::incidents
