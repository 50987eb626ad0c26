// A family's journey through the centre, from referral to closure, as dated steps:
//
//   referred -> waiting (a place on the waiting list) -> intake (a place offered: each parent's
//   pre-visit and ground rules, the risk assessment and the contact plan) -> active (contact
//   begun) -> review due (the preset's interval after the start or the last review) -> closed
//   (with an outcome)
//
// A family may be closed from any stage (a referral refused, a family that withdraws while it
// waits). Each step is recorded on a day, no later than today, through the decision point
// (action "record" of the family's case_progress: coordinators and management), audited, and
// it moves the family's retention clock (clause 8) like any other write. A step out of turn is
// a conflict that says what comes first. Each parent's pre-visit comes before the day of the
// family's first session; the ground rules are the parent's acknowledgement of the policy
// version in force on the day they signed (clause 9 for users), recorded with it. The risk assessment and contact plan
// are sealed with the family's key and read only by coordinators, management and the
// safeguarding lead.
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/parent.hpp"
#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "core/enum_names.hpp"
#include "core/time.hpp"
#include "policy/decision.hpp"

namespace haven::journey {

enum class Stage { referred, waiting, intake, active, review_due, closed };

// How a case ended: a fixed list, so a closure holds nothing personal.
enum class Outcome { own_arrangements, court_order, withdrawn, refused, other };

enum class Plan { risk_assessment, contact_plan };

// The steps of a journey, as recorded.
enum class Step {
  waiting_list,   // put on the waiting list
  place_offered,  // offered a place, from the waiting list or straight from referral: intake begins
  pre_visit,      // a parent's pre-visit (person_id)
  ground_rules,   // a parent signed the ground rules and was given the policy in force (person_id, how)
  contact_begun,  // once intake is complete (Journey::to_begin empty)
  reviewed,       // a review of contact held
  closed,         // the case closed (outcome)
};

struct ParentIntake {
  std::string person_id;
  std::string party;            // resident_parent or non_resident_parent
  std::string pre_visit_on;     // YYYY-MM-DD; empty until recorded
  std::string ground_rules_on;  // YYYY-MM-DD the parent signed the ground rules; empty until then
  std::string policy_version;   // the policy version they acknowledged with them
};

struct PlanView {
  std::string written_on;           // YYYY-MM-DD of the version in force; empty when none is written
  std::optional<std::string> text;  // the text, for those who may read it
};

struct Journey {
  std::string family_id;
  std::string reference;
  std::string disposed_on;  // YYYY-MM-DD when its records were destroyed (clause 8): no steps remain
  Stage stage = Stage::referred;
  std::string referred_on;       // the first referral's day, when one is recorded
  std::string waiting_since;     // YYYY-MM-DD put on the waiting list
  int waiting_position = 0;      // 1 is next to be offered a place; 0 unless waiting
  std::string offered_on;        // a place offered: intake begins
  std::string first_session_on;  // the day of the first session that stands, when one is booked
  std::vector<ParentIntake> parents;
  PlanView risk_assessment, contact_plan;
  std::string started_on;            // contact begun
  std::vector<std::string> reviews;  // days, oldest first
  std::string review_due_on;         // while contact runs
  std::string closed_on;
  std::optional<Outcome> outcome;
  std::vector<std::string> to_begin;  // what intake still needs before contact begins, in words
  std::vector<Step> next_steps;       // the steps that may be recorded now, in the journey's order
  bool papers_open = false;           // a new version of the intake papers may be written
};

// The family's journey (its reference or id), read and audited as its case_progress; the plans'
// text is opened where the reader may see it.
[[nodiscard]] Result<Journey> journey_of(app::Workspace& ws, const app::Centre& c, const access::Staff& as,
                                         const std::string& family);

// The stage of each of the centre's families that has a step recorded, as of `today`, worked
// out from its steps alone (a family with none is at Stage::referred). Neither decided nor
// audited: for a list whose caller decides on case_progress and audits the read as one.
// Throws DatabaseError like store::rows.
[[nodiscard]] std::map<std::string, Stage> stages_of_centre(app::Workspace& ws, const app::Centre& c, Day today);
// The stage of one family, worked out the same way; the same terms (neither decided nor audited).
[[nodiscard]] Stage stage_of_family(app::Workspace& ws, const app::Centre& c, const std::string& family_id, Day today);

struct Waiting {
  std::string family_id;
  std::string reference;
  std::string since;  // YYYY-MM-DD
  int position = 0;
};
// The centre's waiting list, first come first: audited as one read of its families' case_progress.
[[nodiscard]] Result<std::vector<Waiting>> waiting_list(app::Workspace& ws, const app::Centre& c,
                                                        const access::Staff& as);

struct ReviewDue {
  std::string family_id;
  std::string reference;
  std::string due_on;  // YYYY-MM-DD
};
// The centre's families whose contact is under way and whose review falls due on or before
// `by_day` (overdue ones included), soonest first: audited as one read of their case_progress.
[[nodiscard]] Result<std::vector<ReviewDue>> reviews_due(app::Workspace& ws, const app::Centre& c,
                                                         const access::Staff& as, Day by_day);

struct NewStep {
  Step step = Step::waiting_list;
  Day on;                            // no later than today, and no earlier than the step before it
  std::string person_id;             // pre_visit, ground_rules: one of the family's parents
  std::string how;                   // ground_rules: as for governance::acknowledge ("signed copy")
  Outcome outcome = Outcome::other;  // closed
};

// Records the step for the family (its reference or id), in its turn.
[[nodiscard]] Result<bool> record_step(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                       const std::string& family, const NewStep& step);
// A parent agrees to the ground rules themselves, in the parents' portal (clause 9): their
// ground-rules step, dated `today` with the version in force, when it is theirs to take now (the
// family is at intake and theirs is not yet recorded). Returns whether it was recorded; nothing is
// written otherwise. It neither decides nor audits: call it inside the parent's own audited act
// (portal::acknowledge_policy), with their permit to read their family's session times.
[[nodiscard]] Result<bool> record_parents_own_ground_rules(app::Workspace& ws, const app::Centre& c,
                                                           const access::Parent& p, const policy::Permit& sessions,
                                                           Day today);
// Writes a new version of the plan; the earlier ones are kept.
[[nodiscard]] Result<bool> write_plan(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                      const std::string& family, Plan plan, const std::string& text);

// Words for a person: "On the waiting list", "Moved on to their own arrangements".
[[nodiscard]] std::string_view describe(Stage stage);
[[nodiscard]] std::string_view describe(Outcome outcome);
[[nodiscard]] std::string_view describe(Plan plan);  // "risk assessment", "contact plan"
// The decision point's item for the plan.
[[nodiscard]] policy::Item item_of(Plan plan);
// "the resident parent", "the non-resident parent", for a parent's party.
[[nodiscard]] std::string_view parent_words(std::string_view party);
// A stored step (its name and detail, as a subject access export reads them) in words:
// "Offered a place", "Signed the ground rules (policy version 2026.1)", "Case closed: withdrawn".
[[nodiscard]] std::string describe_step(std::string_view step, std::string_view detail);

}  // namespace haven::journey

