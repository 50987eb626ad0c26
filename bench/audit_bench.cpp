// Cost of appending one audit entry (hash chain + SQLite insert) in its own transaction, on a
// real SQLite file, durable (group commit, as Haven runs; or a flush per commit) and as Haven once
// ran (synchronous=NORMAL, which a power cut could undo); of reads' entries committed together;
// and of verifying a chain, per entry.
#include <benchmark/benchmark.h>

#include <algorithm>

#include "audit/audit_log.hpp"
#include "store/group_sync.hpp"
#include "support/temp_workspace.hpp"

namespace {

using Durability = haven::store::Database::Durability;

// durability: 0 group commit (as Haven commits), 1 a flush per commit (synchronous=FULL), 2 no
// flush at all (synchronous=NORMAL alone, as Haven once committed).
Durability durability_of(int64_t arg) {
  return arg == 0 ? Durability::group_commit : arg == 1 ? Durability::flush_each_commit : Durability::unflushed;
}

void BM_AuditAppend(benchmark::State& state) {
  haven::testing::TempWorkspace tw("birmingham");
  tw.ws->db().set_durability_for_measurement(durability_of(state.range(0)));
  for (auto _ : state) {
    haven::store::WriteTransaction tx(tw.ws->db(), tw.centre->id);
    benchmark::DoNotOptimize(tw.ws->audit().append(
        {tw.centre->id, "stf_bench", "view_family", "family:fam_bench", "first_name", "1", "allow"}));
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AuditAppend)->ArgName("durability")->Arg(0)->Arg(1)->Arg(2)->UseRealTime();

// Eight writers at once, each on a connection of its own to one file, each appending in its own
// transaction, as the server's workers write: group commit lets commits that arrive together
// share one flush.
void BM_ConcurrentAuditAppends(benchmark::State& state) {
  static haven::testing::TempWorkspace shared("birmingham");  // made once, by the first thread
  auto ws = haven::app::Workspace::open(shared.paths, false);
  if (!ws) {
    state.SkipWithError(ws.error().message.c_str());
    return;
  }
  (*ws)->db().set_durability_for_measurement(durability_of(state.range(0)));
  const std::string centre = shared.centre->id;
  for (auto _ : state) {
    haven::store::WriteTransaction tx((*ws)->db(), centre);
    benchmark::DoNotOptimize(
        (*ws)->audit().append({centre, "stf_bench", "view_family", "family:fam_bench", "first_name", "1", "allow"}));
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0 && state.range(0) == 0) {
    auto counts = haven::store::GroupSync::for_file((*ws)->db().path())->counts();
    state.counters["commits_per_flush"] = static_cast<double>(counts.commits) / std::max<uint64_t>(counts.flushes, 1);
  }
}
BENCHMARK(BM_ConcurrentAuditAppends)->ArgName("durability")->Arg(0)->Arg(1)->Arg(2)->Threads(8)->Threads(16)->UseRealTime();

// Eight workers at once, each with a read's audit entry to commit (AuditLog::append_committed),
// as the server's audited reads commit theirs: entries handed in together share one transaction
// and one flush, durable as group commit is. Set against durability:2 above (a transaction per
// entry, never flushed) by bench/durable_vs_unflushed.sh.
void BM_ConcurrentReadAudits(benchmark::State& state) {
  static haven::testing::TempWorkspace shared("birmingham");
  auto ws = haven::app::Workspace::open(shared.paths, false);
  if (!ws) {
    state.SkipWithError(ws.error().message.c_str());
    return;
  }
  const std::string centre = shared.centre->id;
  auto before = (*ws)->audit().shared_counts();
  for (auto _ : state) {
    auto appended = (*ws)->audit().append_committed(
        {{centre, "stf_bench", "view_family", "family:fam_bench", "first_name", "1", "allow"}});
    if (!appended) state.SkipWithError(appended.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    auto after = (*ws)->audit().shared_counts();
    state.counters["entries_per_commit"] = static_cast<double>(after.hand_ins - before.hand_ins) /
                                           std::max<uint64_t>(after.transactions - before.transactions, 1);
  }
}
BENCHMARK(BM_ConcurrentReadAudits)->Threads(8)->Threads(16)->UseRealTime();

// A chain of `entries` (and its checkpoints and their witness records) verified whole.
void BM_AuditVerifyPerEntry(benchmark::State& state) {
  haven::testing::TempWorkspace tw("birmingham");
  const int64_t entries = state.range(0);
  {
    haven::store::WriteTransaction tx(tw.ws->db());
    for (int64_t i = 0; i < entries; ++i)
      tw.ws->audit().append({tw.centre->id, "stf_bench", "view_family", "family:fam_bench", "first_name", "1", "allow"});
    tx.commit();
  }
  for (auto _ : state) benchmark::DoNotOptimize(tw.ws->audit().verify());
  state.SetItemsProcessed(state.iterations() * entries);
}
BENCHMARK(BM_AuditVerifyPerEntry)->ArgName("entries")->Arg(1000)->Arg(20000)->UseRealTime();

}  // namespace
