// A retention sweep (preview of what is due) over N synthetic families on a real SQLite file.
// N is 10,000 by default; HAVEN_BENCH_FULL=1 adds the 1,048,576-family sweep (see README.md).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

#include "records/staff.hpp"
#include "retention/engine.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace {

using namespace haven;

void fill(testing::TempWorkspace& tw, int families) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> days_ago(0, 3650);
  auto today = std::chrono::floor<std::chrono::days>(now());
  store::WriteTransaction tx(tw.ws->db());
  std::string id, reference, at, created = format_utc(now());
  for (int i = 0; i < families; ++i) {
    id = "fam_bench" + std::to_string(i);
    reference = "B" + std::to_string(i);
    at = format_utc(Instant{today - std::chrono::days{days_ago(rng)}});
    store::execute(tw.ws->db(),
                   "INSERT INTO families (id, centre_id, reference, must_not_meet, created_at, last_used_at) "
                   "VALUES (:i, :c, :r, 0, :cr, :a)",
                   id, tw.centre->id, reference, created, at);
  }
  tx.commit();
}

void BM_RetentionPreview(benchmark::State& state) {
  testing::TempWorkspace tw("west-wilts");
  fill(tw, static_cast<int>(state.range(0)));
  auto coordinator = testing::add_vetted_staff(*tw.ws, *tw.centre, {"coord.bench", "Bench", policy::Role::coordinator},
                                               policy::DbsLevel::enhanced, "2026-01-05");
  auto today = std::chrono::floor<std::chrono::days>(now());
  std::size_t due = 0;
  for (auto _ : state) {
    auto p = retention::preview(*tw.ws, *tw.centre, *coordinator, today);
    due = p ? p->due.size() : 0;
    benchmark::DoNotOptimize(due);
  }
  state.counters["due"] = static_cast<double>(due);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RetentionPreview)->Unit(benchmark::kMillisecond)->Apply([](benchmark::internal::Benchmark* b) {
  b->Arg(10000);
  if (std::getenv("HAVEN_BENCH_FULL")) b->Arg(1 << 20);
});

}  // namespace
