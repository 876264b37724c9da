// history_bench: the annual report and the case list and search, on a database built the way
// a landlord's history arrives: N generated cases (bench/gen_history) through
// `charter import ... cases` (the bulk importer, rollups computed once).
//
//   build/bench/history_bench [N=1000000] [--db FILE]
//
// The fixture (default bench-history-N.db beside the binary, or CHARTER_BENCH_DIR) is reused
// only when complete: a bench_fixture row, written after the import committed, names N, and
// the landlord's cases number N. Anything else is deleted and built again. It prints what it
// measured: the fixture's row counts and stamp, then per query the runs, p50, p99 and max.
// SQLite only (the importer runs on PostgreSQL too; this fixture check does not yet).
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "app/case_service.h"
#include "app/reports_service.h"
#include "main/backend.h"

namespace charter {
namespace {

using Steady = std::chrono::steady_clock;
const Date kToday = std::chrono::year{2026} / 12 / 1;

std::filesystem::path benchDir() {
  if (const char* env = std::getenv("CHARTER_BENCH_DIR")) return env;
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

// The first column of the first row of `sql`; -1 when it fails (no table, no file).
long long scalar(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

bool complete(const std::filesystem::path& db, long n) {
  return scalar(db, fmt::format("SELECT count(*) FROM bench_fixture WHERE cases = {}", n)) == 1 &&
         scalar(db, "SELECT count(*) FROM cases WHERE landlord_id = 1") == n;
}

bool build(const std::filesystem::path& db, long n) {
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + ext);
  const auto start = Steady::now();
  const std::string cmd = fmt::format(
      "{} {} --end 2026-11-30T17:00:00Z | {} import --db {} --landlord demo cases - "
      "--today 2026-12-01",
      CHARTER_GEN_HISTORY, n, CHARTER_BINARY, db.string());
  fmt::print("fixture: {}\n", cmd);
  if (std::system(cmd.c_str()) != 0) return false;
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  const std::string stamp = fmt::format(
      "CREATE TABLE bench_fixture (cases BIGINT NOT NULL, built_s REAL NOT NULL); "
      "INSERT INTO bench_fixture VALUES ({}, {})",
      n, std::chrono::duration<double>(Steady::now() - start).count());
  const bool ok = sqlite3_exec(h, stamp.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(h);
  return ok;
}

void measure(const char* what, int runs, const std::function<bool()>& once) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t = Steady::now();
    if (!once()) {
      fmt::print("{:<40} FAILED\n", what);
      return;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))]; };
  fmt::print("{:<40} runs {:>4}  p50 {:>8.2f} ms  p99 {:>8.2f} ms  max {:>8.2f} ms\n", what, runs,
             at(0.5), at(0.99), ms.back());
}

int run(long n, std::filesystem::path db) {
  if (db.empty()) db = benchDir() / fmt::format("bench-history-{}.db", n);
  if (!complete(db, n)) {
    fmt::print("fixture {} missing or incomplete: building it with the importer\n", db.string());
    if (!build(db, n) || !complete(db, n)) {
      fmt::print(stderr, "fixture {} could not be built\n", db.string());
      return 1;
    }
  }
  fmt::print("fixture {}: {} cases, {} events, {} clocks, {} case_months rows; built in {:.0f} s\n",
             db.string(), scalar(db, "SELECT count(*) FROM cases"),
             scalar(db, "SELECT count(*) FROM events"), scalar(db, "SELECT count(*) FROM clocks"),
             scalar(db, "SELECT count(*) FROM case_months"),
             static_cast<double>(scalar(db, "SELECT CAST(built_s AS INTEGER) FROM bench_fixture")));
  auto backend = openBackend(db.string());
  if (!backend) return fmt::print(stderr, "{}\n", backend.error().message), 1;
  auto policy = builtinPolicy("hos-code-2024").value();
  FixedTimeSource time(kToday + std::chrono::hours{12});
  CaseService cases(*backend->cases, policy, time);
  auto store = backend->reports(1);
  if (!store) return fmt::print(stderr, "{}\n", store.error().message), 1;
  ReportService reports(**store, policy);

  measure("annual report 2025-26", 5,
          [&] { return static_cast<bool>(reports.annualReport(measures::financialYear(2025))); });
  measure("annual report 2018-19", 5,
          [&] { return static_cast<bool>(reports.annualReport(measures::financialYear(2018))); });
  auto list = [&](CaseQuery q) { return [&cases, q] { return static_cast<bool>(cases.list(q)); }; };
  // The rows a query's first page holds (so a figure is never of an empty answer unnoticed).
  auto rows = [&](const char* what, CaseQuery q) {
    auto page = cases.list(q);
    fmt::print("{:<40} first page: {} rows{}\n", what, page ? page->cases.size() : 0,
               page && page->next_cursor ? ", more" : "");
  };
  CaseQuery all;
  measure("case list: first page", 200, list(all));
  CaseQuery open_s1;
  open_s1.kind = CaseKind::kComplaint;
  open_s1.stage = 1;
  open_s1.status = CaseStatus::kOpen;
  measure("case list: open stage 1 complaints", 200, list(open_s1));
  CaseQuery overdue;
  overdue.overdue = true;
  measure("case list: overdue", 200, list(overdue));
  CaseQuery handler;
  handler.handler = "jo.bloggs";
  measure("case list: handler jo.bloggs", 200, list(handler));
  CaseQuery search;
  search.text = fmt::format("Legacy case {}", n / 2);
  measure("case search: one summary", 50, list(search));
  CaseQuery street;
  street.text = "High Street";
  measure("case search: an address many match", 200, list(street));
  // Search that finds (migration 0023): words in any order across name, address and summary,
  // a phone number in another spelling, newest first, with filters.
  CaseQuery words;
  words.text = "street PATEL";
  words.newest_first = true;
  rows("case search: two words, newest first", words);
  measure("case search: two words, newest first", 200, list(words));
  CaseQuery rare;
  rare.text = fmt::format("patel {}", n / 3);
  rows("case search: name and a number", rare);
  measure("case search: name and a number", 50, list(rare));
  CaseQuery phone;
  phone.text = fmt::format("+44 7700 {:06}", (n / 2) % 1000000);
  rows("case search: phone +44", phone);
  measure("case search: phone +44", 50, list(phone));
  CaseQuery area;
  area.service_area = "Repairs";
  area.newest_first = true;
  area.received_from = std::chrono::year{2024} / 4 / 1;
  area.received_to = std::chrono::year{2024} / 4 / 30;
  rows("case list: Repairs received April 2024", area);
  measure("case list: Repairs received April 2024", 200, list(area));
  CaseQuery newest;
  newest.newest_first = true;
  newest.after = n / 2;
  measure("case list: newest first, deep cursor", 200, list(newest));
  return 0;
}

}  // namespace
}  // namespace charter

int main(int argc, char** argv) {
  long n = 1000000;
  std::filesystem::path db;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else {
      n = std::atol(argv[i]);
    }
  }
  return charter::run(n, db);
}
