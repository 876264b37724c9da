// Benchmark: the staff "My work" page for a handler with 200 open cases (--open) in a database
// of 1,000,000 cases, measured as server time (the router's dispatch of GET /staff: session
// lookup, the store queries, grouping and HTML rendering; no network).
//
//   build/web_mywork_bench [--db build/bench-web-1m.db | --pg DSN] [--cases 1000000]
//                          [--runs 1000] [--open 200] [--path /staff]
//
// --pg measures on PostgreSQL (a database of its own: the fixture is built in it when it holds
// no cases, and a database holding other cases is refused, never emptied), for example
// `scripts/with-postgres.sh sh -c 'build/bench/web_mywork_bench --pg "$CHARTER_PG_DSN" ...'`.
// --open 900 in a database of 200,000 gives the handler of the 5,000,000-case fixture (894 open
// cases) cheaply. --path measures another page of the same person instead of My work (one of
// its sections: /staff/work/overdue?page=2). Besides the page, it times the store's part alone:
// the five lists My work reads (web/my_work.cc casesOf), every page of each.
//
// The database is built once (a few minutes; synchronous=NORMAL while building), analysed,
// and reused only when complete: it holds exactly --cases cases and the stamp (a bench_fixture
// row, naming the cases and the handler's open cases) that is written after the last case, so
// a build cut short, or one for another --open, is rebuilt, never measured. Prints the cases it
// measured over, then p50 / p90 / p99 / max in milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "app/case_service.h"
#include "domain/lifecycle.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "app/accounts.h"
#include "app/authz.h"
#include "app/landlords.h"
#include "store/sqlite/account_store.h"
#include "http/server.h"
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

