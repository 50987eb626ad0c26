#include "journey/journey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "access/access.hpp"
#include "core/ids.hpp"
#include "crypto/sealed.hpp"
#include "governance/lifecycle.hpp"
#include "records/audited_write.hpp"
#include "records/family_rows.hpp"
#include "store/batch.hpp"
#include "store/rows.hpp"

namespace haven::journey {

namespace {

using policy::Item;

std::string day_words(const std::string& day) {
  auto d = parse_day(day);
  return d ? format_day_words(*d) : day;
}

// What a family's journey is worked out from, read in one round trip on PostgreSQL.
struct Facts {
  std::string family_id, reference, disposed_on;
  std::vector<store::Row> steps;     // step, on_day, person_id, detail; in the order they happened
  std::vector<store::Row> parents;   // id, party
  std::vector<store::Row> versions;  // the centre's policy versions: version, adopted_at; oldest first
  std::string referred_on;
  std::string risk_assessment_on, contact_plan_on;
  std::optional<Day> first_session;  // the first session that stands, when one is booked
};

// Reads the facts of the family; `sessions` (a permit for its session_times) gives its first
// session, and is required: a journey is not worked out without knowing it.
Result<Facts> load(app::Workspace& ws, const records::FamilyRow& family, const policy::Permit& sessions) {
  return store::guard_storage([&]() -> Result<Facts> {
    Facts f{family.id, family.reference, family.disposed_on, {}, {}, {}, {}, {}, {}, std::nullopt};
    store::Batch batch(ws.db());
    auto steps = batch.add(
        "SELECT step, on_day, COALESCE(person_id, ''), detail FROM journey_steps WHERE family_id = :f "
        "ORDER BY on_day, recorded_at, id",
        family.id);
    auto parents = batch.add(
        "SELECT id, party FROM people WHERE family_id = :f AND party <> 'child' ORDER BY party DESC, created_at",
        family.id);
    auto referred = batch.add("SELECT COALESCE(MIN(referred_on), '') FROM referrals WHERE family_id = :f", family.id);
    auto versions = batch.add(
        "SELECT v.version, v.adopted_at FROM policy_versions v JOIN families f ON f.centre_id = v.centre_id "
        "WHERE f.id = :f ORDER BY v.adopted_at",
        family.id);
    auto plans = batch.add(
        "SELECT kind, MAX(written_at) FROM family_plans WHERE family_id = :f GROUP BY kind ORDER BY kind", family.id);
    HAVEN_TRY(sessions_queued, records::queue_sessions_of(batch, sessions));
    batch.run();
    f.steps = batch.rows(steps);
    f.parents = batch.rows(parents);
    f.versions = batch.rows(versions);
    if (!batch.rows(referred).empty()) f.referred_on = batch.rows(referred)[0].get<std::string>(0);
    for (const auto& row : batch.rows(plans)) {
      auto written = parse_utc(row.get<std::string>(1));
      std::string on = written ? format_london_day(*written) : std::string();
      (row.get<std::string>(0) == "risk_assessment" ? f.risk_assessment_on : f.contact_plan_on) = on;
    }
    for (const auto& s : records::sessions_in(batch, sessions_queued))
      if (s.cancelled_at.empty())
        if (auto at = parse_utc(s.starts_at)) {
          f.first_session = london_day_of(*at);
          break;
        }
    return f;
  });
}

// Whether a pre-visit on `day` comes before the day of the family's first session (or none is booked).
bool before_first_session(const Journey& j, const std::string& day) {
  return j.first_session_on.empty() || day < j.first_session_on;
}

// What intake still needs before contact begins, in words.
std::vector<std::string> still_needed(const Journey& j) {
  std::vector<std::string> out;
  for (std::string_view party : {"resident_parent", "non_resident_parent"})
    if (std::ranges::none_of(j.parents, [&](const ParentIntake& p) { return p.party == party; }))
      out.push_back(fmt::format("{}'s details", parent_words(party)));
  for (const auto& p : j.parents) {
    if (p.pre_visit_on.empty())
      out.push_back(fmt::format("{}'s pre-visit", parent_words(p.party)));
    else if (!before_first_session(j, p.pre_visit_on))
      out.push_back(fmt::format("{}'s pre-visit before the day of the first session ({})", parent_words(p.party),
                                day_words(j.first_session_on)));
    if (p.ground_rules_on.empty()) out.push_back(fmt::format("{}'s signed ground rules", parent_words(p.party)));
  }
  if (j.risk_assessment.written_on.empty()) out.emplace_back("the risk assessment");
  if (j.contact_plan.written_on.empty()) out.emplace_back("the contact plan");
  return out;
}

// The policy version in force on `on`: the newest adopted by then, or, for a day before the
// centre's first, the first (records kept on paper before Haven were kept under it).
std::string version_on(const Facts& f, Day on) {
  std::string found;
  for (const auto& row : f.versions) {
    auto adopted = parse_utc(row.get<std::string>(1));
    if (found.empty() || (adopted && london_day_of(*adopted) <= on)) found = row.get<std::string>(0);
  }
  return found;
}

// When a review falls due after contact began or was last reviewed on `last`.
Day review_due_after(Day last, const policy::Preset& preset) { return add_months(last, preset.family_review_months); }

// The days of the steps that decide a family's stage (YYYY-MM-DD, empty when not taken).
struct Milestones {
  std::string waiting_since, offered_on, started_on, last_review, closed_on;
};

// The stage the milestones put a family at on `today`, and the day its next review falls due
// while contact runs (else empty).
std::pair<Stage, std::string> stage_of(const Milestones& m, const policy::Preset& preset, Day today) {
  if (!m.closed_on.empty()) return {Stage::closed, {}};
  if (!m.started_on.empty()) {
    auto from = parse_day(m.last_review.empty() ? m.started_on : m.last_review);
    Day due = review_due_after(from ? *from : today, preset);
    return {today >= due ? Stage::review_due : Stage::active, format_day(due)};
  }
  if (!m.offered_on.empty()) return {Stage::intake, {}};
  return {m.waiting_since.empty() ? Stage::referred : Stage::waiting, {}};
}

// The journey the facts tell, as of `today`.
Journey derive(const Facts& f, const policy::Preset& preset, Day today) {
  Journey j;
  j.family_id = f.family_id;
  j.reference = f.reference;
  j.referred_on = f.referred_on;
  j.disposed_on = f.disposed_on;
  if (f.first_session) j.first_session_on = format_day(*f.first_session);
  for (const auto& row : f.parents) j.parents.push_back({row.get<std::string>(0), row.get<std::string>(1), {}, {}, {}});
  j.risk_assessment.written_on = f.risk_assessment_on;
  j.contact_plan.written_on = f.contact_plan_on;
  for (const auto& row : f.steps) {
    std::string step = row.get<std::string>(0), on = row.get<std::string>(1), person = row.get<std::string>(2),
                detail = row.get<std::string>(3);
    auto kind = parse_enum<Step>(step);
    if (!kind) continue;  // written by a later version of Haven: not this one's to judge
    auto parent = std::ranges::find(j.parents, person, &ParentIntake::person_id);
    switch (*kind) {
      case Step::waiting_list:
        j.waiting_since = on;
        break;
      case Step::place_offered:
        j.offered_on = on;
        break;
      case Step::pre_visit:
        // A pre-visit a booking has since overtaken (on or after the first session's day) gives
        // way to one that is before it.
        if (parent != j.parents.end() &&
            (parent->pre_visit_on.empty() || !before_first_session(j, parent->pre_visit_on)))
          parent->pre_visit_on = on;
        break;
      case Step::ground_rules:
        if (parent != j.parents.end()) {
          parent->ground_rules_on = on;
          parent->policy_version = detail;
        }
        break;
      case Step::contact_begun:
        j.started_on = on;
        break;
      case Step::reviewed:
        j.reviews.push_back(on);
        break;
      case Step::closed:
        j.closed_on = on;
        j.outcome = parse_enum<Outcome>(detail);
        break;
    }
  }
  auto [stage, due] = stage_of(
      {j.waiting_since, j.offered_on, j.started_on, j.reviews.empty() ? std::string() : j.reviews.back(), j.closed_on},
      preset, today);
  j.stage = stage;
  j.review_due_on = due;
  if (stage == Stage::intake) j.to_begin = still_needed(j);
  return j;
}

// The latest day any step was recorded on: a later step is not dated before it.
std::string latest_step_day(const Journey& j) {
  std::string latest = j.referred_on;
  for (const auto& day : {j.waiting_since, j.offered_on, j.started_on}) latest = std::max(latest, day);
  for (const auto& p : j.parents) latest = std::max({latest, p.pre_visit_on, p.ground_rules_on});
  for (const auto& r : j.reviews) latest = std::max(latest, r);
  return latest;
}

// Whether `step` is the family's to take now (for `person`, a parent, where it is theirs): the
// order of the journey, in words that say what comes first.
Result<bool> in_turn(const Journey& j, Step step, const std::string& person) {
  if (!j.disposed_on.empty())
    return fail(ErrorKind::conflict,
                fmt::format("this family's records were destroyed on {}", day_words(j.disposed_on)));
  if (j.stage == Stage::closed)
    return fail(ErrorKind::conflict, fmt::format("this case was closed on {}", day_words(j.closed_on)));
  switch (step) {
    case Step::waiting_list:
      if (j.stage != Stage::referred)
        return fail(ErrorKind::conflict, "only a family not yet on the waiting list or offered a place can join it");
      if (j.referred_on.empty()) return fail(ErrorKind::conflict, "record the family's referral first");
      return true;
    case Step::place_offered:
      if (j.stage != Stage::referred && j.stage != Stage::waiting)
        return fail(ErrorKind::conflict, fmt::format("a place was already offered on {}", day_words(j.offered_on)));
      if (j.referred_on.empty()) return fail(ErrorKind::conflict, "record the family's referral first");
      return true;
    case Step::pre_visit:
    case Step::ground_rules: {
      if (j.stage != Stage::intake)
        return fail(ErrorKind::conflict, j.started_on.empty() ? "offer the family a place before its intake"
                                                              : "intake ended when contact began");
      auto parent = std::ranges::find(j.parents, person, &ParentIntake::person_id);
      if (parent == j.parents.end())
        return fail(ErrorKind::invalid_input, "the parent chosen is not one of this family's parents");
      const std::string& done = step == Step::pre_visit ? parent->pre_visit_on : parent->ground_rules_on;
      // A pre-visit on or after the first session's day (booked since) does not count: another may be recorded.
      bool still_counts = step != Step::pre_visit || before_first_session(j, done);
      if (!done.empty() && still_counts)
        return fail(ErrorKind::conflict, fmt::format("{} for {} is already recorded on {}",
                                                     step == Step::pre_visit ? "the pre-visit" : "the ground rules",
                                                     parent_words(parent->party), day_words(done)));
      return true;
    }
    case Step::contact_begun:
      if (j.stage != Stage::intake)
        return fail(ErrorKind::conflict, j.started_on.empty() ? "offer the family a place and complete its intake first"
                                                              : "contact has already begun");
      if (!j.to_begin.empty())
        return fail(ErrorKind::conflict, fmt::format("intake still needs {}", fmt::join(j.to_begin, ", ")));
      return true;
    case Step::reviewed:
      if (j.stage != Stage::active && j.stage != Stage::review_due)
        return fail(ErrorKind::conflict, "a family is reviewed once contact has begun");
      return true;
    case Step::closed:
      return true;
  }
  return true;
}

// Whether `on` is a day `step` may be dated: no later than today, no earlier than the step
// before it, and a pre-visit before the day of the first session.
Result<bool> dated_rightly(const Journey& j, Step step, Day on) {
  if (on > london_today()) return fail(ErrorKind::invalid_input, "the date it happened cannot be in the future");
  auto not_before = [&](const std::string& day, std::string_view what) -> Result<bool> {
    if (!day.empty() && format_day(on) < day)
      return fail(ErrorKind::invalid_input,
                  fmt::format("the date it happened cannot be before {} ({})", what, day_words(day)));
    return true;
  };
  switch (step) {
    case Step::waiting_list:
      return not_before(j.referred_on, "the referral");
    case Step::place_offered:
      HAVEN_CHECK(not_before(j.referred_on, "the referral"));
      return not_before(j.waiting_since, "the day the family joined the waiting list");
    case Step::pre_visit:
      if (!before_first_session(j, format_day(on)))
        return fail(ErrorKind::conflict, fmt::format("a pre-visit comes before the day of the first session ({})",
                                                     day_words(j.first_session_on)));
      return not_before(j.offered_on, "the day the place was offered");
    case Step::ground_rules:
      return not_before(j.offered_on, "the day the place was offered");
    case Step::contact_begun:
      return not_before(latest_step_day(j), "the last step of intake");
    case Step::reviewed:
      return not_before(latest_step_day(j), "the last review or the start of contact");
    case Step::closed:
      return not_before(latest_step_day(j), "the last step of the case");
  }
  return true;
}

// The steps the family may take now, for a page to offer.
std::vector<Step> next_steps(const Journey& j) {
  std::vector<Step> out;
  for (const auto& [step, name] : EnumNames<Step>::table) {
    bool open = step == Step::pre_visit || step == Step::ground_rules
                    ? std::ranges::any_of(
                          j.parents, [&](const ParentIntake& p) { return in_turn(j, step, p.person_id).has_value(); })
                    : in_turn(j, step, {}).has_value();
    if (open) out.push_back(step);
  }
  return out;
}

// Records the step for the family once it is in turn and rightly dated. `finish(facts)` runs in
// the same transaction just before the step is written and gives the step's detail (the ground
// rules acknowledge the policy there, and keep its version).
template <class Finish>
Result<bool> record_in_turn(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                            const std::string& family, const NewStep& step, Finish finish) {
  HAVEN_TRY(row, records::find_family_row(ws, c.id, family));
  std::string id = new_id("jst");
  return records::audited_write<bool>(
      ws, c, by, Item::case_progress, row.id, "journey_" + std::string(name_of(step.step)), "family:" + row.id,
      "step,on_day", [&]() -> Result<bool> {
        // Session times are read to hold the pre-visits before the first session; the step itself
        // is what is decided and audited.
        auto sessions = access::consider(c, access::view(c, by, Item::session_times, row.id));
        if (!sessions.allowed()) return std::unexpected(access::refusal(sessions));
        HAVEN_TRY(facts, load(ws, row, *sessions.permit));
        Journey j = derive(facts, c.preset, london_today());
        HAVEN_CHECK(in_turn(j, step.step, step.person_id));
        HAVEN_CHECK(dated_rightly(j, step.step, step.on));
        HAVEN_TRY(detail, finish(facts));
        std::optional<std::string> person;
        if (!step.person_id.empty()) person = step.person_id;
        store::execute(ws.db(),
                       "INSERT INTO journey_steps (id, family_id, step, on_day, person_id, detail, recorded_by, "
                       "recorded_at) VALUES (:i, :f, :s, :d, :p, :x, :b, :a)",
                       id, row.id, std::string(name_of(step.step)), format_day(step.on), person, detail, by.id,
                       format_utc(now()));
        return true;
      });
}

// The waiting-list steps (w) of a centre's families (f) still waiting: no place offered, not
// closed. Binds :c. In first-come order by w.on_day, w.recorded_at, w.id.
constexpr const char* still_waiting =
    "FROM journey_steps w JOIN families f ON f.id = w.family_id WHERE f.centre_id = :c AND w.step = 'waiting_list' "
    "AND NOT EXISTS (SELECT 1 FROM journey_steps o WHERE o.family_id = w.family_id AND o.step IN ('place_offered', "
    "'closed')) ";

// The centre's families waiting for a place, first come first.
std::vector<Waiting> read_waiting(app::Workspace& ws, const std::string& centre_id) {
  std::vector<Waiting> out;
  for (const auto& row : store::rows(ws.db(),
                                     std::string("SELECT w.family_id, f.reference, w.on_day ") + still_waiting +
                                         "ORDER BY w.on_day, w.recorded_at, w.id",
                                     centre_id))
    out.push_back(
        {row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), static_cast<int>(out.size()) + 1});
  return out;
}

// One waiting family's place in that order (1 for the first), counted without reading the list.
int waiting_position(app::Workspace& ws, const std::string& centre_id, const std::string& family_id) {
  return static_cast<int>(
      store::value<long long>(
          ws.db(),
          std::string("SELECT COUNT(*) ") + still_waiting +
              "AND EXISTS (SELECT 1 FROM journey_steps me WHERE me.family_id = :f AND me.step = 'waiting_list' AND "
              "(w.on_day < me.on_day OR (w.on_day = me.on_day AND (w.recorded_at < me.recorded_at OR "
              "(w.recorded_at = me.recorded_at AND w.id <= me.id)))))",
          centre_id, family_id)
          .value_or(0));
}

}  // namespace

