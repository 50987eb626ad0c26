#include "governance/lifecycle.hpp"

#include <fmt/format.h>

#include <sstream>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "policy/render.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::governance {

using namespace haven::policy;  // the lifecycle speaks the policy's vocabulary throughout

namespace {

Result<std::string> stored_toml(app::Workspace& ws, const app::Centre& c, const std::string& version) {
  std::optional<std::string> toml = store::value<std::string>(
      ws.db(), "SELECT preset_toml FROM policy_versions WHERE centre_id = :c AND version = :v", c.id, version);
  if (!toml) return fail(ErrorKind::not_found, fmt::format("no policy version {} at this centre", version));
  return *toml;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Line diff by longest common subsequence: "  " kept, "- " removed, "+ " added.
std::vector<std::string> line_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<std::string> out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out.push_back("  " + a[i++]);
      ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push_back("+ " + b[j++]);
    } else {
      out.push_back("- " + a[i++]);
    }
  }
  return out;
}

}  // namespace

namespace {

// The preset to adopt, checked: the same centre's preset, a version not used before, and a
// history that keeps every earlier version. Decided as adopt_policy; a refusal is audited.
Result<policy::Preset> checked_for_adoption(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                            std::string_view preset_toml, std::string_view source_name) {
  auto preset = parse_preset(preset_toml, source_name);
  if (!preset) return std::unexpected(preset.error());
  if (preset->id != c.preset.id)
    return fail(ErrorKind::invalid_input,
                fmt::format("this is the '{}' preset; the centre runs '{}'", preset->id, c.preset.id));
  auto decision = access::require(ws, c, by, Action::adopt_policy);
  if (!decision) return std::unexpected(decision.error());
  auto known = versions(ws, c);
  if (!known) return std::unexpected(known.error());
  for (const auto& v : *known) {
    if (v.version == preset->version)
      return fail(ErrorKind::conflict, fmt::format("version {} was adopted already; give the new one its own", v.version));
    bool listed = false;
    for (const auto& h : preset->history) listed = listed || h.version == v.version;
    if (!listed)
      return fail(ErrorKind::invalid_input,
                  fmt::format("[[policy.history]] must keep every earlier version; {} is missing", v.version));
  }
  return preset;
}

}  // namespace

Result<Adoption> preview_adoption(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  std::string_view preset_toml, std::string_view source_name) {
  HAVEN_TRY(preset, checked_for_adoption(ws, c, by, preset_toml, source_name));
  return Adoption{preset.version, line_diff(lines_of(render_markdown(c.preset)), lines_of(render_markdown(preset)))};
}

Result<bool> begin_adoption(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  HAVEN_CHECK(
      access::require(ws, c, access::centre_action(c, by, Action::adopt_policy), {"open_adoption", "centre:" + c.id}));
  return true;
}

Result<std::string> adopt_version(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  std::string_view preset_toml, std::string_view source_name) {
  HAVEN_TRY(preset, checked_for_adoption(ws, c, by, preset_toml, source_name));
  return store::guard_storage([&]() -> Result<std::string> {
    std::string at = format_utc(now()), toml(preset_toml);
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO policy_versions (centre_id, version, preset_toml, adopted_at) VALUES (:c, :v, :t, :a)",
                   c.id, preset.version, toml, at);
    store::execute(ws.db(), "UPDATE centres SET policy_version = :v WHERE id = :c", preset.version, c.id);
    ws.audit().append({c.id, by.id, "adopt_policy", "centre:" + c.id, "version " + preset.version,
                       policy::cite(policy::Clause::yearly_review), "change"});
    tx.commit();
    return preset.version;
  });
}

Result<std::vector<VersionRecord>> versions(app::Workspace& ws, const app::Centre& c) {
  return store::guard_storage([&]() -> Result<std::vector<VersionRecord>> {
    std::vector<VersionRecord> out;
    auto rows = store::rows(ws.db(),
                            "SELECT version, adopted_at FROM policy_versions WHERE "
                            "centre_id = :c ORDER BY adopted_at, version",
                            c.id);
    for (const auto& row : rows) out.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    return out;
  });
}

Result<std::vector<std::string>> diff(app::Workspace& ws, const app::Centre& c, const std::string& from,
                                      const std::string& to) {
  return store::guard_storage([&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> texts;
    for (const auto* v : {&from, &to}) {
      auto toml = stored_toml(ws, c, *v);
      if (!toml) return std::unexpected(toml.error());
      auto preset = parse_preset(*toml, "version " + *v);
      if (!preset) return std::unexpected(preset.error());
      texts.push_back(render_markdown(*preset));
    }
    return line_diff(lines_of(texts[0]), lines_of(texts[1]));
  });
}

namespace {

// Whether this subject's acknowledgement of the version in force is on record.
bool acknowledged(app::Workspace& ws, const app::Centre& c, const std::string& subject_kind,
                  const std::string& subject) {
  long long found = store::value<long long>(ws.db(),
                                            "SELECT COUNT(*) FROM policy_acknowledgements WHERE centre_id = :c AND "
                                            "version = :v AND subject_kind = :k AND subject_id = :s",
                                            c.id, c.preset.version, subject_kind, subject)
                        .value_or(0);
  return found > 0;
}

// Records `a` for the stored subject id; a conflict when this version's is already on record.
Result<std::string> insert_acknowledgement(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                           const Acknowledgement& a, const std::string& subject) {
  std::string id = new_id("ack"), audience(name_of(a.audience));
  store::WriteTransaction tx(ws.db(), c.id);
  if (acknowledged(ws, c, a.subject_kind, subject)) return fail(ErrorKind::conflict, "this acknowledgement of the current version is already recorded");
  store::execute(ws.db(),
                 "INSERT INTO policy_acknowledgements (id, centre_id, version, audience, subject_kind, subject_id, "
                 "acknowledged_on, how, recorded_by) VALUES (:i, :c, :v, :au, :k, :s, :o, :h, :b)",
                 id, c.id, c.preset.version, audience, a.subject_kind, subject, a.on, a.how, by.id);
  ws.audit().append({c.id, by.id, "record_acknowledgement", a.subject_kind + ":" + subject, "version",
           policy::cite(policy::Clause::everyone_told), "change"});
  tx.commit();
  return id;
}

}  // namespace

