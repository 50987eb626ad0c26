#include "governance/oversight.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "access/access.hpp"
#include "core/text.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"

namespace haven::governance {

Result<AuditTrail> audit_trail(app::Workspace& ws, const app::Centre& c, const access::Staff& by, int recent) {
  HAVEN_CHECK(access::require(ws, c, access::centre_action(c, by, policy::Action::read_audit), {"read_audit", "audit"}));
  AuditTrail trail{ws.audit().verify(c.id), {}};
  if (recent > 0) trail.recent = ws.audit().recent(c.id, recent);
  return trail;
}

namespace {

// Words for the actions people meet most; any other reads as its name in plain words.
std::string action_words(std::string_view action) {
  static const std::map<std::string_view, std::string_view> words = {
      {"view_family", "Read a family's record"},
      {"list_families", "Listed the families"},
      {"find_families", "Searched the families by part of a name"},
      {"find_by_name", "Looked a family up by a whole name"},
      {"view_calendar", "Read the calendar"},
      {"view_day_sheet", "Read the day's sessions"},
      {"view_journey", "Read a family's case"},
      {"view_waiting_list", "Read the waiting list"},
      {"read_audit", "Read the audit trail"},
      {"read_register", "Read the disclosure register"},
      {"read_statistics", "Read the quarter's statistics"},
      {"use_token", "Used an API token"},
      {"dispose_family", "Destroyed a family's records"},
      {"certify_destruction", "Signed a certificate of destruction"},
      {"review_exception", "Reviewed an exception disclosure"},
      {"view_exception_disclosure", "Read an exception disclosure for review"},
      {"adopt_policy", "Adopted a new version of the policy"},
      {"open_adoption", "Opened the form to adopt a new version of the policy"},
  };
  if (auto it = words.find(action); it != words.end()) return std::string(it->second);
  return name_in_words(action);
}

// "First name, surname" for "first_name,surname"; a field list that is not names (a count, a
// version) reads as it is.
std::string field_words(std::string_view fields) {
  // A field may name whose it was ("address:per_..."): the id is for the trail, not for reading.
  std::string names;
  for (std::size_t from = 0; from <= fields.size();) {
    auto comma = std::min(fields.find(',', from), fields.size());
    auto field = fields.substr(from, comma - from);
    if (!names.empty()) names += ',';
    names += field.substr(0, field.find(':'));
    from = comma + 1;
  }
  std::string out = name_in_words(names);
  for (std::size_t at = out.find(','); at != std::string::npos; at = out.find(',', at + 2)) out.replace(at, 1, ", ");
  return out;
}

std::string outcome_words(std::string_view outcome) {
  if (outcome == "allow") return "Allowed";
  if (outcome == "deny") return "Refused";
  if (outcome == "change") return "Changed";
  return capitalised(std::string(outcome));
}

// Names for the ids an entry holds, read once for a page.
struct Names {
  std::map<std::string, std::string> staff;     // id -> display name
  std::map<std::string, std::string> families;  // id -> reference

  std::string who(const std::string& id) const {
    if (auto it = staff.find(id); it != staff.end()) return it->second;
    if (id == "system") return "Haven";
    if (id == "operator") return "The operator";
    return "Someone no longer on the staff list";
  }
  std::string about(const std::string& resource) const {
    auto colon = resource.find(':');
    std::string kind = resource.substr(0, colon), id = colon == std::string::npos ? "" : resource.substr(colon + 1);
    if (kind == "family") {
      auto it = families.find(id);
      return it == families.end() ? std::string("A family") : "Family " + it->second;
    }
    if (kind == "staff") {
      auto it = staff.find(id);
      return it == staff.end() ? std::string("An account") : it->second + "'s account";
    }
    static const std::map<std::string, std::string, std::less<>> words{
        {"centre", "The centre"},  {"session", "A session"},      {"disclosure", "A disclosure"},
        {"run", "A disposal run"}, {"audit", "The audit trail"},  {"route", "The API"},
        {"person", "A person"},    {"referral", "A referral"},    {"note", "A session note"},
        {"consent", "A consent"},  {"concern", "A concern"},      {"plan", "A case paper"},
        {"hold", "A legal hold"},  {"booking", "A room booking"}, {"accident", "An accident book entry"}};
    if (auto it = words.find(kind); it != words.end()) return it->second;
    return capitalised(std::string(kind));
  }
};

}  // namespace

Result<AuditPage> audit_page(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const AuditQuery& q) {
  if (q.page < 1) return fail(ErrorKind::invalid_input, "page: give a page number of 1 or more");
  if (q.per_page < 1 || q.per_page > 200)
    return fail(ErrorKind::invalid_input, "per_page: give a page size from 1 to 200");
  if (q.from && q.to && *q.to < *q.from) return fail(ErrorKind::invalid_input, "to: the last day is before the first");
  HAVEN_CHECK(
      access::require(ws, c, access::centre_action(c, by, policy::Action::read_audit), {"read_audit", "audit"}));
  return store::guard_storage([&]() -> Result<AuditPage> {
    audit::AuditLog::Filter filter;
    Names names;
    AuditPage out;
    out.staff = access::list_staff(ws, c.id);
    for (const auto& s : out.staff) {
      names.staff[s.id] = s.display_name;
      if (!q.staff.empty() && s.handle == q.staff) filter.actor_id = s.id;
    }
    if (!q.staff.empty() && filter.actor_id.empty())
      return fail(ErrorKind::not_found, "staff: nobody at this centre signs in with that name");
    for (const auto& row : store::rows(ws.db(), "SELECT id, reference FROM families WHERE centre_id = :c", c.id)) {
      names.families[row.get<std::string>(0)] = row.get<std::string>(1);
      if (!q.family.empty() && row.get<std::string>(1) == q.family) filter.family_id = row.get<std::string>(0);
    }
    if (!q.family.empty() && filter.family_id.empty())
      return fail(ErrorKind::not_found, "family: no family at this centre has that reference");
    if (q.from) filter.from_utc = london_day_start_utc(*q.from).value_or("");
    if (q.to) filter.to_utc = london_day_start_utc(*q.to + std::chrono::days{1}).value_or("");

    out.report = ws.audit().verify(c.id);
    // One search for the page asked for; a page past the last is asked again as the last.
    auto at_page = [&](int page) {
      return ws.audit().search(c.id, filter, static_cast<int64_t>(page - 1) * q.per_page, q.per_page);
    };
    auto found = at_page(q.page);
    out.total = static_cast<int>(found.total);
    out.pages = std::max(1, (out.total + q.per_page - 1) / q.per_page);
    out.page = std::min(q.page, out.pages);
    if (out.page != q.page) found = at_page(out.page);
    for (const auto& e : found.entries)
      out.lines.push_back({e.seq, e.at, names.who(e.actor_id), action_words(e.action), names.about(e.resource),
                           field_words(e.fields), e.clause, outcome_words(e.outcome)});
    return out;
  });
}

std::string describe_break(app::Workspace& ws, const audit::VerifyReport& report) {
  if (report.ok) return "";
  if (!report.first_broken) return report.problem;
  std::string chain = "the chain written before each centre had its own";
  if (!report.broken_chain.empty()) {
    chain = "the chain of a centre no longer here (" + report.broken_chain + ")";
    for (const auto& c : ws.centres())
      if (c.id == report.broken_chain) chain = "the chain of " + c.name;
  }
  return fmt::format("entry {} of {}: {}", *report.first_broken, chain, report.problem);
}

}  // namespace haven::governance