std::string_view describe(Stage stage) {
  switch (stage) {
    case Stage::referred:
      return "Referred";
    case Stage::waiting:
      return "On the waiting list";
    case Stage::intake:
      return "Intake";
    case Stage::active:
      return "Contact under way";
    case Stage::review_due:
      return "Review due";
    case Stage::closed:
      return "Closed";
  }
  return "Closed";
}

std::string_view describe(Outcome outcome) {
  switch (outcome) {
    case Outcome::own_arrangements:
      return "Moved on to their own arrangements";
    case Outcome::court_order:
      return "Ended by a court order";
    case Outcome::withdrawn:
      return "Withdrawn";
    case Outcome::refused:
      return "Referral refused";
    case Outcome::other:
      return "Other";
  }
  return "Other";
}

std::string_view describe(Plan plan) { return plan == Plan::risk_assessment ? "risk assessment" : "contact plan"; }

policy::Item item_of(Plan plan) { return plan == Plan::risk_assessment ? Item::risk_assessment : Item::contact_plan; }

std::string_view parent_words(std::string_view party) {
  return party == "resident_parent" ? "the resident parent" : "the non-resident parent";
}

std::string describe_step(std::string_view step, std::string_view detail) {
  auto known = parse_enum<Step>(step);
  if (!known) return "A step of the case";
  switch (*known) {
    case Step::waiting_list:
      return "Put on the waiting list";
    case Step::place_offered:
      return "Offered a place";
    case Step::pre_visit:
      return "Pre-visit to the centre";
    case Step::ground_rules:
      return fmt::format("Signed the ground rules (policy version {})", detail);
    case Step::contact_begun:
      return "Contact began";
    case Step::reviewed:
      return "Contact reviewed";
    case Step::closed: {
      auto outcome = parse_enum<Outcome>(detail);
      return fmt::format("Case closed: {}", outcome ? describe(*outcome) : std::string_view("other"));
    }
  }
  return "A step of the case";
}