namespace haven {

template <>
struct EnumNames<journey::Stage> {
  static constexpr std::array<std::pair<journey::Stage, std::string_view>, 6> table{{
      {journey::Stage::referred, "referred"},
      {journey::Stage::waiting, "waiting"},
      {journey::Stage::intake, "intake"},
      {journey::Stage::active, "active"},
      {journey::Stage::review_due, "review_due"},
      {journey::Stage::closed, "closed"},
  }};
};

template <>
struct EnumNames<journey::Outcome> {
  static constexpr std::array<std::pair<journey::Outcome, std::string_view>, 5> table{{
      {journey::Outcome::own_arrangements, "own_arrangements"},
      {journey::Outcome::court_order, "court_order"},
      {journey::Outcome::withdrawn, "withdrawn"},
      {journey::Outcome::refused, "refused"},
      {journey::Outcome::other, "other"},
  }};
};

template <>
struct EnumNames<journey::Step> {
  static constexpr std::array<std::pair<journey::Step, std::string_view>, 7> table{{
      {journey::Step::waiting_list, "waiting_list"},
      {journey::Step::place_offered, "place_offered"},
      {journey::Step::pre_visit, "pre_visit"},
      {journey::Step::ground_rules, "ground_rules"},
      {journey::Step::contact_begun, "contact_begun"},
      {journey::Step::reviewed, "reviewed"},
      {journey::Step::closed, "closed"},
  }};
};

template <>
struct EnumNames<journey::Plan> {
  static constexpr std::array<std::pair<journey::Plan, std::string_view>, 2> table{{
      {journey::Plan::risk_assessment, "risk_assessment"},
      {journey::Plan::contact_plan, "contact_plan"},
  }};
};

}  // namespace haven
