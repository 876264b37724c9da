// Benchmark: the staff "My work" page for a handler with 200 open cases in a database of
// 1,000,000 cases, measured as server time (the router's dispatch of GET /staff: session
// lookup, the store queries, grouping and HTML rendering; no network).
//
//   build/web_mywork_bench [--db build/bench-web-1m.db] [--cases 1000000] [--runs 1000]
//
// The database is built once (a few minutes; synchronous=NORMAL while building) and reused
// only when complete: it holds exactly --cases cases and the stamp (a bench_fixture row) that
// is written after the last case, so a build cut short is rebuilt, never measured. Prints the
// cases it measured over, then p50 / p90 / p99 / max in milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

#include "app/case_service.h"
#include "domain/lifecycle.h"
#include "store/sqlite/sqlite_store.h"
#include "app/accounts.h"
#include "app/authz.h"
#include "app/landlords.h"
#include "store/sqlite/account_store.h"
#include "web/web.h"

using namespace charter;

namespace {

constexpr const char* kHandler = "bench-handler";

nlohmann::json newCase(const char* kind, long i, Instant at) {
  return {{"kind", kind}, {"received_at", formatInstant(at)}, {"channel", i % 3 ? "phone" : "email"},
          {"summary", fmt::format("Case {}: the repair to the kitchen was not completed", i)},
          {"person", {{"name", fmt::format("Resident {}", i)},
                      {"address", fmt::format("{} Station Road", i % 997)}}}};
}

Status build(SqliteStore& store, const Policy& policy, long total, Instant now) {
  const char* kinds[] = {"service_request", "complaint", "enquiry", "service_request", "comment"};
  const Date today = policy.working_calendar->localDate(now);
  constexpr long kPerTxn = 5000;
  long made = 0;
  auto started = std::chrono::steady_clock::now();
  // The target handler's 200 open complaints (received over the last six weeks, so some are
  // overdue, some due today, some due soon), then 2,000 of their finished ones, then the rest.
  for (long from = 0; from < total; from += kPerTxn) {
    auto s = store.write(1, [&](CaseTxn& txn) -> Status {
      for (long i = from; i < std::min(total, from + kPerTxn); ++i) {
        bool mine_open = i < 200, mine_closed = i >= 200 && i < 2200;
        Instant at = mine_open ? now - std::chrono::hours(5 * (i % 200) + 1)
                               : now - std::chrono::hours(24 * 400) + std::chrono::seconds(i * 30);
        const char* kind = (mine_open || mine_closed) ? "complaint" : kinds[i % 5];
        DecisionContext ctx{policy, at + std::chrono::minutes(1), "bench"};
        auto first = decideNew(newCase(kind, i, at), ctx);
        if (!first) return tl::unexpected(first.error());
        CaseId id = *txn.nextCaseId();
        std::vector<Event> events{*first};
        CaseState st = CaseState::fold(id, caseReference(id), events);
        auto step = [&](nlohmann::json body, Instant when) -> Status {
          DecisionContext c{policy, when, "bench"};
          body["at"] = formatInstant(when);
          auto evs = decideAction(st, body, c);
          if (!evs) return tl::unexpected(evs.error());
          for (auto& e : *evs) {
            st.apply(e);
            events.push_back(e);
          }
          return {};
        };
        if (mine_open || mine_closed || i % 7 == 0) {
          std::string handler = (mine_open || mine_closed) ? kHandler : fmt::format("officer-{}", i % 500);
          if (st.kind == CaseKind::kComplaint) {
            if (auto r = step({{"action", "acknowledge"}, {"definition", "The repair was not done"},
                               {"handler", handler}}, at + std::chrono::hours(1)); !r) return r;
          }
        }
        if (!mine_open && (mine_closed || i % 10 != 0)) {
          if (auto r = step({{"action", "close"}, {"reason", "Resolved"}}, at + std::chrono::hours(2)); !r) return r;
        }
        std::vector<Clock> clocks = evaluateClocks(st, policy, today);
        if (auto a = txn.append(id, events, CaseProjection{&st, &clocks}); !a) return a;
      }
      return {};
    });
    if (!s) return s;
    made = std::min(total, from + kPerTxn);
    if (made % 100000 == 0) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      fmt::print(stderr, "  built {} cases ({:.0f} s)\n", made, secs);
    }
  }
  return {};
}

// Runs `sql` on the file; the first column of the first row as a number (-1 when the query
// fails, e.g. the table is absent).
long long scalar(const std::filesystem::path& db, const char* sql) {
  sqlite3* h = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return v;
}