namespace {

// The stage of each family with steps among `rows` (family_id, step, on_day), in their order.
std::map<std::string, Stage> stages_from(store::Rows rows, const policy::Preset& preset, Day today) {
  std::map<std::string, Milestones> milestones;
  for (const auto& row : rows) {
    auto step = parse_enum<Step>(row.get<std::string>(1));
    if (!step) continue;  // written by a later version of Haven
    // The step each milestone is the day of; pre-visits and ground rules do not move the stage.
    constexpr std::pair<Step, std::string Milestones::*> days[] = {{Step::waiting_list, &Milestones::waiting_since},
                                                                   {Step::place_offered, &Milestones::offered_on},
                                                                   {Step::contact_begun, &Milestones::started_on},
                                                                   {Step::reviewed, &Milestones::last_review},
                                                                   {Step::closed, &Milestones::closed_on}};
    for (auto [kind, day] : days)
      if (kind == *step) milestones[row.get<std::string>(0)].*day = row.get<std::string>(2);
  }
  std::map<std::string, Stage> out;
  for (const auto& [family, m] : milestones) out[family] = stage_of(m, preset, today).first;
  return out;
}

}  // namespace

std::map<std::string, Stage> stages_of_centre(app::Workspace& ws, const app::Centre& c, Day today) {
  return stages_from(store::rows(ws.db(),
                                 "SELECT j.family_id, j.step, j.on_day FROM "
                                 "journey_steps j JOIN families f "
                                 "ON f.id = j.family_id WHERE f.centre_id = :c "
                                 "ORDER BY j.on_day, j.recorded_at, j.id",
                                 c.id),
                     c.preset, today);
}

