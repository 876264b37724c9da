// The whole annual complaints report (every measure, volumes, outcomes, self-assessment) for a
// landlord with 100,000 / 1,000,000 / 5,000,000 cases on SQLite: time and peak memory.
//
// FIXTURE, NOT THE PRODUCT PATH: the databases are made by bulk INSERTs straight into the
// projection tables (case_facts, clocks, stock, homes, compliance, survey) in one transaction,
// because driving millions of cases through the lifecycle would take hours. They are cached
// under the build directory (bench-reports-N.db) and reused only when complete: the stamp (a
// bench_fixture row, written in the fixture's one transaction after every row) names N and
// case_facts holds N rows; anything else is rebuilt (the rollups of migration 0009 are
// filled by its triggers as the rows go in, the compliance tallies as the import does). 5,000,000 runs only with
// CHARTER_BENCH_5M=1 (its fixture takes minutes to build).
//
//   build/bench/annual_report_bench --benchmark_counters_tabular=true
//
// Measured 2026-12-01 on the shared 2-core machine (load 7-12 from other builds), 3 iterations:
// 100k cases 92 ms wall / 47 ms CPU / 44 MB peak RSS; 1M cases 241 ms / 238 ms / 317 MB (the
// RSS includes the fixture load in the same process). Before the rollups of migration 0009:
// 1M cases 19.8 s wall / 3.6 s CPU. 5M: its fixture did not build in the time available.
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "app/reports_service.h"
#include "store/core/report_sql.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/report_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    fmt::print(stderr, "fixture: {}: {}\n", sql, err ? err : "?");
    std::abort();
  }
}