// The fixture is complete: its stamp says `total` cases and it holds that many.
bool complete(const std::filesystem::path& db, long total) {
  if (!std::filesystem::exists(db)) return false;
  return scalar(db, "SELECT cases FROM bench_fixture WHERE name = 'web_mywork'") == total &&
         scalar(db, "SELECT count(*) FROM cases") == total;
}

// Written once every case is in: the mark of a complete fixture.
bool stamp(const std::filesystem::path& db, long total) {
  sqlite3* h = nullptr;
  bool ok = sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
  const std::string sql = fmt::format(
      "BEGIN; CREATE TABLE IF NOT EXISTS bench_fixture (name TEXT PRIMARY KEY, cases INTEGER); "
      "INSERT OR REPLACE INTO bench_fixture VALUES ('web_mywork', {}); COMMIT;", total);
  ok = ok && sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(h);
  return ok;
}

void removeDatabase(const std::filesystem::path& db) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(db.string() + suffix);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path db = "build/bench-web-1m.db";
  long total = 1000000;
  int runs = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") db = argv[i + 1];
    else if (a == "--cases") total = std::stol(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
  }
  auto policy = builtinPolicy("hos-code-2024").value();
  SystemTimeSource time;
  const Instant now = time.now();
  const bool fresh = !complete(db, total);
  if (fresh && std::filesystem::exists(db)) {
    fmt::print(stderr, "{} is not a complete fixture of {} cases: rebuilding it\n", db.string(), total);
    removeDatabase(db);
  }
  SqliteOptions options;
  options.path = db;
  options.synchronous_full = false;
  auto store = SqliteStore::open(options);
  if (!store) {
    fmt::print(stderr, "error: {}\n", store.error().message);
    return 1;
  }
  if (fresh) {
    fmt::print(stderr, "building {} cases in {} (once; reused afterwards)\n", total, db.string());
    if (auto s = build(**store, *policy, total, now); !s) {
      fmt::print(stderr, "error: {}\n", s.error().message);
      store->reset();
      removeDatabase(db);
      return 1;
    }
    if (!stamp(db, total)) {
      fmt::print(stderr, "error: cannot stamp the fixture {}\n", db.string());
      return 1;
    }
  }
  const long long cases = scalar(db, "SELECT count(*) FROM cases");
  if (cases != total) {
    fmt::print(stderr, "error: the fixture holds {} cases, not {}\n", cases, total);
    return 1;
  }
  // The real account store and service, with the cheapest password hashing (sign-in is not
  // what is measured).
  SqliteAccountStore account_store(**store);
  LandlordRegistry registry(**store, account_store, time, policy);
  if (auto s = registry.load(); !s) {
    fmt::print(stderr, "error: {}\n", s.error().message);
    return 1;
  }
  AuthorisedCases authorised(registry);
  AccountOptions account_options;
  account_options.opslimit = 1;
  account_options.memlimit = 8u * 1024;
  auto accounts = makeAccountService(account_store, time, account_options);
  NewAccount a;
  a.landlord = 1;
  a.username = kHandler;
  a.display_name = "Bench handler";
  a.password = "bench password for my work";
  a.role = Role::kInvestigatingManager;
  (void)accounts->addAccount(a);  // already there when the fixture is reused
  auto session = accounts->signIn("demo", kHandler, a.password, "127.0.0.1");
  if (!session) {
    fmt::print(stderr, "error: cannot sign in: {}\n", session.error().message);
    return 1;
  }
  web::WebOptions wo;
  wo.landlord_slug = "demo";
  http::Router router;
  web::addRoutes(router, authorised, *accounts, wo);

  auto once = [&]() {
    http::Request req;
    req.method = "GET";
    req.target = req.path = "/staff";
    req.headers["cookie"] = "charter_session=" + session->token;
    auto t0 = std::chrono::steady_clock::now();
    http::Response r = router.dispatch(req);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return std::make_pair(ms, r);
  };
  auto [first_ms, first] = once();
  if (first.status != 200) {
    fmt::print(stderr, "error: GET /staff answered {}\n", first.status);
    return 1;
  }
  auto count = [&](std::string_view needle) {
    std::size_t n = 0;
    for (auto p = first.body.find(needle); p != std::string::npos; p = first.body.find(needle, p + 1)) ++n;
    return n;
  };
  for (int i = 0; i < 20; ++i) once();
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) ms.push_back(once().first);
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  fmt::print("My work (GET /staff), handler with {} open cases, database of {} cases ({}):\n",
             count("govuk-table__row\"><td"), cases, db.string());
  fmt::print("  first (cold) {:.2f} ms; {} runs: p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms; page {} KB\n",
             first_ms, runs, pct(0.50), pct(0.90), pct(0.99), ms.back(), first.body.size() / 1024);
  return 0;
}