Stage stage_of_family(app::Workspace& ws, const app::Centre& c, const std::string& family_id, Day today) {
  auto stages = stages_from(store::rows(ws.db(),
                                        "SELECT family_id, step, on_day FROM "
                                        "journey_steps WHERE family_id = :f "
                                        "ORDER BY on_day, recorded_at, id",
                                        family_id),
                            c.preset, today);
  auto it = stages.find(family_id);
  return it == stages.end() ? Stage::referred : it->second;
}

Result<Journey> journey_of(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                           const std::string& family) {
  HAVEN_TRY(row, records::find_family_row(ws, c.id, family));
  access::FamilyGate gate(c, as, row.id,
                          {Item::case_progress, Item::session_times, Item::risk_assessment, Item::contact_plan});
  std::string resource = "family:" + row.id;
  // A journey is read with the family's session times (its first session): both, or a refusal,
  // audited as the one refused.
  for (Item needed : {Item::case_progress, Item::session_times})
    if (!gate.allows(needed)) {
      auto denied = access::require(ws, c, access::view(c, as, needed, row.id), {"view_journey", resource});
      return std::unexpected(denied ? access::refusal(gate.first_denial()) : denied.error());
    }
  HAVEN_TRY(facts, load(ws, row, *gate.permit(Item::session_times)));
  Journey j = derive(facts, c.preset, london_today());
  j.next_steps = next_steps(j);
  j.papers_open = j.stage != Stage::closed && j.disposed_on.empty();
  return store::guard_storage([&]() -> Result<Journey> {
    if (j.stage == Stage::waiting) j.waiting_position = waiting_position(ws, c.id, row.id);
    auto key = ws.keys().family_cipher(row.id);
    for (auto [plan, view] :
         {std::pair{Plan::risk_assessment, &j.risk_assessment}, std::pair{Plan::contact_plan, &j.contact_plan}}) {
      Item item = item_of(plan);
      const policy::Permit* permit = gate.permit(item);
      if (!permit || !key || view->written_on.empty()) continue;
      auto newest = store::first_row(ws.db(),
                                     "SELECT id, body FROM family_plans WHERE family_id = :f AND kind = :k "
                                     "ORDER BY written_at DESC, id DESC LIMIT 1",
                                     row.id, std::string(name_of(plan)));
      if (!newest) continue;
      HAVEN_TRY(text, key->open(*permit, item, newest->get<std::string>(0), newest->get<std::string>(1)));
      view->text = text;
    }
    HAVEN_CHECK(ws.audit().append_committed(gate.audit_entries(c.id, as.id, {"view_journey", resource})));
    return j;
  });
}

