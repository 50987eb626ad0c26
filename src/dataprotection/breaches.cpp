#include "dataprotection/breaches.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <ranges>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::dataprotection {
namespace {

using policy::Action;
using policy::Item;

constexpr std::string_view system_actor = "system";

std::string what_purpose(const std::string& id) { return "breach|" + id; }
std::string reason_purpose(const std::string& id) { return "breach-reason|" + id; }

std::string joined_categories(const std::vector<Item>& categories) {
  std::vector<std::string_view> names;
  for (Item i : categories) names.push_back(name_of(i));
  return fmt::format("{}", fmt::join(names, ","));
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  for (auto part : text | std::views::split(',')) {
    std::string word(part.begin(), part.end());
    if (!word.empty()) out.push_back(word);
  }
  return out;
}

constexpr const char* breach_columns =
    "SELECT b.id, b.found_at, b.what_happened, b.family_references, b.categories, b.found_by, "
    "COALESCE(r.display_name, ''), b.decision, b.decision_reason, COALESCE(d.display_name, ''), b.decided_at, "
    "b.reported_at, "
    "b.ico_reference FROM breaches b LEFT JOIN staff r ON r.id = b.recorded_by LEFT JOIN staff d ON d.id = "
    "b.decided_by WHERE b.centre_id = :c ";

// A stored breach; its sealed text is opened only when `open_text`.
Result<Breach> breach_of(app::Workspace& ws, const store::Row& row, bool open_text = true) {
  Breach b;
  b.id = row.get<std::string>(0);
  b.found_at = row.get<std::string>(1);
  if (auto found = parse_utc(b.found_at)) b.deadline = format_utc(*found + report_within);
  if (open_text) {
    HAVEN_TRY(what, ws.keys().open_secret(what_purpose(b.id), row.get<std::string>(2)));
    b.what_happened = what;
  }
  b.families = split(row.get<std::string>(3));
  for (const auto& name : split(row.get<std::string>(4)))
    if (auto item = parse_enum<Item>(name)) b.categories.push_back(*item);
  b.found_by_haven = row.get<std::string>(5) == "haven";
  b.recorded_by = b.found_by_haven ? "Haven" : row.get<std::string>(6);
  if (b.found_by_haven) b.reported_by = row.get<std::string>(6);
  b.decision = parse_enum<BreachDecision>(row.get<std::string>(7)).value_or(BreachDecision::undecided);
  if (const auto sealed = row.get<std::string>(8); open_text && !sealed.empty()) {
    HAVEN_TRY(reason, ws.keys().open_secret(reason_purpose(b.id), sealed));
    b.decision_reason = reason;
  }
  b.decided_by = row.get<std::string>(9);
  b.decided_at = row.get<std::string>(10);
  b.reported_at = row.get<std::string>(11);
  b.ico_reference = row.get<std::string>(12);
  return b;
}

// The centre's breaches matching `where` (on :c and :i), read as `as` under `permit` and audited as one read.
Result<std::vector<Breach>> read(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                 const policy::Permit& permit, const std::string& where, const std::string& id,
                                 const std::string& audit_action, bool open_text = true) {
  return store::guard_storage([&]() -> Result<std::vector<Breach>> {
    std::vector<Breach> out;
    for (const auto& row :
         store::rows(ws.db(), std::string(breach_columns) + where + " ORDER BY b.found_at DESC, b.id", c.id, id)) {
      HAVEN_TRY(b, breach_of(ws, row, open_text));
      out.push_back(std::move(b));
    }
    HAVEN_CHECK(
        ws.audit().append_committed({{c.id, as.id, audit_action, id.empty() ? "centre:" + c.id : "breach:" + id,
                                      open_text ? "what_happened,families,categories,decision" : "found_at,decision",
                                      std::string(permit.clause_id()), "allow"}}));
    return out;
  });
}

// A change to one breach of the centre, decided as `action` and audited with `fields`: `change`
// runs on the breach as it stands, in the write's transaction.
template <class Fn>
Result<bool> change_breach(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Action action,
                           const std::string& breach_id, const std::string& audit_action, const std::string& fields,
                           Fn change) {
  HAVEN_TRY(permit, access::require(ws, c, by, action, "breach:" + breach_id));
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), c.id);
    auto row = store::first_row(ws.db(), std::string(breach_columns) + "AND b.id = :i", c.id, breach_id);
    if (!row) return fail(ErrorKind::not_found, "no such breach at this centre");
    HAVEN_TRY(b, breach_of(ws, *row));
    HAVEN_CHECK(change(b));
    ws.audit().append(
        {c.id, by.id, audit_action, "breach:" + breach_id, fields, std::string(permit.clause_id()), "change"});
    tx.commit();
    return true;
  });
}

}  // namespace

bool Breach::awaiting_action() const {
  return decision == BreachDecision::undecided || (decision == BreachDecision::reportable && reported_at.empty());
}

