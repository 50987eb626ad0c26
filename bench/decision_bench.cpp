// How long one decision takes, for a cheap allow and for the longest path (an exception
// disclosure that passes every check). Compare with an audit append (audit_bench.cpp).
#include <benchmark/benchmark.h>

#include "policy/decision.hpp"
#include "support/temp_workspace.hpp"

namespace {

using namespace haven::policy;

void BM_DecideVolunteerView(benchmark::State& state) {
  auto preset = haven::testing::shipped_preset("birmingham");
  DecisionPoint dp(preset);
  AccessRequest r;
  r.actor = {"stf_1", "ctr_1", Role::volunteer, DbsLevel::enhanced, std::chrono::floor<std::chrono::days>(haven::now()) - std::chrono::days{30}, false, false, {}, {}, {}};
  r.item = Item::first_name;
  r.purpose = Purpose::running_session;
  r.family_id = "fam_1";
  for (auto _ : state) benchmark::DoNotOptimize(dp.decide(r));
}
BENCHMARK(BM_DecideVolunteerView);

void BM_DecideExceptionDisclosure(benchmark::State& state) {
  auto preset = haven::testing::shipped_preset("west-wilts");
  DecisionPoint dp(preset);
  AccessRequest r;
  r.actor = {"stf_2", "ctr_1", Role::safeguarding_lead, DbsLevel::enhanced, std::chrono::floor<std::chrono::days>(haven::now()) - std::chrono::days{30}, false, false, {}, {}, {}};
  r.action = Action::release;
  r.item = Item::session_note;
  r.purpose = Purpose::child_welfare;
  r.family_id = "fam_1";
  r.recipient = {RecipientKind::other_agency, Side::neutral, "agency"};
  r.facts.concern_recorded = true;
  r.facts.justification = "bruising seen at handover";
  for (auto _ : state) benchmark::DoNotOptimize(dp.decide(r));
}
BENCHMARK(BM_DecideExceptionDisclosure);

}  // namespace
