// The durable store: case creation through CaseService (synchronous=FULL, group commit) with
// 1, 16 and 64 writer threads, and a page of 50 cases from a table of 100,000.
//
// Files go under $CHARTER_BENCH_DIR (default: the system temp directory); they are removed at
// exit. Run: build/bench/store_bench [--benchmark_filter=Create]
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include <fmt/format.h>

#include "app/case_service.h"
#include "domain/clocks.h"
#include "domain/lifecycle.h"
#include "policy/policy.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

std::filesystem::path benchDir() {
  const char* env = std::getenv("CHARTER_BENCH_DIR");
  std::filesystem::path base = env != nullptr ? env : std::filesystem::temp_directory_path();
  std::random_device rd;
  auto dir = base / ("charter-store-bench-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

struct Fixture {
  std::filesystem::path dir;
  PolicyPtr policy;
  FixedTimeSource time{*parseInstant("2025-06-02T12:00:00Z")};
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<CaseService> service;

  explicit Fixture(const std::string& name) : dir(benchDir()) {
    policy = *builtinPolicy("hos-code-2024");
    SqliteOptions options;
    options.path = dir / (name + ".db");
    auto s = SqliteStore::open(options);
    if (!s) throw std::runtime_error(s.error().message);
    store = std::move(*s);
    service = std::make_unique<CaseService>(*store, policy, time);
  }
  ~Fixture() {
    service.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

nlohmann::json body(const char* kind, long i) {
  static const char* kChannels[] = {"phone", "email", "web_form", "letter"};
  return {{"kind", kind},
          {"received_at", fmt::format("2025-05-{:02}T10:00:00+01:00", 1 + i % 28)},
          {"channel", kChannels[i % 4]},
          {"summary", "Bench case " + std::to_string(i) + ": repair not completed"},
          {"person", {{"name", "Resident " + std::to_string(i)}, {"phone", "01632 960000"}}},
          {"service_area", "Repairs"},
          {"theme", "Repairs"}};
}

// ---- Durable creation -------------------------------------------------------------------------

Fixture* g_create = nullptr;
SqliteStore::Stats g_create_before;

void BM_CreateCase(benchmark::State& state) {
  if (state.thread_index() == 0) {
    if (g_create == nullptr) g_create = new Fixture("create");
    g_create_before = g_create->store->stats();
  }
  long i = state.thread_index() * 1000000L;
  for (auto _ : state) {
    auto v = g_create->service->create(body("complaint", i++), "Bench");
    if (!v) {
      state.SkipWithError(v.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    auto after = g_create->store->stats();
    const double commits = static_cast<double>(after.commits - g_create_before.commits);
    const double jobs = static_cast<double>(after.jobs - g_create_before.jobs);
    state.counters["jobs_per_commit"] = commits > 0 ? jobs / commits : 0;
  }
}
BENCHMARK(BM_CreateCase)->Threads(1)->Threads(16)->Threads(64)->UseRealTime()->MinTime(3.0);

// ---- Listing from 100k ------------------------------------------------------------------------

Fixture* g_list = nullptr;

Fixture& listFixture() {
  if (g_list != nullptr) return *g_list;
  g_list = new Fixture("list");
  const char* kinds[] = {"complaint", "service_request", "enquiry", "service_request"};
  constexpr long kCases = 100000;
  constexpr long kPerTxn = 2000;
  const Instant now = g_list->time.now();
  DecisionContext ctx{*g_list->policy, now, "Bench"};
  const Date today = g_list->service->today();
  for (long from = 0; from < kCases; from += kPerTxn) {
    auto s = g_list->store->write(1, [&](CaseTxn& txn) -> Status {
      for (long i = from; i < from + kPerTxn; ++i) {
        auto e = decideNew(body(kinds[i % 4], i), ctx);
        if (!e) return tl::unexpected(e.error());
        auto id = txn.nextCaseId();
        if (!id) return tl::unexpected(id.error());
        std::vector<Event> events{*e};
        CaseState st = CaseState::fold(*id, caseReference(*id), events);
        std::vector<Clock> clocks = evaluateClocks(st, *g_list->policy, today);
        if (auto a = txn.append(*id, events, CaseProjection{&st, &clocks}); !a) return a;
      }
      return {};
    });
    if (!s) throw std::runtime_error(s.error().message);
  }
  return *g_list;
}

void runList(benchmark::State& state, CaseQuery q) {
  Fixture& f = listFixture();
  q.limit = 50;
  long rows = 0;
  for (auto _ : state) {
    auto page = f.service->list(q);
    if (!page) {
      state.SkipWithError(page.error().message.c_str());
      break;
    }
    rows += static_cast<long>(page->cases.size());
    benchmark::DoNotOptimize(page->cases.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["rows_per_page"] =
      state.iterations() > 0 ? static_cast<double>(rows) / state.iterations() : 0;
}

void BM_List50_FirstPage(benchmark::State& state) { runList(state, {}); }
void BM_List50_DeepCursor(benchmark::State& state) {
  CaseQuery q;
  q.after = 90000;
  runList(state, q);
}
void BM_List50_KindStatus(benchmark::State& state) {
  CaseQuery q;
  q.kind = CaseKind::kComplaint;
  q.status = CaseStatus::kOpen;
  q.after = 50000;
  runList(state, q);
}
void BM_List50_Overdue(benchmark::State& state) {
  CaseQuery q;
  q.overdue = true;
  runList(state, q);
}
void BM_List50_DueBefore(benchmark::State& state) {
  CaseQuery q;
  q.due_before = *parseDate("2025-05-20");
  runList(state, q);
}
void BM_List50_Text(benchmark::State& state) {
  CaseQuery q;
  q.text = "Resident 9999";
  runList(state, q);
}
BENCHMARK(BM_List50_FirstPage);
BENCHMARK(BM_List50_DeepCursor);
BENCHMARK(BM_List50_KindStatus);
BENCHMARK(BM_List50_Overdue);
BENCHMARK(BM_List50_DueBefore);
BENCHMARK(BM_List50_Text);

struct Cleanup {
  ~Cleanup() {
    delete g_create;
    delete g_list;
  }
} g_cleanup;

}  // namespace
}  // namespace charter