Result<bool> open_log(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_CHECK(access::require(ws, c, as, Action::keep_data_protection_records));
  return true;
}

namespace {

// The breach's scope as recorded: each category once, at least one; at most families_most
// families, each a reference of the centre's (upper case, once).
struct Scope {
  std::string families, categories;  // as stored: comma-separated
};
Result<Scope> scope_of(app::Workspace& ws, const app::Centre& c, const std::vector<std::string>& typed_families,
                       const std::vector<Item>& typed_categories) {
  if (typed_categories.empty()) return fail(ErrorKind::invalid_input, "choose the kinds of data involved (categories)");
  if (typed_families.size() > families_most)
    return fail(ErrorKind::invalid_input, fmt::format("name at most {} families (families)", families_most));
  std::vector<Item> categories;
  for (Item i : typed_categories)
    if (std::ranges::find(categories, i) == categories.end()) categories.push_back(i);
  std::vector<std::string> families;
  for (const auto& typed : typed_families) {
    if (typed.size() > 16) return fail(ErrorKind::invalid_input, "a family reference is at most 16 characters");
    std::string reference = typed;
    std::ranges::transform(reference, reference.begin(), [](unsigned char ch) { return std::toupper(ch); });
    if (std::ranges::find(families, reference) != families.end()) continue;
    if (store::value<int>(ws.db(), "SELECT COUNT(*) FROM families WHERE centre_id = :c AND reference = :r", c.id,
                          reference)
            .value_or(0) == 0)
      return fail(ErrorKind::invalid_input, reference + std::string(not_a_family));
    families.push_back(reference);
  }
  return Scope{fmt::format("{}", fmt::join(families, ",")), joined_categories(categories)};
}

}  // namespace

