// Cost of appending one audit entry (hash chain + SQLite insert) in its own transaction, on a
// real SQLite file, durable (synchronous=FULL, as Haven runs) and as Haven once ran
// (synchronous=NORMAL, which a power cut could undo); and of verifying a chain, per entry.
#include <benchmark/benchmark.h>

#include "audit/audit_log.hpp"
#include "support/temp_workspace.hpp"

namespace {

void BM_AuditAppend(benchmark::State& state) {
  haven::testing::TempWorkspace tw("birmingham");
  if (state.range(0) == 0) tw.ws->db().sql() << "PRAGMA synchronous=NORMAL";
  for (auto _ : state) {
    haven::store::WriteTransaction tx(tw.ws->db());
    benchmark::DoNotOptimize(tw.ws->audit().append(
        {tw.centre->id, "stf_bench", "view_family", "family:fam_bench", "first_name", "1", "allow"}));
    tx.commit();
  }
}
BENCHMARK(BM_AuditAppend)->ArgName("durable")->Arg(1)->Arg(0);

void BM_AuditVerifyPerEntry(benchmark::State& state) {
  haven::testing::TempWorkspace tw("birmingham");
  {
    haven::store::WriteTransaction tx(tw.ws->db());
    for (int i = 0; i < 1000; ++i)
      tw.ws->audit().append({tw.centre->id, "stf_bench", "view_family", "family:fam_bench", "first_name", "1", "allow"});
    tx.commit();
  }
  for (auto _ : state) benchmark::DoNotOptimize(tw.ws->audit().verify());
  state.SetItemsProcessed(state.iterations() * 1001);
}
BENCHMARK(BM_AuditVerifyPerEntry);

}  // namespace