Result<std::vector<Waiting>> waiting_list(app::Workspace& ws, const app::Centre& c, const access::Staff& as) {
  auto decision =
      access::require(ws, c, access::view(c, as, Item::case_progress, "*"), {"view_waiting_list", "centre:" + c.id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<Waiting>> {
    auto out = read_waiting(ws, c.id);
    HAVEN_CHECK(
        ws.audit().append_committed({{c.id, as.id, "view_waiting_list", "centre:" + c.id, "reference,case_progress",
                                      std::string(decision->clause_id()), "allow"}}));
    return out;
  });
}

Result<std::vector<ReviewDue>> reviews_due(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                           Day by_day) {
  auto decision =
      access::require(ws, c, access::view(c, as, Item::case_progress, "*"), {"list_reviews_due", "centre:" + c.id});
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<ReviewDue>> {
    // Per family: the day contact began or was last reviewed, unless the case is closed.
    std::map<std::string, std::pair<std::string, std::string>> latest;  // family -> (reference, day)
    std::set<std::string> closed;
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT j.family_id, f.reference, j.step, j.on_day FROM journey_steps j JOIN "
                                       "families f ON f.id = j.family_id WHERE f.centre_id = :c AND j.step IN "
                                       "('contact_begun', 'reviewed', 'closed')",
                                       c.id)) {
      std::string family = row.get<std::string>(0), step = row.get<std::string>(2), on = row.get<std::string>(3);
      if (step == name_of(Step::closed)) closed.insert(family);
      auto& [reference, day] = latest[family];
      reference = row.get<std::string>(1);
      if (step != name_of(Step::closed)) day = std::max(day, on);
    }
    std::vector<ReviewDue> out;
    for (const auto& [family, seen] : latest) {
      auto from = parse_day(seen.second);
      if (closed.contains(family) || !from) continue;
      Day due = review_due_after(*from, c.preset);
      if (due <= by_day) out.push_back({family, seen.first, format_day(due)});
    }
    std::ranges::sort(out, {}, &ReviewDue::due_on);
    HAVEN_CHECK(
        ws.audit().append_committed({{c.id, as.id, "list_reviews_due", "centre:" + c.id, "reference,case_progress",
                                      std::string(decision->clause_id()), "allow"}}));
    return out;
  });
}