Result<std::string> acknowledge(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const Acknowledgement& a) {
  if (!parse_day(a.on)) return fail(ErrorKind::invalid_input, "the date is written as YYYY-MM-DD");
  if (a.how.empty()) return fail(ErrorKind::invalid_input, "say how the policy was given (e.g. signed copy, email)");
  if (a.how == "portal")
    return fail(ErrorKind::invalid_input, "'portal' is kept for a parent's own acknowledgement in the parents' portal");
  auto decision = access::require(ws, c, by, Action::record_awareness);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::string> {
    std::string subject = a.subject_id;
    // Whether `query` (on :i the subject, :c the centre) finds it at this centre.
    auto at_centre = [&](const char* query) { return store::value<int>(ws.db(), query, subject, c.id).value_or(0) > 0; };
    bool found = false;
    if (a.subject_kind == "staff") {
      auto staff = access::find_staff(ws, a.subject_id);
      if (!staff || staff->centre_id != c.id) return fail(ErrorKind::not_found, "no such staff member at this centre");
      subject = staff->id;
      found = true;
    } else if (a.subject_kind == "person") {
      found = at_centre("SELECT COUNT(*) FROM people p JOIN families f ON f.id = p.family_id WHERE p.id = :i AND "
                        "f.centre_id = :c AND p.party <> 'child'");
    } else if (a.subject_kind == "referral") {
      found = at_centre("SELECT COUNT(*) FROM referrals r JOIN families f ON f.id = r.family_id WHERE r.id = :i AND "
                        "f.centre_id = :c");
    } else {
      return fail(ErrorKind::invalid_input, "subject_kind is staff, person or referral");
    }
    if (!found) return fail(ErrorKind::not_found, "no such person or referral at this centre");
    return insert_acknowledgement(ws, c, by, a, subject);
  });
}

Result<std::string> acknowledge_own_reading(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  Acknowledgement a;
  a.audience = by.role == Role::volunteer ? Audience::volunteers : Audience::staff;
  a.subject_kind = "staff";
  a.subject_id = by.handle;
  a.on = format_day(std::chrono::floor<std::chrono::days>(now()));
  a.how = "read in Haven";
  return store::guard_storage([&]() -> Result<std::string> { return insert_acknowledgement(ws, c, by, a, by.id); });
}

Result<std::vector<Outstanding>> unacknowledged(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  auto decision = access::require(ws, c, by, Action::record_awareness);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<Outstanding>> {
    std::vector<Outstanding> out;
    auto told = [&](Audience a) {
      return std::find(c.preset.audiences.begin(), c.preset.audiences.end(), a) != c.preset.audiences.end();
    };
    const std::string& v = c.preset.version;
    auto missing = [&](const std::string& audience, const std::string& kind, const std::string& sql) {
      auto rows = store::rows<std::string>(ws.db(), sql, c.id, v);
      for (const auto& id : rows) out.push_back({audience, kind, id});
    };
    const char* no_ack = " AND NOT EXISTS (SELECT 1 FROM policy_acknowledgements a WHERE a.centre_id = f.centre_id "
                         "AND a.version = :v AND a.subject_kind = '{}' AND a.subject_id = {})";
    // Volunteers are always told; other staff only where the policy names staff (West Wilts).
    std::string who = told(Audience::staff) ? "" : " AND s.role = 'volunteer'";
    if (told(Audience::volunteers) || told(Audience::staff))
      missing(told(Audience::staff) ? "staff" : "volunteers", "staff",
              "SELECT s.handle FROM staff s JOIN centres f ON f.id = s.centre_id WHERE s.centre_id = :c AND "
              "s.disabled = 0" + who + " AND NOT EXISTS (SELECT 1 FROM policy_acknowledgements a WHERE a.centre_id = s.centre_id "
              "AND a.version = :v AND a.subject_kind = 'staff' AND a.subject_id = s.id) ORDER BY s.handle");
    if (told(Audience::users))
      missing("users", "person",
              "SELECT p.id FROM people p JOIN families f ON f.id = p.family_id "
              "WHERE f.centre_id = :c AND "
              "f.disposed_at = '' AND p.party <> 'child'" +
                  fmt::format(fmt::runtime(no_ack), "person", "p.id") + " ORDER BY p.id");
    if (told(Audience::referrers))
      missing("referrers", "referral",
              "SELECT r.id FROM referrals r JOIN families f ON f.id = r.family_id WHERE f.centre_id = :c AND "
              "f.disposed_at = ''" + fmt::format(fmt::runtime(no_ack), "referral", "r.id") + " ORDER BY r.id");
    return out;
  });
}

bool has_acknowledged(app::Workspace& ws, const app::Centre& c, const access::Staff& staff) {
  return acknowledged(ws, c, "staff", staff.id);
}

}  // namespace haven::governance