Result<std::string> record_breach(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                  const NewBreach& b) {
  HAVEN_TRY(permit, access::require(ws, c, by, Action::keep_data_protection_records));
  if (b.found_at > now()) return fail(ErrorKind::invalid_input, "when it was found cannot be in the future");
  if (b.what_happened.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(ErrorKind::invalid_input, "say what happened (what_happened)");
  if (b.what_happened.size() > what_happened_longest)
    return fail(ErrorKind::invalid_input,
                fmt::format("what happened must be at most {} characters", what_happened_longest));
  std::string id = new_id("brc");
  return store::guard_storage([&]() -> Result<std::string> {
    HAVEN_TRY(scope, scope_of(ws, c, b.families, b.categories));
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO breaches (id, centre_id, found_at, what_happened, family_references, categories, "
                   "found_by, recorded_by, recorded_at) VALUES (:i, :c, :f, :w, :r, :k, 'staff', :b, :a)",
                   id, c.id, format_utc(b.found_at), ws.keys().seal_secret(what_purpose(id), b.what_happened),
                   scope.families, scope.categories, by.id, format_utc(now()));
    ws.audit().append({c.id, by.id, "record_breach", "breach:" + id, "found_at,what_happened,families,categories",
                       std::string(permit.clause_id()), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> update_scope(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                          const std::string& breach_id, const std::vector<std::string>& families,
                          const std::vector<Item>& categories) {
  return change_breach(ws, c, by, Action::keep_data_protection_records, breach_id, "update_breach",
                       "families,categories", [&](const Breach&) -> Result<bool> {
                         HAVEN_TRY(scope, scope_of(ws, c, families, categories));
                         store::execute(ws.db(),
                                        "UPDATE breaches SET family_references = :r, categories = :k WHERE id = :i",
                                        scope.families, scope.categories, breach_id);
                         return true;
                       });
}

Result<bool> decide(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& breach_id,
                    BreachDecision decision, const std::string& reason) {
  return change_breach(
      ws, c, by, Action::decide_breach, breach_id, "decide_breach", "decision,decision_reason",
      [&](const Breach& b) -> Result<bool> {
        if (decision == BreachDecision::undecided)
          return fail(ErrorKind::invalid_input, "choose whether the breach is reported to the Commissioner (decision)");
        if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
          return fail(ErrorKind::invalid_input, "give the reason for the decision (reason)");
        if (reason.size() > reason_longest)
          return fail(ErrorKind::invalid_input,
                      fmt::format("the reason must be at most {} characters", reason_longest));
        if (b.decision != BreachDecision::undecided)
          return fail(ErrorKind::conflict,
                      fmt::format("this breach was decided on {}", format_london_day_words(*parse_utc(b.decided_at))));
        store::execute(ws.db(),
                       "UPDATE breaches SET decision = :d, decision_reason = :r, decided_by = :b, "
                       "decided_at = :a WHERE id = :i",
                       std::string(name_of(decision)), ws.keys().seal_secret(reason_purpose(breach_id), reason), by.id,
                       format_utc(now()), breach_id);
        return true;
      });
}

Result<bool> record_report(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                           const std::string& breach_id, Instant at, const std::string& ico_reference) {
  return change_breach(
      ws, c, by, Action::decide_breach, breach_id, "report_breach", "reported_at,ico_reference",
      [&](const Breach& b) -> Result<bool> {
        if (ico_reference.find_first_not_of(" ") == std::string::npos)
          return fail(ErrorKind::invalid_input, "give the reference the Commissioner's office gave (ico_reference)");
        if (ico_reference.size() > 40)
          return fail(ErrorKind::invalid_input, "the Commissioner's reference must be at most 40 characters");
        if (at > now()) return fail(ErrorKind::invalid_input, "when it was reported cannot be in the future");
        if (b.decision != BreachDecision::reportable)
          return fail(ErrorKind::conflict, "only a breach decided reportable is reported to the Commissioner");
        if (!b.reported_at.empty())
          return fail(ErrorKind::conflict, fmt::format("this breach was reported on {}",
                                                       format_london_day_words(*parse_utc(b.reported_at))));
        if (auto found = parse_utc(b.found_at); found && at < *found)
          return fail(ErrorKind::invalid_input, "when it was reported cannot be before the breach was found");
        store::execute(ws.db(), "UPDATE breaches SET reported_at = :a, ico_reference = :r WHERE id = :i",
                       format_utc(at), ico_reference, breach_id);
        return true;
      });
}

Result<std::vector<Breach>> breaches(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records));
  return read(ws, c, as, permit, "AND :i = ''", "", "list_breaches");
}

Result<Breach> breach(app::Workspace& ws, const app::Centre& c, const access::Staff& as, const std::string& breach_id) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records, "breach:" + breach_id));
  HAVEN_TRY(found, read(ws, c, as, permit, "AND b.id = :i", breach_id, "view_breach"));
  if (found.empty()) return fail(ErrorKind::not_found, "no such breach at this centre");
  return std::move(found.front());
}

Result<std::vector<Breach>> awaiting_action(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  HAVEN_TRY(permit, access::require(ws, c, as, Action::keep_data_protection_records));
  HAVEN_TRY(all, read(ws, c, as, permit,
                      "AND :i = '' AND (b.decision = '' OR (b.decision = 'reportable' AND b.reported_at = ''))", "",
                      "list_breach_deadlines", false));
  std::ranges::sort(all, {}, &Breach::deadline);
  return all;
}

Result<std::optional<std::string>> record_detected(app::Workspace& ws, const app::Centre& c, const Detection& d) {
  std::string id = new_id("brc");
  return store::guard_storage([&]() -> Result<std::optional<std::string>> {
    store::WriteTransaction tx(ws.db(), c.id);
    if (store::value<int>(ws.db(), "SELECT COUNT(*) FROM breaches WHERE centre_id = :c AND detection = :d", c.id, d.key)
            .value_or(0) > 0)
      return std::nullopt;
    store::execute(ws.db(),
                   "INSERT INTO breaches (id, centre_id, found_at, what_happened, family_references, categories, "
                   "found_by, detection, recorded_by, recorded_at) VALUES (:i, :c, :f, :w, :r, :k, 'haven', :d, :b, "
                   ":a)",
                   id, c.id, format_utc(d.found_at), ws.keys().seal_secret(what_purpose(id), d.what_happened),
                   fmt::format("{}", fmt::join(d.families, ",")), joined_categories(d.categories), d.key,
                   d.reported_by.empty() ? std::string(system_actor) : d.reported_by, format_utc(now()));
    ws.audit().append(
        {c.id, std::string(system_actor), "record_breach", "breach:" + id,
         d.families.empty() ? "found_at,what_happened,categories" : "found_at,what_happened,families,categories",
         std::string(policy::id_of(policy::Clause::kept_securely)), "change"});
    tx.commit();
    return id;
  });
}

std::string_view describe(Item item) {
  switch (item) {
    case Item::first_name:
      return "first names";
    case Item::surname:
      return "surnames";
    case Item::date_of_birth:
      return "dates of birth";
    case Item::address:
      return "addresses";
    case Item::phone:
      return "phone numbers";
    case Item::email:
      return "email addresses";
    case Item::must_not_meet:
      return "whether parents must not meet";
    case Item::session_times:
      return "session dates and times";
    case Item::attendance_times:
      return "arrival and departure times";
    case Item::session_note:
      return "session notes";
    case Item::referral_details:
      return "referral details";
    case Item::concern_record:
      return "welfare and violence concerns";
    case Item::accident_record:
      return "the accident book";
    case Item::case_progress:
      return "case progress";
    case Item::risk_assessment:
      return "risk assessments";
    case Item::contact_plan:
      return "contact plans";
  }
  return "other data";
}

}  // namespace haven::dataprotection