// Fixtures go beside the binary (the build directory) unless CHARTER_BENCH_DIR says otherwise.
std::filesystem::path benchDir() {
  if (const char* env = std::getenv("CHARTER_BENCH_DIR")) return env;
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

// The first column of the first row of `sql` on the file; -1 when the query fails.
long long scalar(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

// The fixture at `path` is complete: stamped for `cases` and holding that many case rows.
bool complete(const std::filesystem::path& path, long cases) {
  if (!std::filesystem::exists(path)) return false;
  return scalar(path, "SELECT cases FROM bench_fixture WHERE name = 'annual_report'") == cases &&
         scalar(path, "SELECT count(*) FROM case_facts") == cases;
}

std::filesystem::path fixture(long cases) {
  const auto path = benchDir() / fmt::format("bench-reports-{}.db", cases);
  if (complete(path, cases)) return path;
  if (std::filesystem::exists(path)) {
    fmt::print(stderr, "{} is not a complete fixture of {} cases: rebuilding it\n", path.string(),
               cases);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path.string() + suffix);
  }
  const auto tmp = path.string() + ".tmp";
  std::filesystem::remove(tmp);
  {
    auto store = SqliteStore::open({.path = tmp, .synchronous_full = false});  // migrations
    if (!store) std::abort();
  }
  sqlite3* db = nullptr;
  sqlite3_open(tmp.c_str(), &db);
  exec(db, "PRAGMA synchronous=OFF");
  exec(db, "BEGIN");
  exec(db, "INSERT OR IGNORE INTO landlords (landlord_id, slug, name) VALUES (1, 'bench', 'Bench')");
  sqlite3_stmt *facts, *clock;
  sqlite3_prepare_v2(db,
      "INSERT INTO case_facts VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14, ?15, ?16, ?17, ?18, 0)", -1, &facts, nullptr);
  sqlite3_prepare_v2(db,
      "INSERT INTO clocks (landlord_id, case_id, name, status, start_day, original_due_day, "
      "due_day, met_day, provisional, extended, tenure) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?5, ?6, 0, "
      "0, ?7)",
      -1, &clock, nullptr);
  std::mt19937 rng(42);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* kinds[] = {"complaint", "complaint", "service_request", "enquiry", "compliment", "comment"};
  const char* areas[] = {"Repairs", "Lettings", "Rents", "ASB", "Estates", "Customer services"};
  const char* themes[] = {"Delay", "Quality", "Communication", "Staff conduct", "Policy"};
  const int first = dayNumber(*parseDate("2023-04-01"));
  const int span = dayNumber(*parseDate("2026-03-31")) - first;
  const char* tenure = "";
  auto addClock = [&](long id, const char* name, int start, int due, int met) {
    sqlite3_bind_int64(clock, 1, id);
    sqlite3_bind_text(clock, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(clock, 3, met <= due ? "met" : "missed", -1, SQLITE_STATIC);
    sqlite3_bind_int(clock, 4, start);
    sqlite3_bind_int(clock, 5, due);
    sqlite3_bind_int(clock, 6, met);
    sqlite3_bind_text(clock, 7, tenure, -1, SQLITE_STATIC);
    sqlite3_step(clock);
    sqlite3_reset(clock);
  };
  for (long id = 1; id <= cases; ++id) {
    const char* kind = kinds[pick(0, 5)];
    const bool complaint = std::string_view(kind) == "complaint";
    const int received = first + pick(0, span);
    const int ack = received + pick(0, 7);
    const int resp = ack + pick(1, 20);
    const bool escalated = complaint && pick(0, 6) == 0;
    const int esc = resp + pick(0, 5), ack2 = esc + pick(0, 6), resp2 = ack2 + pick(5, 35);
    sqlite3_bind_int64(facts, 1, id);
    sqlite3_bind_text(facts, 2, kind, -1, SQLITE_STATIC);
    tenure = pick(0, 9) ? "social_rent" : "shared_ownership";
    sqlite3_bind_text(facts, 3, tenure, -1, SQLITE_STATIC);
    sqlite3_bind_text(facts, 4, areas[pick(0, 5)], -1, SQLITE_STATIC);
    sqlite3_bind_text(facts, 5, themes[pick(0, 4)], -1, SQLITE_STATIC);
    sqlite3_bind_text(facts, 6, "phone", -1, SQLITE_STATIC);
    sqlite3_bind_text(facts, 7, escalated ? "closed" : "responded", -1, SQLITE_STATIC);
    sqlite3_bind_int(facts, 8, received);
    if (escalated) sqlite3_bind_int(facts, 9, esc); else sqlite3_bind_null(facts, 9);
    if (complaint) sqlite3_bind_int(facts, 10, resp); else sqlite3_bind_null(facts, 10);
    if (escalated) sqlite3_bind_int(facts, 11, resp2); else sqlite3_bind_null(facts, 11);
    sqlite3_bind_text(facts, 12, complaint ? (pick(0, 1) ? "upheld" : "not_upheld") : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(facts, 13, complaint ? 2 : 0);
    sqlite3_bind_int(facts, 14, complaint ? pick(0, 2) : 0);
    sqlite3_bind_int(facts, 15, escalated ? pick(0, 1) : 0);
    sqlite3_bind_text(facts, 16, "", -1, SQLITE_STATIC);
    sqlite3_bind_int(facts, 17, complaint ? pick(0, 2) : 0);
    sqlite3_bind_double(facts, 18, complaint ? pick(0, 3) * 50.0 : 0.0);
    sqlite3_step(facts);
    sqlite3_reset(facts);
    if (!complaint) continue;
    addClock(id, "stage1.acknowledge", received, received + 7, ack);
    addClock(id, "stage1.respond", ack, ack + 14, resp);
    if (escalated) {
      addClock(id, "stage2.acknowledge", esc, esc + 7, ack2);
      addClock(id, "stage2.respond", ack2, ack2 + 28, resp2);
    }
  }
  sqlite3_finalize(facts);
  sqlite3_finalize(clock);
  const long homes = std::max(1000L, cases / 5);
  for (int y = 2023; y <= 2025; ++y) {
    const int ye = dayNumber(*parseDate(fmt::format("{}-03-31", y + 1)));
    exec(db, fmt::format("INSERT INTO stock_counts VALUES (1, {}, 'social_rent', {}), (1, {}, "
                         "'shared_ownership', {})", ye, homes * 9 / 10, ye, homes / 10).c_str());
  }
  const int ye = dayNumber(*parseDate("2026-03-31"));
  exec(db, fmt::format("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {0}) "
                       "INSERT INTO homes SELECT 1, 'H' || i, 'B' || (i / 20), CASE WHEN i % 10 = 0 "
                       "THEN 'shared_ownership' ELSE 'social_rent' END FROM n", homes).c_str());
  exec(db, fmt::format("INSERT INTO compliance_records SELECT 1, {0}, 'gas', home_ref, '', 1, "
                       "CASE WHEN abs(random()) % 500 = 0 THEN 0 ELSE 1 END FROM homes", ye).c_str());
  exec(db, fmt::format("INSERT INTO compliance_records SELECT 1, {0}, 'decent_homes', home_ref, '', 1, "
                       "CASE WHEN abs(random()) % 300 = 0 THEN 0 ELSE 1 END FROM homes", ye).c_str());
  exec(db, fmt::format("INSERT INTO compliance_records SELECT 1, {0}, 'fire', '', block_ref, 1, "
                       "CASE WHEN abs(random()) % 50 = 0 THEN 0 ELSE 1 END FROM (SELECT DISTINCT "
                       "block_ref FROM homes)", ye).c_str());
  exec(db, fmt::format("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                       "INSERT INTO survey_responses SELECT 1, 'R' || i, 'HH' || i, CASE WHEN i % 5 = 0 "
                       "THEN 'shared_ownership' ELSE 'social_rent' END, {0} - (i % 300), 'phone', 1.0, "
                       "i % 2, i % 4 = 0, i % 3 = 0, 1 + i % 5, 1 + i % 4, 1 + i % 3, 1 + i % 5, i % 6, "
                       "i % 6, 1 + i % 5, i % 6, 1 + i % 5, 1 + i % 4, i % 6, i % 6 FROM n", ye).c_str());
  {
    // As the compliance import does (store/core/report_sql.h): the tallies the report reads.
    sqlite::SqliteSession session(db);
    if (!store_core::exec(session, store_core::Command(store_core::kTallyCompliance,
                                                       {std::int64_t{1}}))) {
      std::abort();
    }
  }
  // The stamp, last in the one transaction: a fixture without it was cut short.
  exec(db, "CREATE TABLE bench_fixture (name TEXT PRIMARY KEY, cases INTEGER)");
  exec(db, fmt::format("INSERT INTO bench_fixture VALUES ('annual_report', {})", cases).c_str());
  exec(db, "COMMIT");
  exec(db, "ANALYZE");
  sqlite3_close(db);
  std::filesystem::rename(tmp, path);
  return path;
}

void AnnualReport(benchmark::State& state) {
  const long cases = state.range(0);
  if (cases >= 5000000 && !std::getenv("CHARTER_BENCH_5M")) {
    state.SkipWithError("set CHARTER_BENCH_5M=1 to build and run the 5,000,000-case fixture");
    return;
  }
  const auto path = fixture(cases);
  if (!complete(path, cases)) {
    state.SkipWithError("the fixture is not complete");
    return;
  }
  auto store = SqliteStore::open({.path = path, .synchronous_full = false});  // as in serve
  if (!store) std::abort();
  auto policy = loadPolicyFile(std::filesystem::path(std::getenv("CHARTER_SOURCE_DIR") ? std::getenv("CHARTER_SOURCE_DIR") : ".") /
                                "policies/example-000-001.toml");
  if (!policy) std::abort();
  const auto year = *measures::parsePeriod("2025-26");
  long measures = 0;
  for (auto _ : state) {
    // A fresh report store each time: nothing memoised from the previous report.
    auto reports = SqliteReportStore::open(path, 1);
    if (!reports) std::abort();
    ReportService service(**reports, *policy);
    auto r = service.annualReport(year);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    measures = static_cast<long>(r->measures.size());
    benchmark::DoNotOptimize(r);
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  state.counters["cases"] = static_cast<double>(scalar(path, "SELECT count(*) FROM case_facts"));
  state.counters["measures"] = static_cast<double>(measures);
  state.counters["peak_rss_MB"] = static_cast<double>(u.ru_maxrss) / 1024.0;
}
BENCHMARK(AnnualReport)->Arg(100000)->Arg(1000000)->Arg(5000000)->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace charter