Status build(CaseStore& store, const Policy& policy, long total, long open, Instant now) {
  const char* kinds[] = {"service_request", "complaint", "enquiry", "service_request", "comment"};
  const Date today = policy.working_calendar->localDate(now);
  constexpr long kPerTxn = 5000;
  long made = 0;
  auto started = std::chrono::steady_clock::now();
  // The target handler's `open` open complaints (received over the last six weeks, so some
  // are overdue, some due today, some due soon), then 2,000 of their finished ones, then the
  // rest.
  for (long from = 0; from < total; from += kPerTxn) {
    auto s = store.write(1, [&](CaseTxn& txn) -> Status {
      for (long i = from; i < std::min(total, from + kPerTxn); ++i) {
        bool mine_open = i < open, mine_closed = i >= open && i < open + 2000;
        Instant at = mine_open ? now - std::chrono::hours(5 * (i % 200) + 1)
                               : now - std::chrono::hours(24 * 400) + std::chrono::seconds(i * 30);
        const char* kind = (mine_open || mine_closed) ? "complaint" : kinds[i % 5];
        DecisionContext ctx{policy, at + std::chrono::minutes(1), "bench"};
        auto first = decideNew(newCase(kind, i, at), ctx);
        if (!first) return tl::unexpected(first.error());
        auto next_id = txn.nextCaseId();  // PostgreSQL defers the job once to number it last
        if (!next_id) return tl::unexpected(next_id.error());
        CaseId id = *next_id;
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
          nlohmann::json close = {{"action", "close"}, {"reason", "Resolved"}};
          if (st.kind == CaseKind::kComplaint) {  // unanswered: a ground (001 §4.12)
            close["ground"] = "resolution_agreed";
            close["evidence"] = "The resident agreed the repair settles it";
          }
          if (auto r = step(close, at + std::chrono::hours(2)); !r) return r;
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

// Where the fixture is: a SQLite file, or a PostgreSQL database when `dsn` is set. Runs the
// few statements of the bench's own (the check and the stamp).
struct Fixture {
  std::filesystem::path file;
  std::string dsn;

  std::string name() const { return dsn.empty() ? file.string() : "PostgreSQL " + dsn; }

  // The first column of the first row of `sql` as a number (-1 when the query fails, e.g. the
  // table is absent).
  long long scalar(const std::string& sql) const {
    long long v = -1;
    if (!dsn.empty()) {
      PGconn* c = PQconnectdb(dsn.c_str());
      PGresult* r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql.c_str()) : nullptr;
      if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) v = std::stoll(PQgetvalue(r, 0, 0));
      PQclear(r);
      PQfinish(c);
      return v;
    }
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(file.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
  }

  // Runs `sql` (several statements); false when it fails.
  bool exec(const std::string& sql) const {
    if (!dsn.empty()) {
      PGconn* c = PQconnectdb(dsn.c_str());
      PGresult* r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql.c_str()) : nullptr;
      const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      PQfinish(c);
      return ok;
    }
    sqlite3* h = nullptr;
    bool ok = sqlite3_open_v2(file.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
    ok = ok && sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(h);
    return ok;
  }

  bool exists() const { return !dsn.empty() || std::filesystem::exists(file); }

  long long cases() const { return scalar("SELECT count(*) FROM cases"); }

  // Complete: its stamp says `total` cases, `open` of them the handler's open ones, and it
  // holds that many.
  bool complete(long total, long open) const {
    if (!exists()) return false;
    return scalar("SELECT cases FROM bench_fixture WHERE name = 'web_mywork'") == total &&
           scalar("SELECT cases FROM bench_fixture WHERE name = 'web_mywork_open'") == open &&
           cases() == total;
  }

  // Written once every case is in: the mark of a complete fixture.
  bool stamp(long total, long open) const {
    return exec(fmt::format(
        "BEGIN; CREATE TABLE IF NOT EXISTS bench_fixture (name TEXT PRIMARY KEY, cases BIGINT); "
        "INSERT INTO bench_fixture VALUES ('web_mywork', {}), ('web_mywork_open', {}) "
        "ON CONFLICT (name) DO UPDATE SET cases = excluded.cases; COMMIT;", total, open));
  }

  // An incomplete SQLite fixture is deleted (rebuilt after); a PostgreSQL database is never
  // emptied: false when it holds cases.
  bool clear() const {
    if (!dsn.empty()) return cases() <= 0;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(file.string() + suffix);
    return true;
  }
};

// The case store and the account store on the fixture's database.
struct Stores {
  std::unique_ptr<CaseStore> cases;
  std::unique_ptr<AccountStore> accounts;
};

Result<Stores> openStores(const Fixture& f) {
  Stores out;
  if (!f.dsn.empty()) {
    PgOptions o;
    o.dsn = f.dsn;
    auto s = PgStore::open(o);
    if (!s) return tl::unexpected(s.error());
    auto a = PgAccountStore::open(f.dsn);
    if (!a) return tl::unexpected(a.error());
    out.cases = std::move(*s);
    out.accounts = std::move(*a);
    return out;
  }
  SqliteOptions o;
  o.path = f.file;
  o.synchronous_full = false;
  auto s = SqliteStore::open(o);
  if (!s) return tl::unexpected(s.error());
  out.accounts = std::make_unique<SqliteAccountStore>(**s);
  out.cases = std::move(*s);
  return out;
}

// "p50 …, p90 …, p99 …, max …" of the times (sorted here).
std::string percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  return fmt::format("p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms", pct(0.50),
                     pct(0.90), pct(0.99), ms.back());
}

// The milliseconds the five lists My work reads take (web/my_work.cc casesOf: open and
// responded as handler and as owner, closed as handler with a due date), every page of each;
// `rows` is how many rows they gave.
double storeLists(AuthorisedCases& cases, const Principal& who, Date today, std::size_t& rows) {
  static constexpr std::pair<CaseStatus, bool> kLists[] = {
      {CaseStatus::kOpen, false}, {CaseStatus::kOpen, true}, {CaseStatus::kResponded, false},
      {CaseStatus::kResponded, true}, {CaseStatus::kClosed, false}};
  rows = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& [status, as_owner] : kLists) {
    CaseQuery q;
    (as_owner ? q.owner : q.handler) = who.username;
    q.status = status;
    if (status == CaseStatus::kClosed) q.due_before = fromDayNumber(1 << 24);
    q.limit = 500;
    q.today = today;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = cases.list(who, q);
      if (!page) break;
      rows += page->cases.size();
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// "You have 894 open cases" as the page says it ("no count" when it does not).
std::string openSentence(const std::string& body) {
  const auto at = body.find("You have ");
  if (at == std::string::npos) return "no count";
  return body.substr(at, body.find('.', at) - at);
}

}  // namespace

int main(int argc, char** argv) {
  Fixture fx{"build/bench-web-1m.db", ""};
  long total = 1000000;
  int runs = 1000;
  long open = 200;
  std::string path = "/staff";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") fx.file = argv[i + 1];
    else if (a == "--pg") fx.dsn = argv[i + 1];
    else if (a == "--cases") total = std::stol(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    else if (a == "--open") open = std::stol(argv[i + 1]);
    else if (a == "--path") path = argv[i + 1];
  }
  auto policy = builtinPolicy("hos-code-2024").value();
  SystemTimeSource time;
  const Instant now = time.now();
  const bool fresh = !fx.complete(total, open);
  if (fresh && fx.exists()) {
    fmt::print(stderr, "{} is not a complete fixture of {} cases ({} open): rebuilding it\n",
               fx.name(), total, open);
    if (!fx.clear()) {
      fmt::print(stderr, "error: {} holds other cases; give an empty database\n", fx.name());
      return 1;
    }
  }
  auto stores = openStores(fx);
  if (!stores) {
    fmt::print(stderr, "error: {}\n", stores.error().message);
    return 1;
  }
  if (fresh) {
    fmt::print(stderr, "building {} cases in {} (once; reused afterwards)\n", total, fx.name());
    if (auto s = build(*stores->cases, *policy, total, open, now); !s) {
      fmt::print(stderr, "error: {}\n", s.error().message);
      stores->accounts.reset();
      stores->cases.reset();
      if (fx.dsn.empty()) fx.clear();
      return 1;
    }
    // Statistics, as a database in service has them (PRAGMA optimize, autovacuum): without
    // them SQLite read My work's closed cases with a due date through cases_with_due, every
    // case of the landlord with a due date (34,689 of 200,000 here: 30 ms), not the handler's.
    if (!fx.exec("ANALYZE")) {
      fmt::print(stderr, "error: cannot analyse the fixture {}\n", fx.name());
      return 1;
    }
    if (!fx.stamp(total, open)) {
      fmt::print(stderr, "error: cannot stamp the fixture {}\n", fx.name());
      return 1;
    }
  }
  const long long cases = fx.cases();
  if (cases != total) {
    fmt::print(stderr, "error: the fixture holds {} cases, not {}\n", cases, total);
    return 1;
  }
  // The real account store and service, with the cheapest password hashing (sign-in is not
  // what is measured).
  LandlordRegistry registry(*stores->cases, *stores->accounts, time, policy);
  if (auto s = registry.load(); !s) {
    fmt::print(stderr, "error: {}\n", s.error().message);
    return 1;
  }
  AuthorisedCases authorised(registry);
  AccountOptions account_options;
  account_options.opslimit = 1;
  account_options.memlimit = 8u * 1024;
  auto accounts = makeAccountService(*stores->accounts, time, account_options);
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
    req.target = path;
    const auto q = path.find('?');
    req.path = path.substr(0, q);
    if (q != std::string::npos) req.query = http::parseQuery(path.substr(q + 1)).value_or(req.query);
    req.headers["cookie"] = "charter_session=" + session->token;
    auto t0 = std::chrono::steady_clock::now();
    http::Response r = router.dispatch(req);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return std::make_pair(ms, r);
  };
  auto [first_ms, first] = once();
  if (first.status != 200) {
    fmt::print(stderr, "error: GET {} answered {}\n", path, first.status);
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
  const Date today = policy->working_calendar->localDate(time.now());
  std::size_t listed = 0;
  std::vector<double> store_ms;
  for (int i = 0; i < runs; ++i) store_ms.push_back(storeLists(authorised, session->principal, today, listed));
  fmt::print("{} (GET {}), handler with {} open cases, database of {} cases ({}):\n",
             path == "/staff" ? "My work" : "A section of My work", path, open, cases, fx.name());
  fmt::print("  {}; {} table rows shown; page {} KB\n", openSentence(first.body),
             count("govuk-table__row\"><td"), first.body.size() / 1024);
  fmt::print("  page: first (cold) {:.2f} ms; {} runs: {}\n", first_ms, runs, percentiles(ms));
  fmt::print("  the store's part alone (My work's five lists, {} rows): {}\n", listed,
             percentiles(store_ms));
  return 0;
}