Result<bool> record_step(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& family,
                         const NewStep& step) {
  switch (step.step) {
    case Step::ground_rules:
      if (step.how.empty())
        return fail(ErrorKind::invalid_input, "say how the ground rules were signed (e.g. signed copy)");
      // The ground rules carry the policy: the parent's acknowledgement of the version in force
      // on the day they signed (clause 9), recorded when that is the version in force now.
      return record_in_turn(ws, c, by, family, step, [&](const Facts& facts) -> Result<std::string> {
        std::string version = version_on(facts, step.on);
        if (version != c.preset.version) return version;
        governance::Acknowledgement a{policy::Audience::users, "person", step.person_id, format_day(step.on), step.how};
        auto told = governance::acknowledge(ws, c, by, a);
        if (!told && told.error().kind != ErrorKind::conflict) return std::unexpected(told.error());
        return version;  // recorded now, or already for this version
      });
    case Step::closed:
      return record_in_turn(ws, c, by, family, step,
                            [&](const Facts&) -> Result<std::string> { return std::string(name_of(step.outcome)); });
    default:
      return record_in_turn(ws, c, by, family, step, [](const Facts&) -> Result<std::string> { return ""; });
  }
}

Result<bool> record_parents_own_ground_rules(app::Workspace& ws, const app::Centre& c, const access::Parent& p,
                                             const policy::Permit& sessions, Day today) {
  HAVEN_TRY(row, records::find_family_row(ws, c.id, p.family_id));
  HAVEN_TRY(facts, load(ws, row, sessions));
  if (!in_turn(derive(facts, c.preset, today), Step::ground_rules, p.person_id)) return false;
  store::execute(ws.db(),
                 "INSERT INTO journey_steps (id, family_id, step, on_day, person_id, detail, recorded_by, recorded_at) "
                 "VALUES (:i, :f, :s, :d, :p, :x, :b, :a)",
                 new_id("jst"), row.id, std::string(name_of(Step::ground_rules)), format_day(today), p.person_id,
                 version_on(facts, today), p.person_id, format_utc(now()));
  return true;
}

Result<bool> write_plan(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& family,
                        Plan plan, const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(ErrorKind::invalid_input, fmt::format("write the {}", describe(plan)));
  HAVEN_TRY(row, records::find_family_row(ws, c.id, family));
  auto key = records::cipher_for_new_record(ws, row.id);
  if (!key) return std::unexpected(key.error());
  Item item = item_of(plan);
  std::string id = new_id("pln");
  return records::audited_write<bool>(
      ws, c, by, item, row.id, "write_" + std::string(name_of(plan)), "plan:" + id, "body", [&]() -> Result<bool> {
        auto closed = store::value<std::string>(
            ws.db(), "SELECT on_day FROM journey_steps WHERE family_id = :f AND step = 'closed'", row.id);
        if (closed) return fail(ErrorKind::conflict, fmt::format("this case was closed on {}", day_words(*closed)));
        std::string sealed = key->seal(item, id, text).ciphertext();
        store::execute(ws.db(),
                       "INSERT INTO family_plans (id, family_id, kind, body, written_by, written_at) "
                       "VALUES (:i, :f, :k, :b, :w, :a)",
                       id, row.id, std::string(name_of(plan)), sealed, by.id, format_utc(now()));
        return true;
      });
}

}  // namespace haven::journey
