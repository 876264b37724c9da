// The store conformance suite: the same tests against every CaseStore. SQLite always; a real
// PostgreSQL when CHARTER_PG_DSN is set (scripts/test.sh starts one), each test in a fresh
// schema. The suite names both concrete stores, so it lives outside the layers (tests/store/).
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

// Designated initializers name only the CaseQuery fields a test sets.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "app/case_query.h"
#include "app/case_service.h"
#include "calendar/working_calendar.h"
#include "policy/policy.h"
#include "app/learning_service.h"
#include "store/core/attachment_store.h"
#include "store/core/case_statements.h"
#include "store/core/history_load.h"
#include "store/core/report_sql.h"
#include "store/pg/pg_database.h"
#include "store/sqlite/sql_database.h"
#include "store/pg/pg_learning.h"
#include "store/pg/pg_migrations.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/learning_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

using namespace std::chrono_literals;

Instant at(const char* text) { return *parseInstant(text); }
Date day(const char* text) { return *parseDate(text); }

nlohmann::json complaintBody(const std::string& summary,
                             const std::string& received = "2025-03-24T10:00:00Z") {
  return {{"kind", "complaint"},
          {"received_at", received},
          {"channel", "phone"},
          {"summary", summary},
          {"person", {{"name", "Ada Resident"}, {"phone", "01632 960000"}}}};
}

nlohmann::json contactBody(const std::string& kind, const std::string& summary,
                           const std::string& received = "2025-03-24T10:00:00Z") {
  nlohmann::json b = complaintBody(summary, received);
  b["kind"] = kind;
  return b;
}

struct StoreStats {
  long commits = 0;
  long jobs = 0;
};

std::string randomName(const char* prefix) {
  std::random_device rd;
  return fmt::format("{}{:08x}{:08x}", prefix, rd(), rd());
}

// One database under test.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Result<std::unique_ptr<CaseStore>> open(int max_batch) = 0;
  // The first column of the first row, as text ("<none>", "<null>", "<error: ...>").
  virtual std::string scalar(const std::string& sql) = 0;
  virtual bool exec(const std::string& sql) = 0;
  virtual StoreStats stats(CaseStore& store) = 0;
  // The LearningStore on the same database.
  virtual Result<std::unique_ptr<LearningStore>> learning() = 0;
  // The AttachmentStore on the same database (on SQLite, through `store`'s writer).
  virtual Result<std::unique_ptr<AttachmentStore>> attachments(CaseStore& store) = 0;
  // Empties the database (as if new).
  virtual void wipe() = 0;
};

class SqliteBackend final : public Backend {
 public:
  SqliteBackend() {
    dir_ = std::filesystem::temp_directory_path() / randomName("charter-conformance-");
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "charter.db";
  }
  ~SqliteBackend() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Result<std::unique_ptr<CaseStore>> open(int max_batch) override {
    SqliteOptions options;
    options.path = path_;
    options.max_batch = max_batch;
    auto s = SqliteStore::open(options);
    if (!s) return tl::unexpected(s.error());
    return std::unique_ptr<CaseStore>(std::move(*s));
  }
  std::string scalar(const std::string& sql) override {
    sqlite3* c = nullptr;
    sqlite3_open_v2(path_.c_str(), &c, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_stmt* s = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(c, sql.c_str(), -1, &s, nullptr) == SQLITE_OK) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(s, 0);
        out = t ? reinterpret_cast<const char*>(t) : "<null>";
      } else if (rc == SQLITE_DONE) {
        out = "<none>";
      } else {
        out = std::string("<error: ") + sqlite3_errmsg(c) + ">";
      }
    } else {
      out = std::string("<error: ") + sqlite3_errmsg(c) + ">";
    }
    sqlite3_finalize(s);
    sqlite3_close(c);
    return out;
  }
  bool exec(const std::string& sql) override {
    sqlite3* c = nullptr;
    sqlite3_open_v2(path_.c_str(), &c, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_busy_timeout(c, 5000);
    const int rc = sqlite3_exec(c, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(c);
    return rc == SQLITE_OK;
  }
  StoreStats stats(CaseStore& store) override {
    auto s = static_cast<SqliteStore&>(store).stats();
    return {s.commits, s.jobs};
  }
  Result<std::unique_ptr<LearningStore>> learning() override {
    auto s = SqliteLearningStore::open(path_);
    if (!s) return tl::unexpected(s.error());
    return std::unique_ptr<LearningStore>(std::move(*s));
  }
  Result<std::unique_ptr<AttachmentStore>> attachments(CaseStore& store) override {
    return std::unique_ptr<AttachmentStore>(std::make_unique<store_core::SqlAttachmentStore>(
        std::make_unique<sqlite::StoreDatabase>(static_cast<SqliteStore&>(store))));
  }
  void wipe() override {
    std::filesystem::remove(path_);
    std::filesystem::remove(path_.string() + "-wal");
    std::filesystem::remove(path_.string() + "-shm");
  }

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

// A libpq DSN (URI or key=value) with the session's search_path set to `schema`.
std::string withSchema(const std::string& dsn, const std::string& schema) {
  if (dsn.rfind("postgresql://", 0) == 0 || dsn.rfind("postgres://", 0) == 0) {
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema;
  }
  return dsn + " options='-csearch_path=" + schema + "'";
}

class PgBackend final : public Backend {
 public:
  explicit PgBackend(std::string base) : base_(std::move(base)) {
    schema_ = randomName("conf_");
    dsn_ = withSchema(base_, schema_);
    admin("CREATE SCHEMA " + schema_);
  }
  ~PgBackend() override { admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); }
  const std::string& dsn() const { return dsn_; }
  Result<std::unique_ptr<CaseStore>> open(int max_batch) override {
    PgOptions options;
    options.dsn = dsn_;
    options.max_batch = max_batch;
    auto s = PgStore::open(options);
    if (!s) return tl::unexpected(s.error());
    return std::unique_ptr<CaseStore>(std::move(*s));
  }
  std::string scalar(const std::string& sql) override {
    PGconn* c = PQconnectdb(dsn_.c_str());
    std::string out;
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
      if (PQntuples(r) == 0) {
        out = "<none>";
      } else if (PQgetisnull(r, 0, 0)) {
        out = "<null>";
      } else {
        out = PQgetvalue(r, 0, 0);
      }
    } else {
      out = std::string("<error: ") + PQerrorMessage(c) + ">";
    }
    PQclear(r);
    PQfinish(c);
    return out;
  }
  bool exec(const std::string& sql) override { return run(dsn_, sql); }
  StoreStats stats(CaseStore& store) override {
    auto s = static_cast<PgStore&>(store).stats();
    return {s.commits, s.jobs};
  }
  Result<std::unique_ptr<LearningStore>> learning() override {
    auto s = PgLearningStore::open(dsn_);
    if (!s) return tl::unexpected(s.error());
    return std::unique_ptr<LearningStore>(std::move(*s));
  }
  Result<std::unique_ptr<AttachmentStore>> attachments(CaseStore&) override {
    auto db = pg::PgDatabase::open(dsn_, 1);
    if (!db) return tl::unexpected(db.error());
    return std::unique_ptr<AttachmentStore>(
        std::make_unique<store_core::SqlAttachmentStore>(std::move(*db)));
  }
  void wipe() override {
    admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    admin("CREATE SCHEMA " + schema_);
  }

 private:
  static bool run(const std::string& dsn, const std::string& sql) {
    PGconn* c = PQconnectdb(dsn.c_str());
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    const bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    PQclear(r);
    PQfinish(c);
    return ok;
  }
  void admin(const std::string& sql) { EXPECT_TRUE(run(base_, sql)) << sql; }

  std::string base_;
  std::string schema_;
  std::string dsn_;
};

const char* pgDsn() {
  const char* dsn = std::getenv("CHARTER_PG_DSN");
  return dsn != nullptr && *dsn != '\0' ? dsn : nullptr;
}

class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      backend_ = std::make_unique<PgBackend>(pgDsn());
    } else {
      backend_ = std::make_unique<SqliteBackend>();
    }
    auto p = builtinPolicy("hos-code-2024");
    ASSERT_TRUE(p) << p.error().message;
    policy_ = *p;
    open();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    backend_.reset();
  }

  bool sqlite() const { return GetParam() == "sqlite"; }
  size_t migrationCount() const {
    return sqlite() ? embeddedMigrations().size() : pgMigrations().size();
  }

  void open(int max_batch = 256) {
    service_.reset();
    store_.reset();
    auto s = backend_->open(max_batch);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    service_ = std::make_unique<CaseService>(*store_, policy_, time_);
  }

  std::string scalar(const std::string& sql) { return backend_->scalar(sql); }
  bool exec(const std::string& sql) { return backend_->exec(sql); }
  StoreStats stats() { return backend_->stats(*store_); }

  // The ids of the cases a search for `text` finds (first 50, in case order).
  std::vector<CaseId> found(const std::string& text) {
    auto page = service_->list({.text = text, .limit = 50});
    EXPECT_TRUE(page) << page.error().message;
    std::vector<CaseId> ids;
    if (page) for (const auto& r : page->cases) ids.push_back(r.id);
    return ids;
  }

  // The ids of every page of `q`, page by page, following the cursor (at most 10 pages).
  std::vector<std::vector<CaseId>> pagesOf(CaseQuery q) {
    std::vector<std::vector<CaseId>> out;
    for (int guard = 0; guard < 10; ++guard) {
      auto page = service_->list(q);
      EXPECT_TRUE(page) << page.error().message;
      if (!page) break;
      std::vector<CaseId> ids;
      for (const auto& r : page->cases) ids.push_back(r.id);
      out.push_back(ids);
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
    return out;
  }

  CaseView create(const nlohmann::json& body) {
    auto v = service_->create(body, "Test Officer");
    EXPECT_TRUE(v) << v.error().message << " " << v.error().field << " " << v.error().rule;
    return v ? *v : CaseView{};
  }

  // Event `seq` of a raw history: 1 receives an enquiry with this summary, later ones are notes.
  static Event rawEvent(int seq, const std::string& summary, const char* actor = "test") {
    Event e;
    e.seq = seq;
    e.type = seq == 1 ? "received" : "note";
    e.at = at("2025-03-24T10:00:00Z");
    e.recorded_at = e.at;
    e.actor = actor;
    e.data = seq == 1 ? nlohmann::json{{"kind", "enquiry"}, {"channel", "email"},
                                       {"summary", summary}}
                      : nlohmann::json{{"text", summary}};
    return e;
  }

  // An event-level write that bypasses the domain decisions (store tests).
  Status appendRaw(CaseId id, int seq, const std::string& summary, CaseStore* store = nullptr,
                   LandlordId landlord = 1) {
    return (store ? *store : *store_).write(landlord, [&](CaseTxn& txn) -> Status {
      auto loaded = txn.load(id);
      if (!loaded) return tl::unexpected(loaded.error());
      CaseState state = loaded->value_or(CaseState{});
      Event e = rawEvent(seq, summary);
      if (!*loaded) state = CaseState::fold(id, caseReference(id), {});
      state.apply(e);
      std::vector<Clock> clocks;
      return txn.append(id, {e}, CaseProjection{&state, &clocks});
    });
  }

  std::unique_ptr<Backend> backend_;
  PolicyPtr policy_;
  FixedTimeSource time_{at("2025-03-24T12:00:00Z")};
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<CaseService> service_;
};

TEST_P(Conformance, OpensWithTheSchema) {
  EXPECT_TRUE(store_->ready());
  if (sqlite()) EXPECT_EQ(scalar("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar("SELECT slug FROM landlords WHERE landlord_id = 1"), "demo");
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), std::to_string(migrationCount()));
}

TEST_P(Conformance, CreateThenLoadRoundTripsThroughTheService) {
  CaseView created = create(complaintBody("Boiler broken for three weeks"));
  EXPECT_EQ(created.state.id, 1);
  EXPECT_EQ(created.state.reference, "CH-000001");
  EXPECT_EQ(created.state.kind, CaseKind::kComplaint);
  EXPECT_EQ(created.state.stage, 1);
  EXPECT_FALSE(created.clocks.empty());

  auto got = service_->get(1);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->state.summary, "Boiler broken for three weeks");
  EXPECT_EQ(got->state.person.name, "Ada Resident");
  EXPECT_EQ(got->state.person.phone, "01632 960000");
  EXPECT_EQ(got->state.received_at, at("2025-03-24T10:00:00Z"));
  ASSERT_EQ(got->state.events.size(), 1u);
  EXPECT_EQ(got->state.events[0].type, "received");
  EXPECT_EQ(got->state.events[0].actor, "Test Officer");
  EXPECT_EQ(got->state.events[0].recorded_at, time_.now());
  EXPECT_EQ(got->state.events[0].data, created.state.events[0].data);
  EXPECT_EQ(got->clocks.size(), created.clocks.size());

  // The stored projection matches.
  auto page = service_->list({});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->cases.size(), 1u);
  const CaseSummary& row = page->cases[0];
  EXPECT_EQ(row.reference, "CH-000001");
  EXPECT_EQ(row.kind, "complaint");
  EXPECT_EQ(row.channel, "phone");
  EXPECT_EQ(row.status, "open");
  EXPECT_EQ(row.stage, 1);
  EXPECT_EQ(row.person_name, "Ada Resident");
  EXPECT_EQ(row.next_due, nextDue(created.clocks));
  EXPECT_FALSE(row.next_clock.empty());
  EXPECT_EQ(scalar("SELECT count(*) FROM clocks WHERE landlord_id = 1 AND case_id = 1"),
            std::to_string(created.clocks.size()));

  // An action appends and re-projects.
  auto acked = service_->act(1, {{"action", "acknowledge"},
                                 {"at", "2025-03-24T11:00:00Z"},
                                 {"definition", "Boiler not repaired; wants it fixed"},
                                 {"handler", "Investigating Officer"}},
                             "Test Officer");
  ASSERT_TRUE(acked) << acked.error().message << " " << acked.error().field;
  EXPECT_EQ(acked->state.version(), 2);
  auto again = store_->load(1, 1);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->version(), 2);
  EXPECT_EQ((*again)->stage1.handler, "Investigating Officer");
  EXPECT_EQ(scalar("SELECT handler || '/' || version FROM cases WHERE case_id = 1"),
            "Investigating Officer/2");

  auto missing = service_->get(99);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto missing_act = service_->act(99, {{"action", "note"}, {"text", "x"}}, "Test Officer");
  ASSERT_FALSE(missing_act);
  EXPECT_EQ(missing_act.error().kind, ErrorKind::kNotFound);
}

TEST_P(Conformance, InvalidInputWritesNothing) {
  auto bad = service_->create({{"kind", "complaint"}, {"channel", "pigeon"}}, "Test Officer");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), "0");
  EXPECT_EQ(create(complaintBody("first")).state.id, 1);
}

TEST_P(Conformance, GroupCommitWithManyWritersKeepsEveryAnsweredWrite) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 25;
  const auto before = stats();
  std::vector<std::vector<CaseId>> ids(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto v = service_->create(complaintBody("w" + std::to_string(t) + "-" + std::to_string(i)),
                                  "Writer");
        if (!v) {
          ++failures;
          continue;
        }
        ids[t].push_back(v->state.id);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  const auto after = stats();
  const long jobs = after.jobs - before.jobs;
  const long commits = after.commits - before.commits;
  EXPECT_EQ(jobs, kThreads * kPerThread);
  EXPECT_LT(commits, jobs) << "no group commit happened";

  std::set<CaseId> all;
  for (int t = 0; t < kThreads; ++t) {
    for (size_t i = 0; i < ids[t].size(); ++i) {
      EXPECT_TRUE(all.insert(ids[t][i]).second) << "duplicate id " << ids[t][i];
      auto got = store_->load(1, ids[t][i]);
      ASSERT_TRUE(got && *got);
      EXPECT_EQ((*got)->summary, "w" + std::to_string(t) + "-" + std::to_string(i));
    }
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread);  // no gaps
  auto listed = store_->caseIds(1);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), all.size());
}

TEST_P(Conformance, AFailingJobInABatchOnlyFailsItsOwnCaller) {
  // Hold the writer in one job while the others queue, so they share one group commit.
  std::atomic<bool> release{false};
  std::thread blocker([&] {
    auto s = store_->write(1, [&](CaseTxn&) -> Status {
      while (!release.load()) std::this_thread::sleep_for(1ms);
      return {};
    });
    EXPECT_TRUE(s);
  });
  std::this_thread::sleep_for(50ms);
  const auto before = stats();

  constexpr int kJobs = 30;
  std::vector<Status> results(kJobs);
  std::vector<std::thread> threads;
  for (int i = 0; i < kJobs; ++i) {
    threads.emplace_back([&, i] {
      const CaseId id = 100 + i;
      results[i] = store_->write(1, [&, i, id](CaseTxn& txn) -> Status {
        CaseState state = CaseState::fold(id, caseReference(id), {});
        Event e = rawEvent(1, std::to_string(i), "t");
        state.apply(e);
        std::vector<Clock> clocks;
        if (auto a = txn.append(id, {e}, CaseProjection{&state, &clocks}); !a) return a;
        // After writing, some jobs fail: their writes must vanish, nobody else's.
        if (i % 3 == 1) return conflict("test-rule", "job " + std::to_string(i) + " refused");
        if (i % 3 == 2 && i % 2 == 0) throw std::runtime_error("job blew up");
        return {};
      });
    });
  }
  std::this_thread::sleep_for(200ms);  // let all of them queue behind the blocker
  release = true;
  blocker.join();
  for (auto& t : threads) t.join();
  const auto after = stats();
  EXPECT_LE(after.commits - before.commits, 3) << "jobs were not grouped";

  for (int i = 0; i < kJobs; ++i) {
    const CaseId id = 100 + i;
    auto got = store_->load(1, id);
    ASSERT_TRUE(got);
    if (i % 3 == 1) {
      ASSERT_FALSE(results[i]);
      EXPECT_EQ(results[i].error().kind, ErrorKind::kConflict);
      EXPECT_EQ(results[i].error().message, "job " + std::to_string(i) + " refused");
      EXPECT_FALSE(*got) << "failed job " << i << " left its write behind";
    } else if (i % 3 == 2 && i % 2 == 0) {
      ASSERT_FALSE(results[i]);
      EXPECT_EQ(results[i].error().kind, ErrorKind::kInternal);
      EXPECT_FALSE(*got);
    } else {
      EXPECT_TRUE(results[i]) << "job " << i << ": " << results[i].error().message;
      ASSERT_TRUE(*got) << "job " << i << " answered OK but is missing";
      EXPECT_EQ((*got)->summary, std::to_string(i));
    }
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM cases WHERE case_id >= 100"),
            scalar("SELECT count(DISTINCT case_id) FROM events WHERE case_id >= 100"));
}

TEST_P(Conformance, AppendClashIsAConflictAndHistoryMustBeContiguous) {
  ASSERT_TRUE(appendRaw(7, 1, "first"));
  ASSERT_TRUE(appendRaw(7, 2, "second"));
  // Someone appends seq 2 again, as if from a stale read.
  auto clash = store_->write(1, [&](CaseTxn& txn) -> Status {
    auto loaded = txn.load(7);
    CaseState state = **loaded;
    Event e = state.events.back();
    std::vector<Clock> clocks;
    return txn.append(7, {e}, CaseProjection{&state, &clocks});
  });
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(clash.error().rule, "concurrent-write");
  // A gap is refused too.
  auto gap = appendRaw(7, 5, "gap");
  ASSERT_FALSE(gap);
  EXPECT_EQ(scalar("SELECT max(seq) FROM events WHERE case_id = 7"), "2");

  // A caller that ignores an append error still leaves nothing half-written.
  auto ignored = store_->write(1, [&](CaseTxn& txn) -> Status {
    CaseState state = **txn.load(7);
    Event e = state.events.back();
    std::vector<Clock> clocks;
    (void)txn.append(7, {e}, CaseProjection{&state, &clocks});
    return {};
  });
  EXPECT_TRUE(ignored);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE case_id = 7"), "2");
}

TEST_P(Conformance, EventsAreAppendOnlyInTheDatabase) {
  ASSERT_TRUE(appendRaw(3, 1, "kept"));
  EXPECT_FALSE(exec("UPDATE events SET actor = 'mallory'"));
  EXPECT_FALSE(exec("DELETE FROM events"));
  EXPECT_EQ(scalar("SELECT actor FROM events WHERE case_id = 3"), "test");
}

TEST_P(Conformance, AWriteFromInsideAWriteIsRefusedNotDeadlocked) {
  Status inner;
  auto outer = store_->write(1, [&](CaseTxn&) -> Status {
    inner = store_->write(1, [](CaseTxn&) -> Status { return {}; });
    return {};
  });
  EXPECT_TRUE(outer);
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().kind, ErrorKind::kInternal);
}

TEST_P(Conformance, ReopenKeepsEverything) {
  for (int i = 0; i < 20; ++i) create(complaintBody("case " + std::to_string(i)));
  auto acked = service_->act(5, {{"action", "acknowledge"},
                                 {"at", "2025-03-24T11:00:00Z"},
                                 {"definition", "Damp in bedroom"},
                                 {"handler", "H"}},
                             "Test Officer");
  ASSERT_TRUE(acked) << acked.error().message;

  open();  // closes (drains, joins) and reopens
  auto ids = store_->caseIds(1);
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->size(), 20u);
  for (CaseId id = 1; id <= 20; ++id) {
    auto got = service_->get(id);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->state.summary, "case " + std::to_string(id - 1));
    EXPECT_EQ(got->state.version(), id == 5 ? 2 : 1);
  }
  // Ids continue after the highest stored one.
  EXPECT_EQ(create(complaintBody("after reopen")).state.id, 21);
}

TEST_P(Conformance, MigrationsAreIdempotentAndGuarded) {
  create(complaintBody("before"));
  const std::string applied =
      scalar("SELECT count(*) FROM schema_migrations") + "/" +
      scalar("SELECT checksum FROM schema_migrations WHERE version = 1") + "/" +
      scalar("SELECT checksum FROM schema_migrations WHERE version = 2");
  open();
  open();
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations") + "/" +
                scalar("SELECT checksum FROM schema_migrations WHERE version = 1") + "/" +
                scalar("SELECT checksum FROM schema_migrations WHERE version = 2"),
            applied);
  EXPECT_EQ(scalar("SELECT count(*) FROM landlords"), "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), "1");

  // A migration edited after it ran is refused, not silently skipped.
  store_.reset();
  service_.reset();
  ASSERT_TRUE(exec("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"));
  auto refused = backend_->open(256);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("changed after it was applied"), std::string::npos);

  // A database from a newer build is refused.
  backend_->wipe();
  open();
  store_.reset();
  service_.reset();
  ASSERT_TRUE(exec("INSERT INTO schema_migrations VALUES (9999, 'future', 0)"));
  auto newer = backend_->open(256);
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("newer"), std::string::npos);
}

// open_clock_prefix (My work's translations): the cases with an unmet clock whose name starts
// with the prefix byte for byte, each once; a met one, a shorter name, another case of letter
// or a name that only some collations would put in the range are not (migration 0037 reads
// the range of clocks_unmet_by_name).
TEST_P(Conformance, OpenClockPrefixListsTheCasesWithAnUnmetClockOfThatName) {
  for (int i = 0; i < 6; ++i) create(complaintBody("complaint " + std::to_string(i)));
  const auto clock = [&](int id, const char* name, const char* met_day) {
    ASSERT_TRUE(exec(fmt::format("INSERT INTO clocks (landlord_id, case_id, name, status, met_day) "
                                 "VALUES (1, {}, '{}', 'running', {})",
                                 id, name, met_day)));
  };
  clock(1, "translation.3", "NULL");
  clock(1, "translation.7", "NULL");  // two open tasks, one case
  clock(2, "translation.4", "20000");  // met
  clock(3, "translation", "NULL");
  clock(4, "Translation.5", "NULL");
  clock(5, "translation-5", "NULL");
  clock(6, "translation.9", "NULL");
  auto page = service_->list({.open_clock_prefix = "translation.", .limit = 50});
  ASSERT_TRUE(page) << page.error().message;
  std::vector<CaseId> ids;
  for (const auto& c : page->cases) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<CaseId>{1, 6}));
}

TEST_P(Conformance, ListFiltersAndCursorPaging) {
  // 12 complaints, 10 service requests, 8 enquiries.
  for (int i = 0; i < 12; ++i) create(complaintBody("complaint " + std::to_string(i)));
  for (int i = 0; i < 10; ++i) create(contactBody("service_request", "repair " + std::to_string(i)));
  for (int i = 0; i < 8; ++i) create(contactBody("enquiry", "question " + std::to_string(i)));
  // Two complaints acknowledged with a handler.
  for (CaseId id : {2, 4}) {
    auto a = service_->act(id, {{"action", "acknowledge"},
                                {"at", "2025-03-24T11:30:00Z"},
                                {"definition", "Repairs delayed"},
                                {"handler", "Sam Handler"}},
                           "Test Officer");
    ASSERT_TRUE(a) << a.error().message;
  }

  auto count = [&](CaseQuery q) {
    q.limit = 500;
    auto page = service_->list(q);
    EXPECT_TRUE(page) << page.error().message;
    return page ? static_cast<int>(page->cases.size()) : -1;
  };
  EXPECT_EQ(count({}), 30);
  EXPECT_EQ(count({.kind = CaseKind::kComplaint}), 12);
  EXPECT_EQ(count({.kind = CaseKind::kServiceRequest}), 10);
  EXPECT_EQ(count({.stage = 1}), 12);
  EXPECT_EQ(count({.stage = 2}), 0);
  EXPECT_EQ(count({.status = CaseStatus::kOpen}), 30);
  EXPECT_EQ(count({.status = CaseStatus::kClosed}), 0);
  EXPECT_EQ(count({.handler = "Sam Handler"}), 2);
  EXPECT_EQ(count({.text = "repair 7"}), 2);          // "repair 7" and CH-000017 ("repair 4")
  EXPECT_EQ(count({.text = "7 REPAIR"}), 2);          // every word, any order
  EXPECT_EQ(count({.text = "REPAIR"}), 10);           // case-insensitive
  EXPECT_EQ(count({.text = "CH-00000"}), 9);          // reference
  EXPECT_EQ(count({.text = "ada res"}), 30);          // person name
  EXPECT_EQ(count({.text = "%"}), 0);                 // wildcards are literal
  EXPECT_EQ(count({.kind = CaseKind::kComplaint, .handler = "Sam Handler"}), 2);

  // The query is checked once, in app, before any store sees it.
  auto bad = service_->list({.stage = 3});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.error().field, "stage");
  auto unknown = parseCaseListParams({{"kind", "grumble"}}, Date{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "kind");

  // Only complaints have clocks in the Code base; none is overdue on 24 Mar 2025.
  EXPECT_EQ(count({.overdue = true}), 0);
  EXPECT_EQ(count({.overdue = false}), 30);
  // A month later every complaint has an unmet clock past due (acknowledgement, or the
  // stage 1 response for the two acknowledged ones).
  time_.set(at("2025-04-25T12:00:00Z"));
  EXPECT_EQ(count({.overdue = true}), 12);
  EXPECT_EQ(count({.overdue = false}), 18);
  EXPECT_EQ(count({.kind = CaseKind::kServiceRequest, .overdue = true}), 0);
  // The same answer as the definition on the clock rows.
  EXPECT_EQ(scalar(fmt::format("SELECT count(DISTINCT case_id) FROM clocks WHERE "
                                      "met_day IS NULL AND due_day < {}",
                                      dayNumber(day("2025-04-25")))),
            "12");
  // A case withdrawn after missing its clock keeps the missed clock, but is no longer overdue
  // work.
  auto w = service_->act(6, {{"action", "withdraw"},
                             {"at", "2025-04-25T11:00:00Z"},
                             {"reason", "Resident says it is now sorted"}},
                         "Test Officer");
  ASSERT_TRUE(w) << w.error().message << " " << w.error().field;
  EXPECT_NE(scalar("SELECT count(*) FROM clocks WHERE case_id = 6 AND met_day IS NULL "
                          "AND status = 'missed'"),
            "0");
  EXPECT_EQ(count({.overdue = true}), 11);
  EXPECT_EQ(count({.overdue = false}), 19);
  EXPECT_EQ(count({.status = CaseStatus::kWithdrawn}), 1);
  EXPECT_EQ(count({.kind = CaseKind::kComplaint, .overdue = true}) +
                count({.kind = CaseKind::kComplaint, .overdue = false}),
            12);
  // due_before on the projected next due date.
  EXPECT_EQ(count({.due_before = day("2025-03-24")}), 0);
  EXPECT_EQ(count({.due_before = day("2026-01-01")}), 12);  // the withdrawn one missed its clock

  // Cursor paging visits every case once, in id order.
  std::vector<CaseId> seen;
  CaseQuery q;
  q.limit = 7;
  int pages = 0;
  for (;;) {
    auto page = service_->list(q);
    ASSERT_TRUE(page);
    ++pages;
    EXPECT_LE(page->cases.size(), 7u);
    for (const auto& c : page->cases) seen.push_back(c.id);
    if (!page->next_cursor) break;
    EXPECT_EQ(*page->next_cursor, page->cases.back().id);
    q.after = page->next_cursor;
  }
  EXPECT_EQ(pages, 5);
  ASSERT_EQ(seen.size(), 30u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<CaseId>(i + 1));

  // Paging composes with filters; limits are clamped to 1..500.
  q = CaseQuery{.kind = CaseKind::kEnquiry, .limit = 5};
  auto p1 = service_->list(q);
  ASSERT_TRUE(p1 && p1->next_cursor);
  q.after = p1->next_cursor;
  auto p2 = service_->list(q);
  ASSERT_TRUE(p2);
  EXPECT_EQ(p1->cases.size() + p2->cases.size(), 8u);
  EXPECT_FALSE(p2->next_cursor);
  auto one = service_->list({.limit = 0});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->cases.size(), 1u);
  auto many = service_->list({.limit = 100000});
  ASSERT_TRUE(many);
  EXPECT_EQ(many->cases.size(), 30u);

  // Another landlord sees nothing.
  auto other = store_->list(2, {});
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->cases.empty());
}

// The operator's gauges: open cases by kind and overdue clocks by name, both as the list
// query's "overdue" defines it (unmet, past due, on a case still being handled).
TEST_P(Conformance, GaugesCountOpenCasesAndOverdueClocks) {
  for (int i = 0; i < 3; ++i) create(complaintBody("complaint " + std::to_string(i)));
  for (int i = 0; i < 2; ++i) create(contactBody("enquiry", "question " + std::to_string(i)));
  auto a = service_->act(2, {{"action", "acknowledge"},
                             {"at", "2025-03-24T11:30:00Z"},
                             {"definition", "Repairs delayed"},
                             {"handler", "Sam Handler"}},
                         "Test Officer");
  ASSERT_TRUE(a) << a.error().message;
  using Counts = std::vector<std::pair<std::string, long long>>;
  auto g = store_->gauges(1, day("2025-03-24"));
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->open_by_kind, (Counts{{"complaint", 3}, {"enquiry", 2}}));
  EXPECT_EQ(g->overdue_by_clock, Counts{});
  // A month on: the unacknowledged complaint's acknowledgement and stage 1 response, and the
  // acknowledged one's response, are past due; a withdrawn complaint is neither open nor
  // overdue work.
  auto w = service_->act(3, {{"action", "withdraw"},
                             {"at", "2025-03-24T11:40:00Z"},
                             {"reason", "Resident says it is now sorted"}},
                         "Test Officer");
  ASSERT_TRUE(w) << w.error().message;
  g = store_->gauges(1, day("2025-04-25"));
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->open_by_kind, (Counts{{"complaint", 2}, {"enquiry", 2}}));
  long long overdue = 0;
  for (const auto& [clock, n] : g->overdue_by_clock) overdue += n;
  EXPECT_EQ(overdue, 3) << ::testing::PrintToString(g->overdue_by_clock);
  // Another landlord's cases are not counted.
  auto other = store_->gauges(2, day("2025-04-25"));
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_TRUE(other->open_by_kind.empty());
  EXPECT_GE(store_->writerStats().commits, 1);
  EXPECT_EQ(store_->writerStats().queued, 0);
}

TEST_P(Conformance, ConvertToComplaintIsAtomic) {
  CaseView sr = create(contactBody("service_request", "Leaking gutter"));
  ASSERT_EQ(sr.state.id, 1);
  time_.set(at("2025-03-25T12:00:00Z"));
  const auto before = stats();
  auto converted = service_->act(1, {{"action", "convert_to_complaint"},
                                     {"at", "2025-03-25T09:00:00Z"},
                                     {"summary", "Unhappy the gutter is still leaking"}},
                                 "Test Officer");
  ASSERT_TRUE(converted) << converted.error().message << " " << converted.error().field << " "
                         << converted.error().rule;
  const auto after = stats();
  EXPECT_EQ(after.commits - before.commits, 1);  // both cases in one transaction

  const CaseState& c = converted->state;
  EXPECT_EQ(c.id, 2);
  EXPECT_EQ(c.kind, CaseKind::kComplaint);
  EXPECT_EQ(c.raised_from, std::optional<CaseId>(1));
  EXPECT_EQ(c.summary, "Unhappy the gutter is still leaking");
  EXPECT_EQ(c.person.name, "Ada Resident");
  EXPECT_EQ(c.received_at, at("2025-03-25T09:00:00Z"));
  EXPECT_FALSE(converted->clocks.empty());

  auto stored_sr = service_->get(1);
  ASSERT_TRUE(stored_sr);
  ASSERT_EQ(stored_sr->state.complaints_raised, std::vector<CaseId>{2});
  EXPECT_EQ(stored_sr->state.events.back().type, "linked");
  auto stored_c = service_->get(2);
  ASSERT_TRUE(stored_c);
  EXPECT_EQ(stored_c->state.raised_from, std::optional<CaseId>(1));

  // A conversion whose new complaint is invalid writes nothing at all.
  CaseView sr2 = create(contactBody("service_request", "Broken fence"));
  ASSERT_EQ(sr2.state.id, 3);
  for (const nlohmann::json& body :
       {nlohmann::json{{"action", "convert_to_complaint"}, {"channel", "pigeon"}},
        nlohmann::json{{"action", "convert_to_complaint"}, {"received_at", "yesterday"}}}) {
    auto bad = service_->act(3, body, "Test Officer");
    ASSERT_FALSE(bad) << body.dump();
    EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid) << body.dump();
  }
  auto sr2_after = service_->get(3);
  ASSERT_TRUE(sr2_after);
  EXPECT_EQ(sr2_after->state.version(), 1);
  EXPECT_TRUE(sr2_after->state.complaints_raised.empty());
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE case_id = 4"), "0");
  // ...and its id was not used up.
  EXPECT_EQ(create(complaintBody("next")).state.id, 4);

  // A complaint does not convert.
  auto not_sr = service_->act(2, {{"action", "convert_to_complaint"}}, "Test Officer");
  ASSERT_FALSE(not_sr);
  EXPECT_EQ(not_sr.error().kind, ErrorKind::kConflict);
}

TEST_P(Conformance, RebuildMovesDueDatesWhenABankHolidayIsAdded) {
  // Received Monday 24 Mar 2025 at 10:00: acknowledgement due 5 working days later, Mon 31 Mar.
  for (int i = 0; i < 3; ++i) create(complaintBody("complaint " + std::to_string(i)));
  // One received after the new holiday: unaffected.
  time_.set(at("2025-04-08T12:00:00Z"));
  create(complaintBody("later", "2025-04-07T10:00:00Z"));
  const std::string ack_due =
      "SELECT due_day FROM clocks WHERE landlord_id = 1 AND case_id = {} AND "
      "name = 'stage1.acknowledge'";
  auto dueOf = [&](CaseId id) {
    return std::stoi(scalar(fmt::format(fmt::runtime(ack_due), id)));
  };
  const WorkingCalendar& cal = *policy_->working_calendar;
  const Date original = cal.addWorkingDays(day("2025-03-24"), 5);
  ASSERT_EQ(dueOf(1), dayNumber(original));
  const int later_before = dueOf(4);

  // A new bank holiday on Wednesday 26 Mar 2025.
  auto changed = std::make_shared<Policy>(*policy_);
  changed->calendar.extra_holidays.push_back({day("2025-03-26"), "Test bank holiday"});
  ASSERT_TRUE(buildCalendars(*changed));
  const Date moved = changed->code_calendar->addWorkingDays(day("2025-03-24"), 5);
  ASSERT_EQ(moved, day("2025-04-01"));

  // Nothing moves until the rebuild.
  EXPECT_EQ(dueOf(1), dayNumber(original));
  CaseService rebuilt_service(*store_, changed, time_);
  auto n = rebuilt_service.rebuild();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 4);
  for (CaseId id = 1; id <= 3; ++id) EXPECT_EQ(dueOf(id), dayNumber(moved)) << "case " << id;
  EXPECT_EQ(dueOf(4), later_before);
  // The list reads the new projection; history is untouched.
  auto page = rebuilt_service.list({.kind = CaseKind::kComplaint});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->cases[0].next_due, std::optional<Date>(moved));
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), "4");
}

TEST_P(Conformance, RebuildInBatchesCoversEveryCase) {
  // 2,100 cases, 300 to a write: more than two of rebuild's chunks (store/core/rebuild.h).
  for (CaseId from = 1; from <= 2100; from += 300) {
    ASSERT_TRUE(store_->write(1, [&](CaseTxn& txn) -> Status {
      for (CaseId id = from; id < from + 300; ++id) {
        Event e = rawEvent(1, "bulk");
        CaseState state = CaseState::fold(id, caseReference(id), {e});
        std::vector<Clock> clocks;
        if (auto a = txn.append(id, {e}, CaseProjection{&state, &clocks}); !a) return a;
      }
      return {};
    }));
  }
  ASSERT_TRUE(exec("DELETE FROM clocks; UPDATE cases SET version = 0"));
  const auto before = stats();
  auto n = service_->rebuild();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 2100);
  // In writes of a chunk each, not one huge transaction (the group commit may join the
  // writes of chunks compared at once).
  EXPECT_GE(stats().jobs - before.jobs, 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM cases WHERE version = 1"), "2100");
}

// Rebuild compares the re-derived projection with the stored rows and writes only the cases
// that differ; whatever was changed, missing or extra in a case's rows, it restores exactly
// the rows a fresh projection wrote, and the monthly rollups agree with the rows afterwards
// (the importer's check, store/core/history_load.h).
class RebuildProjection : public Conformance {
 protected:
  // Every row of the tables a case's projection writes, as text, in key order.
  std::string snapshot() {
    std::string out;
    for (const char* insert :
         {store_core::kUpsertCase.sql, store_core::kInsertClock.sql, store_core::kUpsertCaseFacts,
          "INSERT INTO service_facts (landlord_id, case_id, kind, received_day, category, "
          "contractor, about, resolved_first, completed_day, repair_clock, repair_in_time, "
          "inspected_day, inspection, shared_count) VALUES",
          "INSERT INTO learning_actions (landlord_id, case_id, action_no, due_day) VALUES"}) {
      const store_core::InsertShape shape = store_core::insertShape(insert);
      std::string row;
      for (const auto& c : shape.columns) {
        row += fmt::format("{}coalesce(CAST({} AS TEXT), '~')", row.empty() ? "" : " || ',' || ", c);
      }
      const std::string order = shape.columns[0] + ", " + shape.columns[1] + ", " + shape.columns[2];
      out += shape.table + ": " +
             scalar(sqlite() ? fmt::format("SELECT group_concat(r, '|') FROM (SELECT {} AS r "
                                           "FROM {} ORDER BY {})",
                                           row, shape.table, order)
                             : fmt::format("SELECT string_agg({}, '|' ORDER BY {}) FROM {}", row,
                                           order, shape.table)) +
             "\n";
    }
    return out;
  }
  std::string rollupMismatches() {
    std::string sql = store_core::rollupMismatchSql(sqlite() ? store_core::Dialect::kSqlite
                                                             : store_core::Dialect::kPostgres);
    for (size_t at = sql.find("$1"); at != std::string::npos; at = sql.find("$1", at)) {
      sql.replace(at, 2, "1");
    }
    return scalar(sql);
  }
  // Counts the clock rows inserted from now on (a rewritten case's clocks are all inserted).
  void countClockInserts() {
    ASSERT_TRUE(exec("CREATE TABLE clock_inserts (n INTEGER NOT NULL); "
                     "INSERT INTO clock_inserts VALUES (0)"));
    ASSERT_TRUE(exec(sqlite() ? "CREATE TRIGGER count_clock_inserts AFTER INSERT ON clocks "
                                "BEGIN UPDATE clock_inserts SET n = n + 1; END"
                              : "CREATE FUNCTION count_clock_insert() RETURNS trigger "
                                "LANGUAGE plpgsql AS $$ BEGIN UPDATE clock_inserts SET n = n + 1; "
                                "RETURN NULL; END $$; CREATE TRIGGER count_clock_inserts AFTER "
                                "INSERT ON clocks FOR EACH ROW EXECUTE FUNCTION "
                                "count_clock_insert()"));
  }
  // Four complaints (one acknowledged, one with a learning action) and an enquiry.
  // All projected as of 8 April 2025, as the rebuilds are.
  void makeCases() {
    time_.set(at("2025-04-08T12:00:00Z"));
    for (int i = 0; i < 3; ++i) create(complaintBody("complaint " + std::to_string(i)));
    create(contactBody("enquiry", "where is my repair"));
    auto act = [&](CaseId id, nlohmann::json body) {
      auto v = service_->act(id, body, "Test Officer");
      EXPECT_TRUE(v) << body.dump() << " -> " << v.error().rule << " " << v.error().message;
    };
    act(2, {{"action", "acknowledge"}, {"at", "2025-03-25T10:00:00Z"}, {"definition", "Repairs"},
            {"handler", "Officer One"}});
    act(3, {{"action", "learning_action"}, {"at", "2025-03-24T11:00:00Z"}, {"lesson", "Slots"},
            {"owner", "Head of Repairs"}, {"service_area", "repairs"}, {"due", "2025-04-30"}});
    create(complaintBody("later", "2025-04-07T10:00:00Z"));
  }
};

TEST_P(RebuildProjection, RestoresExactlyWhatAFreshProjectionWrote) {
  makeCases();
  const std::string fresh = snapshot();
  ASSERT_EQ(rollupMismatches(), "0");
  ASSERT_TRUE(exec("UPDATE clocks SET due_day = due_day + 3 WHERE case_id = 1 AND "
                   "name = 'stage1.acknowledge'"));
  ASSERT_TRUE(exec("UPDATE cases SET next_due_day = 1, search_text = 'x' WHERE case_id = 2"));
  ASSERT_TRUE(exec("DELETE FROM clocks WHERE case_id = 3"));
  ASSERT_TRUE(exec("INSERT INTO clocks (landlord_id, case_id, name, status, start_day, "
                   "original_due_day, due_day, due_ms, met_day, provisional, extended, tenure) "
                   "SELECT landlord_id, case_id, 'bogus', status, start_day, original_due_day, "
                   "due_day, due_ms, met_day, provisional, extended, tenure FROM clocks "
                   "WHERE case_id = 5 AND name = 'stage1.acknowledge'"));
  ASSERT_TRUE(exec("UPDATE case_facts SET status = 'closed' WHERE case_id = 5"));
  ASSERT_TRUE(exec("DELETE FROM service_facts WHERE case_id = 4"));
  ASSERT_TRUE(exec("UPDATE learning_actions SET due_day = due_day + 1 WHERE case_id = 3"));
  ASSERT_NE(snapshot(), fresh);
  auto n = service_->rebuild();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(snapshot(), fresh);
  EXPECT_EQ(rollupMismatches(), "0");
}

TEST_P(RebuildProjection, WritesOnlyTheCasesWhoseProjectionChanged) {
  makeCases();
  const std::string fresh = snapshot();
  countClockInserts();
  auto n = service_->rebuild();  // nothing changed: nothing written
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(scalar("SELECT n FROM clock_inserts"), "0");
  EXPECT_EQ(snapshot(), fresh);

  // A bank holiday on Wednesday 26 March moves the clocks of the cases received on the 24th
  // (1, 2 and 3; the enquiry, 4, has none), not those of case 5, received on 7 April.
  auto changed = std::make_shared<Policy>(*policy_);
  changed->calendar.extra_holidays.push_back({day("2025-03-26"), "Test bank holiday"});
  ASSERT_TRUE(buildCalendars(*changed));
  CaseService rebuilt_service(*store_, changed, time_);
  n = rebuilt_service.rebuild();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(scalar("SELECT n FROM clock_inserts"),
            scalar("SELECT count(*) FROM clocks WHERE case_id <= 3"));
  EXPECT_NE(scalar("SELECT count(*) FROM clocks WHERE case_id <= 3"), "0");
  EXPECT_NE(snapshot(), fresh);
  EXPECT_EQ(rollupMismatches(), "0");
}

INSTANTIATE_TEST_SUITE_P(Stores, RebuildProjection, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });


TEST_P(Conformance, LandlordsAreIsolated) {
  ASSERT_TRUE(exec("INSERT INTO landlords (landlord_id, slug, name) VALUES (2, 'other', 'Other')"));
  CaseService other(*store_, policy_, time_, 2);
  CaseView a = create(complaintBody("landlord one's case"));
  auto b = other.create(complaintBody("landlord two's case"), "Other Officer");
  ASSERT_TRUE(b) << b.error().message;
  // Ids are per landlord: both start at 1.
  EXPECT_EQ(a.state.id, 1);
  EXPECT_EQ(b->state.id, 1);
  EXPECT_EQ(create(complaintBody("second")).state.id, 2);
  auto one = store_->load(1, 1);
  auto two = store_->load(2, 1);
  ASSERT_TRUE(one && *one && two && *two);
  EXPECT_EQ((*one)->summary, "landlord one's case");
  EXPECT_EQ((*two)->summary, "landlord two's case");
  auto page = other.list({});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].summary, "landlord two's case");
  auto ids1 = store_->caseIds(1);
  auto ids2 = store_->caseIds(2);
  ASSERT_TRUE(ids1 && ids2);
  EXPECT_EQ(ids1->size(), 2u);
  EXPECT_EQ(ids2->size(), 1u);
  // An action on landlord two's case 2 finds nothing (it is landlord one's).
  auto missing = other.act(2, {{"action", "note"}, {"text", "x"}}, "Other Officer");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE landlord_id = 2"), "1");
}

// Retention may replace the data of an anonymised case's events; nothing else may change.
TEST_P(Conformance, OnlyAnAnonymisedCasesEventDataMayBeRedacted) {
  ASSERT_TRUE(appendRaw(3, 1, "Ada's boiler"));
  EXPECT_FALSE(exec("UPDATE events SET data = '{}' WHERE case_id = 3"));
  ASSERT_TRUE(exec("INSERT INTO events (landlord_id, case_id, seq, type, at_ms, recorded_ms, "
                   "actor, data) VALUES (1, 3, 2, 'anonymised', 0, 0, 'retention', '{}')"));
  EXPECT_TRUE(exec("UPDATE events SET data = '{\"summary\":\"[redacted]\"}' WHERE case_id = 3 "
                   "AND seq = 1"));
  EXPECT_FALSE(exec("UPDATE events SET actor = 'mallory' WHERE case_id = 3"));
  EXPECT_FALSE(exec("DELETE FROM events WHERE case_id = 3"));
  EXPECT_EQ(scalar("SELECT data FROM events WHERE case_id = 3 AND seq = 1"),
            "{\"summary\":\"[redacted]\"}");
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE case_id = 3"), "2");
}

// Person events (warnings and restrictions, 0015) are kept like case events (0018):
// append-only, their data replaceable only once the person's stream carries an "anonymised"
// event (retention), and never deleted.
TEST_P(Conformance, PersonEventsAreAppendOnlyExceptRetentionsRedaction) {
  auto insert = [&](int seq, const std::string& type, const std::string& data) {
    return exec(fmt::format("INSERT INTO person_events (landlord_id, person_ref, seq, type, "
                            "at_ms, recorded_ms, actor, data) VALUES (1, 'P-1', {}, '{}', 0, 0, "
                            "'officer', '{}')",
                            seq, type, data));
  };
  ASSERT_TRUE(insert(1, "contact_warning_given", "{\"behaviour\":\"Shouted\"}"));
  EXPECT_FALSE(exec("UPDATE person_events SET data = '{}'"));
  EXPECT_FALSE(exec("UPDATE person_events SET type = 'restriction_lifted'"));
  EXPECT_FALSE(exec("DELETE FROM person_events"));
  ASSERT_TRUE(insert(2, "anonymised", "{}"));
  EXPECT_TRUE(exec("UPDATE person_events SET data = '{\"behaviour\":\"(anonymised)\"}' "
                   "WHERE seq = 1"));
  EXPECT_FALSE(exec("UPDATE person_events SET actor = 'mallory' WHERE seq = 1"));
  EXPECT_FALSE(exec("DELETE FROM person_events WHERE seq = 1"));
  EXPECT_EQ(scalar("SELECT count(*) FROM person_events"), "2");
  EXPECT_EQ(scalar("SELECT data FROM person_events WHERE seq = 1"),
            "{\"behaviour\":\"(anonymised)\"}");
}

// Staff search finds a case by the resident's address (0008_case_address): the projection
// follows corrections and anonymisation, and the migration fills cases written before it.
TEST_P(Conformance, SearchFindsACaseByTheResidentsAddress) {
  nlohmann::json a = complaintBody("boiler");
  a["person"]["address"] = "12 Acacia Avenue, Leeds LS1 4AB";
  nlohmann::json b = complaintBody("damp");
  b["person"]["address"] = "3 Mill Lane, York";
  nlohmann::json c = complaintBody("noise");
  c["person"]["address"] = "9 Acacia Avenue, Leeds";
  create(a);
  create(b);
  create(c);
  EXPECT_EQ(found("acacia avenue"), (std::vector<CaseId>{1, 3}));  // case-insensitive
  EXPECT_EQ(found("LS1 4AB"), (std::vector<CaseId>{1}));
  EXPECT_EQ(found("Mill Lane"), (std::vector<CaseId>{2}));
  EXPECT_TRUE(found("Elm Street").empty());

  // Events that change the person change what is found.
  auto append = [&](CaseId id, const char* type, nlohmann::json data) {
    ASSERT_TRUE(store_->write(1, [&](CaseTxn& txn) -> Status {
      auto loaded = txn.load(id);
      if (!loaded) return tl::unexpected(loaded.error());
      CaseState state = **loaded;
      Event e;
      e.seq = state.version() + 1;
      e.type = type;
      e.at = at("2025-03-24T11:00:00Z");
      e.recorded_at = e.at;
      e.actor = "test";
      e.data = std::move(data);
      state.apply(e);
      std::vector<Clock> clocks;
      return txn.append(id, {e}, CaseProjection{&state, &clocks});
    }));
  };
  append(2, "person_rectified", {{"person", {{"address", "4 Elm Street, York"}}}});
  EXPECT_EQ(found("Elm Street"), (std::vector<CaseId>{2}));
  EXPECT_TRUE(found("Mill Lane").empty());
  append(3, "anonymised", nlohmann::json::object());
  EXPECT_EQ(found("Acacia"), (std::vector<CaseId>{1}));

  // A database from before 0008: the migration fills the address from the received event,
  // but never for a case whose person was corrected or anonymised since.
  service_.reset();
  store_.reset();
  ASSERT_TRUE(exec("ALTER TABLE cases DROP COLUMN person_address"));
  ASSERT_TRUE(exec("DELETE FROM schema_migrations WHERE version = 8"));
  open();
  EXPECT_EQ(found("acacia"), (std::vector<CaseId>{1}));
  EXPECT_TRUE(found("Mill Lane").empty());
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), std::to_string(migrationCount()));
}

TEST_P(Conformance, ListsOnePersonsCases) {
  nlohmann::json mine = complaintBody("mine");
  mine["person"]["account"] = "resident-7";
  create(mine);
  create(complaintBody("someone else's"));
  create(mine);
  auto page = service_->list({.person_ref = "resident-7"});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->cases.size(), 2u);
  EXPECT_EQ(page->cases[0].id, 1);
  EXPECT_EQ(page->cases[1].id, 3);
}

// Triage: the owner is a column of the projection, so the queue of open cases without an owner
// and one person's cases are SQL filters; rebuild re-derives the owner from the events.
TEST_P(Conformance, TriageQueueAndOwnerFiltersSurviveARebuild) {
  const CaseId queued = create(complaintBody("not yet assigned")).state.id;
  const CaseId owned = create(complaintBody("assigned")).state.id;
  const CaseId finished = create(complaintBody("withdrawn unassigned")).state.id;
  const CaseId moved = create(complaintBody("reassigned")).state.id;
  auto act = [&](CaseId id, nlohmann::json body) {
    auto v = service_->act(id, body, "Test Officer");
    ASSERT_TRUE(v) << v.error().message;
  };
  act(owned, {{"action", "assign"}, {"owner", "ivy"}});
  act(finished, {{"action", "withdraw"}});
  act(moved, {{"action", "assign"}, {"owner", "ivy"}});
  act(moved, {{"action", "assign"}, {"owner", "ravi"}, {"reason", "Stage 2 reviewer"}});
  auto ids = [&](CaseQuery q) {
    std::vector<CaseId> out;
    auto page = service_->list(q);
    EXPECT_TRUE(page) << page.error().message;
    if (page) for (const auto& c : page->cases) out.push_back(c.id);
    return out;
  };
  auto check = [&] {
    EXPECT_EQ(ids({.unassigned = true}), std::vector<CaseId>{queued});
    EXPECT_EQ(ids({.owner = "ivy"}), std::vector<CaseId>{owned});
    EXPECT_EQ(ids({.owner = "ravi"}), std::vector<CaseId>{moved});
    auto page = service_->list({.owner = "ravi"});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->cases.size(), 1u);
    EXPECT_EQ(page->cases[0].owner, "ravi");
  };
  check();
  ASSERT_TRUE(exec("UPDATE cases SET owner = ''"));
  EXPECT_EQ(ids({.unassigned = true}).size(), 3u);
  ASSERT_TRUE(service_->rebuild());
  check();
}

// Two stores on one database, as two `charter serve` processes: ids come from the database,
// each sees the other's writes, and concurrent appends to one case clash as kConflict.
// SQLite allows one process (its writer keeps the next id in memory), so PostgreSQL only.
TEST_P(Conformance, TwoStoresOnOneDatabase) {
  if (sqlite()) GTEST_SKIP() << "one process per SQLite file";
  auto second_store = backend_->open(256);
  ASSERT_TRUE(second_store) << second_store.error().message;
  CaseService second(**second_store, policy_, time_);

  constexpr int kThreads = 8;
  constexpr int kPerThread = 30;
  std::vector<std::vector<std::pair<CaseId, std::string>>> made(2 * kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreads; ++t) {
    threads.emplace_back([&, t] {
      CaseService& svc = t % 2 == 0 ? *service_ : second;
      for (int i = 0; i < kPerThread; ++i) {
        const std::string tag = fmt::format("p{}-t{}-{}", t % 2, t, i);
        auto v = svc.create(complaintBody(tag), "Writer");
        if (!v) {
          ++failures;
          ADD_FAILURE() << v.error().message;
          continue;
        }
        made[t].emplace_back(v->state.id, tag);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<CaseId> ids;
  for (const auto& list : made) {
    for (const auto& [id, tag] : list) {
      EXPECT_TRUE(ids.insert(id).second) << "id " << id << " given twice";
      for (CaseStore* s : {store_.get(), second_store->get()}) {
        auto got = s->load(1, id);
        ASSERT_TRUE(got && *got) << "case " << id;
        EXPECT_EQ((*got)->summary, tag);
      }
    }
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(2 * kThreads * kPerThread));
  EXPECT_EQ(*ids.rbegin(), 2 * kThreads * kPerThread);  // no gaps either

  // A stale append through one store after the other appended: a conflict, nothing written.
  const CaseId id = *ids.begin();
  std::atomic<bool> loaded{false}, go{false};
  Status stale;
  std::thread slow([&] {
    stale = store_->write(1, [&](CaseTxn& txn) -> Status {
      auto state = txn.load(id);
      if (!state || !*state) return internalError("not loaded");
      loaded = true;
      while (!go.load()) std::this_thread::sleep_for(1ms);
      CaseState s = **state;
      Event e;
      e.seq = s.version() + 1;
      e.type = "note";
      e.at = at("2025-03-24T10:00:00Z");
      e.recorded_at = e.at;
      e.actor = "slow";
      e.data = {{"text", "slow"}};
      s.apply(e);
      std::vector<Clock> clocks;
      return txn.append(id, {e}, CaseProjection{&s, &clocks});
    });
  });
  while (!loaded.load()) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(appendRaw(id, 2, "fast", second_store->get()));
  go = true;
  slow.join();
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(scalar(fmt::format("SELECT count(*) FROM events WHERE case_id = {}", id)), "2");
  EXPECT_EQ(scalar(fmt::format("SELECT actor FROM events WHERE case_id = {} AND seq = 2", id)),
            "test");
}

// Two processes running whole journeys on one landlord: every step re-projects the case, and
// the projection triggers update the shared per-month counters (case_months, clock_months).
// The stores serialise a landlord's writes on its row lock, so their batches wait for each
// other and never deadlock (a deadlock costs a second before PostgreSQL breaks it, and a retry).
TEST_P(Conformance, TwoStoresRunningJourneysNeverDeadlock) {
  if (sqlite()) GTEST_SKIP() << "one process per SQLite file";
  auto second_store = backend_->open(256);
  ASSERT_TRUE(second_store) << second_store.error().message;
  CaseService second(**second_store, policy_, time_);
  constexpr int kThreads = 6;
  constexpr int kJourneys = 8;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreads; ++t) {
    threads.emplace_back([&, t] {
      CaseService& svc = t % 2 == 0 ? *service_ : second;
      for (int i = 0; i < kJourneys; ++i) {
        auto v = svc.create(complaintBody(fmt::format("journey {}-{}", t, i)), "Writer");
        if (!v) { ++failures; continue; }
        const CaseId id = v->state.id;
        auto a = svc.act(id, {{"action", "acknowledge"}, {"at", "2025-03-24T10:30:00Z"},
                              {"definition", "Boiler not repaired"}, {"handler", "Officer"}},
                         "Writer");
        auto r = svc.act(id, {{"action", "respond"}, {"at", "2025-03-24T11:00:00Z"},
                              {"decision", "not_upheld"},
                              {"elements", {{{"summary", "Boiler"}, {"finding", "not_upheld"},
                                             {"reasons", "Repaired on the first visit"}}}}},
                         "Writer");
        if (!a || !r) {
          ++failures;
          ADD_FAILURE() << (!a ? a.error().message : r.error().message);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->writerStats().retries + (*second_store)->writerStats().retries, 0)
      << "batches were re-run after a deadlock";
  EXPECT_EQ(scalar("SELECT sum(cases) FROM case_months WHERE basis = 'received'"),
            std::to_string(2 * kThreads * kJourneys));
  EXPECT_EQ(scalar("SELECT sum(met) FROM clock_months WHERE name = 'stage1.respond'"),
            std::to_string(2 * kThreads * kJourneys));
}

// Learning actions and the Ombudsman (migrations/0007_learning.sql): the projection rows are
// written with the events, read back through the LearningStore, re-derived by rebuild, and
// counted alike on both databases.
TEST_P(Conformance, LearningAndOmbudsmanRowsAreProjectedAndRebuilt) {
  time_.set(at("2025-06-30T12:00:00Z"));
  CaseView c = create(complaintBody("Repairs not done"));
  const CaseId id = c.state.id;
  auto act = [&](nlohmann::json body) {
    auto v = service_->act(id, body, "Test Officer");
    EXPECT_TRUE(v) << body.dump() << " -> " << v.error().rule << " " << v.error().message;
  };
  act({{"action", "acknowledge"}, {"at", "2025-03-25T10:00:00Z"}, {"definition", "Repairs"},
       {"handler", "Officer One"}});
  act({{"action", "learning_action"}, {"at", "2025-03-26T10:00:00Z"}, {"lesson", "Book slots"},
       {"owner", "Head of Repairs"}, {"service_area", "repairs"}, {"due", "2025-04-30"},
       {"you_said", "Appointments did not suit you"}});
  act({{"action", "learning_action"}, {"at", "2025-03-26T11:00:00Z"}, {"lesson", "Train staff"},
       {"owner", "Training lead"}, {"service_area", "repairs"}, {"due", "2025-05-30"}});
  act({{"action", "complete_learning_action"}, {"at", "2025-04-20T10:00:00Z"},
       {"learning_action", 1}, {"improvement", "Residents choose a two-hour slot"},
       {"publish", true}});
  // Stage 1 was due on 8 April and is overdue: the Ombudsman may step in.
  act({{"action", "ombudsman_referral"}, {"at", "2025-04-22T10:00:00Z"}, {"reference", "HOS-1"}});
  act({{"action", "ombudsman_determination"}, {"at", "2025-05-02T10:00:00Z"},
       {"outcome", "service_failure"}, {"compensation", 250.5}});
  act({{"action", "ombudsman_order"}, {"at", "2025-05-02T11:00:00Z"}, {"order", "Pay"},
       {"due", "2025-05-30"}});
  act({{"action", "complete_ombudsman_order"}, {"at", "2025-05-20T10:00:00Z"}, {"order", 1}});

  EXPECT_EQ(scalar("SELECT count(*) FROM learning_actions WHERE landlord_id = 1"), "2");
  EXPECT_EQ(scalar("SELECT compensation_pence FROM ombudsman_cases WHERE landlord_id = 1"), "25050");
  EXPECT_EQ(scalar(fmt::format("SELECT count(*) FROM clocks WHERE landlord_id = 1 AND case_id = {} "
                               "AND name LIKE 'learning.%'", id)), "2");

  auto store = backend_->learning();
  ASSERT_TRUE(store) << store.error().message;
  auto year = measures::parsePeriod("2025-26");
  ASSERT_TRUE(year);
  LearningService learning(**store, policy_, time_);
  auto plan = learning.actionPlan(1, *year, "");
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->quarters.size(), 4u);
  ASSERT_EQ(plan->quarters[0].areas.size(), 1u);
  const auto& q1 = plan->quarters[0].areas[0].actions;
  ASSERT_EQ(q1.size(), 2u);
  EXPECT_EQ(q1[0].status, "completed");
  EXPECT_EQ(q1[1].status, "overdue");  // due 30 May, not done by 30 June
  auto wedid = learning.youSaidWeDid(1);
  ASSERT_TRUE(wedid);
  ASSERT_EQ(wedid->size(), 1u);
  EXPECT_EQ((*wedid)[0].we_did, "Residents choose a two-hour slot");
  // The financial year 2024-25 ended on 31 March: the actions raised in March are in it.
  auto f = learning.learningFigures(1, *measures::parsePeriod("2024-25"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->raised, 2);
  EXPECT_EQ(f->completed, 0);
  f = learning.learningFigures(1, *year);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->raised, 0);
  EXPECT_EQ(f->completed, 1);
  EXPECT_EQ(f->completed_on_time, 1);
  EXPECT_EQ(f->overdue, 1);
  EXPECT_EQ(f->published, 1);
  auto o = learning.ombudsmanFigures(1, *year);
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->referrals, 1);
  EXPECT_EQ(o->determinations, 1);
  EXPECT_EQ(o->fault_findings, 1);
  EXPECT_DOUBLE_EQ(o->compensation, 250.5);
  EXPECT_EQ(o->orders_made, 1);
  EXPECT_EQ(o->orders_due, 1);
  EXPECT_EQ(o->orders_on_time, 1);

  // Rebuild re-derives the rows from the events alone.
  ASSERT_TRUE(exec("DELETE FROM ombudsman_orders; DELETE FROM ombudsman_cases; "
                   "DELETE FROM learning_actions"));
  EXPECT_EQ(scalar("SELECT count(*) FROM learning_actions"), "0");
  auto n = service_->rebuild();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM learning_actions WHERE landlord_id = 1"), "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM ombudsman_orders WHERE landlord_id = 1"), "1");
  EXPECT_EQ(scalar("SELECT completed_day IS NOT NULL FROM learning_actions WHERE action_no = 1"),
            sqlite() ? "1" : "t");
  // Another landlord sees none of it.
  auto other = (*store)->learningActions(2, year->start, year->end);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

// Every statement the PostgreSQL store prepares is scoped to one landlord ($1).
TEST(PgStatements, EveryStatementIsScopedToALandlord) {
  const auto all = PgStore::statements();
  EXPECT_GE(all.size(), 9u);
  for (const auto& sql : all) {
    if (sql.rfind("INSERT INTO", 0) == 0) {
      // Inserts route by landlord: landlord_id is the first column and $1.
      EXPECT_NE(sql.find(" (landlord_id, "), std::string::npos) << sql;
      EXPECT_NE(sql.find("VALUES ($1, "), std::string::npos) << sql;
      continue;
    }
    EXPECT_NE(sql.find("landlord_id = $1"), std::string::npos) << sql;
    // Each table read is filtered by the landlord (joins match landlord_id too).
    size_t froms = 0;
    for (const char* t : {"FROM events", "FROM cases", "FROM clocks", "FROM landlords",
                          "JOIN cases"}) {
      for (size_t at = sql.find(t); at != std::string::npos; at = sql.find(t, at + 1)) ++froms;
    }
    size_t filters = 0;
    for (size_t at = sql.find("landlord_id = "); at != std::string::npos;
         at = sql.find("landlord_id = ", at + 1)) {
      ++filters;
    }
    EXPECT_GE(filters, froms) << sql;
  }
}

// Correspondence on the file (Code 5.12): every byte value round-trips, a name is taken once,
// another landlord sees nothing, and retention's removeAll empties the case's files.
TEST_P(Conformance, AttachmentsRoundTripEveryByteAndAreScopedToTheLandlord) {
  CaseView c = create(complaintBody("Letters on file"));
  auto files = backend_->attachments(*store_);
  ASSERT_TRUE(files) << files.error().message;
  std::string bytes = "%PDF-1.4\n";
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  bytes += std::string(70000, '\0');
  Attachment a{{c.state.id, "letter 1.pdf", "application/pdf",
                static_cast<std::int64_t>(bytes.size()), sha256Hex(bytes),
                at("2025-03-24T11:00:00Z"), "Test Officer"},
               bytes};
  ASSERT_TRUE((*files)->add(1, a));
  auto again = (*files)->add(1, a);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().rule, "exists");
  a.info.name = "note.txt";
  a.content = "Phoned the resident.";
  a.info.size = 20;
  a.info.sha256 = sha256Hex(a.content);
  a.info.added_at = at("2025-03-24T11:30:00Z");
  ASSERT_TRUE((*files)->add(1, a));

  auto list = (*files)->list(1, c.state.id);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "letter 1.pdf");
  EXPECT_EQ((*list)[0].size, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ((*list)[0].added_at, at("2025-03-24T11:00:00Z"));
  auto got = (*files)->get(1, c.state.id, "letter 1.pdf");
  ASSERT_TRUE(got && *got) << (got ? "absent" : got.error().message);
  EXPECT_EQ((*got)->content, bytes);
  EXPECT_EQ((*got)->info.sha256, sha256Hex(bytes));
  EXPECT_EQ((*got)->info.content_type, "application/pdf");

  auto other = (*files)->list(2, c.state.id);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  auto none = (*files)->get(2, c.state.id, "letter 1.pdf");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  auto removed = (*files)->removeAll(1, c.state.id);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, 2);
  EXPECT_TRUE((*files)->list(1, c.state.id)->empty());
}

// Search that finds (issue 12 item 9, migration 0023): a phone number in any spelling, an
// email in any case, a tenancy reference, a case reference, and several words across name,
// address and summary in any order; SQLite (FTS5 trigram) and PostgreSQL (pg_trgm) give the
// same rows because both compare app/case_search.h's terms with the same search text.
TEST_P(Conformance, SearchFindsByPhoneEmailTenancyReferenceAndWords) {
  auto person = [](const char* name, const char* phone, const char* email, const char* tenancy,
                   const char* address) {
    return nlohmann::json{{"name", name}, {"phone", phone}, {"email", email},
                          {"tenancy_ref", tenancy}, {"address", address}};
  };
  nlohmann::json a = complaintBody("The heating has failed again", "2025-03-10T10:00:00Z");
  a["person"] = person("Grace Okafor", "07700 900123", "Grace.Okafor@Example.org", "TEN-40417",
                       "12 Acacia Avenue, Leeds");
  nlohmann::json b = complaintBody("Damp in the bedroom; heating is fine", "2025-03-20T09:00:00Z");
  b["person"] = person("Tom Okafor", "+44 113 496 0000", "tom@example.net", "TEN-51120",
                       "3 Mill Lane, York");
  nlohmann::json c = contactBody("service_request", "Okafor family: boiler heating 100% broken",
                                 "2025-03-22T15:00:00Z");
  c["person"] = person("Ama Mensah", "(0113) 496-0999", "ama@example.com", "ten-77",
                       "9 Okafor Road, Leeds");
  create(a);
  create(b);
  create(c);
  auto found = [&](const std::string& text, CaseQuery q = {}) {
    q.text = text;
    q.limit = 50;
    auto page = service_->list(q);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<CaseId> ids;
    if (page) for (const auto& r : page->cases) ids.push_back(r.id);
    return ids;
  };
  using Ids = std::vector<CaseId>;
  // Phone: any spacing, +44 / 0044 / 44 for the leading 0.
  EXPECT_EQ(found("07700900123"), Ids{1});
  EXPECT_EQ(found("+44 7700 900 123"), Ids{1});
  EXPECT_EQ(found("0044-7700-900123"), Ids{1});
  EXPECT_EQ(found("447700900123"), Ids{1});
  EXPECT_EQ(found("0113 496 0000"), Ids{2});           // stored as +44 113 ...
  EXPECT_EQ(found("01134960999"), Ids{3});             // stored as (0113) 496-0999
  EXPECT_EQ(found("0113 496"), (Ids{2, 3}));           // a part of a number: both
  // Email, any case; tenancy reference; case reference.
  EXPECT_EQ(found("grace.okafor@example.org"), Ids{1});
  EXPECT_EQ(found("GRACE.OKAFOR@EXAMPLE.ORG"), Ids{1});
  EXPECT_EQ(found("ten-51120"), Ids{2});
  EXPECT_EQ(found("TEN-77"), Ids{3});
  EXPECT_EQ(found("CH-000003"), Ids{3});
  // Several words across name, address and summary, any order, any case.
  EXPECT_EQ(found("okafor heating"), (Ids{1, 2, 3}));  // name+summary, name+summary, both
  EXPECT_EQ(found("HEATING okafor leeds"), (Ids{1, 3}));
  EXPECT_EQ(found("okafor damp"), Ids{2});
  EXPECT_EQ(found("acacia failed"), Ids{1});
  EXPECT_EQ(found("okafor plumbing"), Ids{});
  EXPECT_EQ(found("100%"), Ids{3});                    // % is a separator, not a wildcard
  EXPECT_EQ(found("%"), Ids{});
  EXPECT_EQ(found("ok"), (Ids{1, 2, 3}));              // a short word still matches (a scan)
  // With filters, newest first, paged.
  EXPECT_EQ(found("okafor", {.kind = CaseKind::kComplaint}), (Ids{1, 2}));
  EXPECT_EQ(found("okafor", {.newest_first = true}), (Ids{3, 2, 1}));
  CaseQuery newest{.newest_first = true};
  newest.limit = 2;
  newest.text = "okafor";
  auto p1 = service_->list(newest);
  ASSERT_TRUE(p1 && p1->next_cursor);
  EXPECT_EQ(p1->cases.size(), 2u);
  EXPECT_EQ(*p1->next_cursor, 2);
  newest.after = p1->next_cursor;
  auto p2 = service_->list(newest);
  ASSERT_TRUE(p2);
  ASSERT_EQ(p2->cases.size(), 1u);
  EXPECT_EQ(p2->cases[0].id, 1);
  EXPECT_FALSE(p2->next_cursor);

  // A change of the person changes what is found (the search text is projected).
  ASSERT_TRUE(store_->write(1, [&](CaseTxn& txn) -> Status {
    auto loaded = txn.load(1);
    if (!loaded) return tl::unexpected(loaded.error());
    CaseState state = **loaded;
    Event e;
    e.seq = state.version() + 1;
    e.type = "person_rectified";
    e.at = at("2025-03-24T11:00:00Z");
    e.recorded_at = e.at;
    e.actor = "test";
    e.data = {{"person", {{"phone", "07700 900999"}, {"email", "g.o@example.org"}}}};
    state.apply(e);
    std::vector<Clock> clocks;
    return txn.append(1, {e}, CaseProjection{&state, &clocks});
  }));
  EXPECT_EQ(found("07700 900999"), Ids{1});
  EXPECT_EQ(found("07700 900123"), Ids{});
  EXPECT_EQ(found("g.o@example.org"), Ids{1});
}

TEST_P(Conformance, ListFiltersByServiceAreaAndReceivedDates) {
  time_.set(at("2025-04-02T12:00:00Z"));
  nlohmann::json a = complaintBody("one", "2025-03-01T10:00:00Z");
  a["service_area"] = "Repairs";
  nlohmann::json b = complaintBody("two", "2025-03-10T23:30:00Z");  // 10 Mar in London (GMT)
  b["service_area"] = "Lettings";
  nlohmann::json c = complaintBody("three", "2025-03-31T23:30:00Z");  // 1 Apr in London (BST)
  c["service_area"] = "Repairs";
  create(a);
  create(b);
  create(c);
  auto ids = [&](CaseQuery q) {
    q.limit = 50;
    auto page = service_->list(q);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<CaseId> out;
    if (page) for (const auto& r : page->cases) out.push_back(r.id);
    return out;
  };
  using Ids = std::vector<CaseId>;
  EXPECT_EQ(ids({.service_area = "Repairs"}), (Ids{1, 3}));
  EXPECT_EQ(ids({.service_area = "Lettings"}), Ids{2});
  EXPECT_EQ(ids({.service_area = "repairs"}), Ids{});  // exact, as recorded
  EXPECT_EQ(ids({.received_from = day("2025-03-10")}), (Ids{2, 3}));
  EXPECT_EQ(ids({.received_to = day("2025-03-10")}), (Ids{1, 2}));
  EXPECT_EQ(ids({.received_from = day("2025-03-11"), .received_to = day("2025-03-31")}), Ids{});
  EXPECT_EQ(ids({.received_from = day("2025-04-01")}), Ids{3});  // the London day
  EXPECT_EQ(ids({.received_to = day("2025-03-31")}), (Ids{1, 2}));
  auto bad = service_->list({.received_from = day("2025-04-01"), .received_to = day("2025-03-01")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "received_to");
}

// A service area's month (store/core/case_sql.cc idsFirst, SQLite: the page's ids from the
// index, then their rows), paged in both orders and with another filter.
TEST_P(Conformance, AServiceAreasMonthPagesInBothOrders) {
  time_.set(at("2025-05-02T12:00:00Z"));
  const char* areas[] = {"Repairs", "Repairs", "Lettings", "Repairs", "Repairs", "Repairs",
                         "Repairs"};
  const char* received[] = {"2025-02-28T10:00:00Z", "2025-03-03T10:00:00Z", "2025-03-04T10:00:00Z",
                            "2025-03-20T10:00:00Z", "2025-03-05T10:00:00Z", "2025-03-31T10:00:00Z",
                            "2025-04-01T10:00:00Z"};
  for (int i = 0; i < 7; ++i) {
    nlohmann::json b = i == 4 ? contactBody("enquiry", "case", received[i])
                              : complaintBody("case", received[i]);
    b["service_area"] = areas[i];
    create(b);  // case i + 1
  }
  using Ids = std::vector<CaseId>;
  auto pages = [&](CaseQuery q) {
    q.service_area = "Repairs";
    q.received_from = day("2025-03-01");
    q.received_to = day("2025-03-31");
    q.limit = 2;
    return pagesOf(q);
  };
  EXPECT_EQ(pages({.newest_first = true}), (std::vector<Ids>{{6, 5}, {4, 2}}));
  EXPECT_EQ(pages({}), (std::vector<Ids>{{2, 4}, {5, 6}}));
  EXPECT_EQ(pages({.kind = CaseKind::kComplaint, .newest_first = true}),
            (std::vector<Ids>{{6, 4}, {2}}));
  auto page = service_->list({.service_area = "Repairs", .received_from = day("2025-03-20"),
                              .received_to = day("2025-03-20"), .limit = 5});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].reference, "CH-000004");  // the whole row, read by primary key
  EXPECT_EQ(page->cases[0].summary, "case");
}

// Migration 0023 fills the search text and service area of cases written before it, and
// (SQLite) builds the FTS5 index over them.
TEST_P(Conformance, TheSearchMigrationIndexesExistingCases) {
  nlohmann::json a = complaintBody("Heating broken", "2025-03-10T10:00:00Z");
  a["person"] = {{"name", "Grace Okafor"}, {"phone", "+44 7700 900123"},
                 {"email", "Grace@Example.org"}, {"tenancy_ref", "TEN-1"}};
  a["service_area"] = "Repairs";
  create(a);
  create(complaintBody("Damp"));
  service_.reset();
  store_.reset();
  if (sqlite()) {
    for (const char* sql : {"DROP TRIGGER cases_search_insert", "DROP TRIGGER cases_search_update",
                            "DROP TRIGGER cases_search_delete", "DROP TABLE case_search",
                            "DROP INDEX cases_by_service_area", "DROP INDEX cases_by_received",
                            "DROP INDEX cases_by_phone", "DROP INDEX cases_by_area_received_id",
                            "ALTER TABLE cases DROP COLUMN phone_norm",
                            "ALTER TABLE cases DROP COLUMN search_text",
                            "ALTER TABLE cases DROP COLUMN service_area"}) {
      ASSERT_TRUE(exec(sql)) << sql;
    }
  } else {
    ASSERT_TRUE(exec("DROP INDEX cases_search_trgm; DROP INDEX cases_by_service_area; "
                     "DROP INDEX cases_by_received; DROP INDEX cases_by_phone; "
                     "DROP INDEX cases_by_area_received_id; ALTER TABLE cases DROP COLUMN search_text, "
                     "DROP COLUMN service_area, DROP COLUMN phone_norm"));
  }
  // 0023 again, and 0035 and 0036 after it (its phone column comes from 0023's search text).
  ASSERT_TRUE(exec("DELETE FROM schema_migrations WHERE version IN (23, 35, 36)"));
  open();
  using Ids = std::vector<CaseId>;
  EXPECT_EQ(found("07700 900123"), Ids{1});
  EXPECT_EQ(found("grace@example.org"), Ids{1});
  EXPECT_EQ(found("okafor heating"), Ids{1});
  EXPECT_EQ(found("ten-1"), Ids{1});
  EXPECT_EQ(found("damp"), Ids{2});
  auto area = service_->list({.service_area = "Repairs", .limit = 50});
  ASSERT_TRUE(area);
  ASSERT_EQ(area->cases.size(), 1u);
  // The migration's text is the one the projection writes: a rebuild changes nothing found.
  const std::string before = scalar("SELECT search_text FROM cases WHERE case_id = 1");
  ASSERT_TRUE(service_->rebuild());
  EXPECT_EQ(scalar("SELECT search_text FROM cases WHERE case_id = 1"), before);
  EXPECT_EQ(found("okafor heating"), Ids{1});
}

// A whole phone number is the case's phone, equal (migration 0035, cases.phone_norm): the
// same digits elsewhere in the search text (a summary) are not that case's phone, while a part
// of a number is still looked for anywhere in the text. A whole number no case's phone equals
// is looked for in the whole text (a phone field holding two numbers, a summary).
TEST_P(Conformance, AWholePhoneNumberFindsThatPhoneOnly) {
  nlohmann::json a = complaintBody("Call back on 07700900555 after six", "2025-03-10T10:00:00Z");
  a["person"] = {{"name", "Grace Okafor"}, {"phone", "0113 496 0000"}};
  nlohmann::json b = complaintBody("Heating", "2025-03-11T10:00:00Z");
  b["person"] = {{"name", "Tom Okafor"}, {"phone", "+44 (7700) 900-555"}};
  nlohmann::json c = complaintBody("Damp", "2025-03-12T10:00:00Z");
  c["person"] = {{"name", "Ann Other"}, {"phone", "0113 496 0001 or 07700 900777"}};
  create(a);
  create(b);
  create(c);
  using Ids = std::vector<CaseId>;
  EXPECT_EQ(found("07700 900555"), Ids{2});
  EXPECT_EQ(found("+447700900555"), Ids{2});
  EXPECT_EQ(found("7700 900555"), (Ids{1, 2}));  // no national 0: a part, anywhere
  EXPECT_EQ(found("0113 496 0000"), Ids{1});
  EXPECT_EQ(scalar("SELECT phone_norm FROM cases WHERE case_id = 2"), "07700900555");
  EXPECT_EQ(found("07700 900777"), Ids{3});  // the second number of two
  EXPECT_EQ(found("07700 900123"), Ids{});
  nlohmann::json d = complaintBody("Ring 07700900888 after six", "2025-03-13T10:00:00Z");
  create(d);
  EXPECT_EQ(found("+44 7700 900888"), Ids{4});  // in a summary only
}

// A whole case reference is looked up by the case's id (app/case_search.h wholeReference),
// then held to every other filter: the list's own (kind, status, a resident's person_ref, the
// cursor) and the landlord. What it finds is what the text search for it finds (the store asked
// with phone_in_text, which looks in the search text) whenever no other case's text holds the
// reference; a reference no case that passes the filters has is looked for in the text.
TEST_P(Conformance, AWholeReferenceIsLookedUpByTheCaseId) {
  ASSERT_TRUE(exec("INSERT INTO landlords (landlord_id, slug, name) VALUES (2, 'other', 'Other')"));
  CaseService other(*store_, policy_, time_, 2);
  nlohmann::json mine = complaintBody("Heating broken", "2025-03-10T10:00:00Z");
  mine["person"]["account"] = "resident-7";
  create(mine);                                                    // CH-000001
  create(contactBody("enquiry", "Bins", "2025-03-11T10:00:00Z"));  // CH-000002
  create(complaintBody("Damp", "2025-03-12T10:00:00Z"));           // CH-000003
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(other.create(complaintBody("Other"), "Other Officer"));
  using Ids = std::vector<CaseId>;
  auto ids = [](const Result<CasePage>& page) {
    EXPECT_TRUE(page) << page.error().message;
    Ids out;
    if (page) for (const auto& r : page->cases) out.push_back(r.id);
    return out;
  };
  // The query through the service (by id), and the text search for the same query.
  auto both = [&](CaseQuery q) {
    q.limit = 50;
    CaseQuery text = q;
    text.phone_in_text = true;
    return std::pair{ids(service_->list(q)), ids(store_->list(1, text))};
  };
  EXPECT_EQ(both({.text = "CH-000002"}), std::pair(Ids{2}, Ids{2}));           // found
  EXPECT_EQ(both({.text = " ch 000003 "}).first, Ids{3});  // spoken: lower-case, a space
  EXPECT_EQ(both({.text = "ch000003"}).first, Ids{3});
  EXPECT_EQ(both({.kind = CaseKind::kComplaint, .text = "CH-000001"}),
            std::pair(Ids{1}, Ids{1}));
  // Filtered out by another filter, or by the cursor; a resident sees only their own case.
  EXPECT_EQ(both({.kind = CaseKind::kComplaint, .text = "CH-000002"}), std::pair(Ids{}, Ids{}));
  EXPECT_EQ(both({.status = CaseStatus::kClosed, .text = "CH-000001"}), std::pair(Ids{}, Ids{}));
  EXPECT_EQ(both({.text = "CH-000001", .after = 1}), std::pair(Ids{}, Ids{}));
  EXPECT_EQ(both({.text = "CH-000001", .person_ref = "resident-7"}), std::pair(Ids{1}, Ids{1}));
  EXPECT_EQ(both({.text = "CH-000003", .person_ref = "resident-7"}), std::pair(Ids{}, Ids{}));
  // Another landlord's reference is not found here; a reference with no case finds nothing.
  EXPECT_EQ(both({.text = "CH-000004"}), std::pair(Ids{}, Ids{}));
  EXPECT_EQ(ids(other.list({.text = "CH-000004"})), Ids{4});
  EXPECT_EQ(both({.text = "CH-999999"}), std::pair(Ids{}, Ids{}));
  // Text that only looks like a reference is searched as text.
  EXPECT_EQ(found("CH-00000"), (Ids{1, 2, 3}));   // a part of every reference
  EXPECT_EQ(found("000002"), Ids{2});             // bare digits
  EXPECT_EQ(found("CH-0000002"), Ids{});          // not a reference caseReference writes
  EXPECT_EQ(found("CH-000001 heating"), Ids{1});  // more words
  EXPECT_EQ(found("CH-000001 damp"), Ids{});
}

// A whole reference is that case only: not the ten longer references it begins, nor a case whose
// text quotes it, which the text search finds too (more words, or a part, still do). When no
// case has it, the text is searched, so a quoted reference of a case not (or no longer) here is
// found.
TEST_P(Conformance, AWholeReferenceIsThatCaseNotTheTextsHoldingIt) {
  ASSERT_TRUE(appendRaw(100001, 1, "Leak"));
  ASSERT_TRUE(appendRaw(1000010, 1, "Mould"));
  ASSERT_TRUE(appendRaw(1000011, 1, "Follows up CH-100001 and CH-777777"));
  using Ids = std::vector<CaseId>;
  EXPECT_EQ(found("CH-100001"), Ids{100001});
  EXPECT_EQ(found("CH-100001 follows"), Ids{1000011});
  EXPECT_EQ(found("ch-10000"), (Ids{100001, 1000010, 1000011}));
  EXPECT_EQ(found("CH-777777"), Ids{1000011});
  auto text = store_->list(1, {.text = "CH-100001", .phone_in_text = true, .limit = 50});
  ASSERT_TRUE(text);
  EXPECT_EQ(text->cases.size(), 3u);
}

// Many matches, paged in both orders: PostgreSQL answers from the first cases in list order
// (case_sql.h SearchPlan::kFirstRows) when they fill the page, from the GIN index when not
// (the last page); SQLite from its FTS5 index. The same pages either way.
TEST_P(Conformance, ASearchWithManyMatchesPagesInOrder) {
  for (int i = 1; i <= 14; ++i) {
    create(complaintBody(i % 2 == 1 ? "Okafor: heating broken" : "Okafor: damp",
                         fmt::format("2025-03-{:02}T10:00:00Z", i)));
  }
  using Ids = std::vector<CaseId>;
  auto pages = [&](CaseQuery q) { return pagesOf(q); };
  EXPECT_EQ(pages({.text = "okafor heating", .limit = 3}),
            (std::vector<Ids>{{1, 3, 5}, {7, 9, 11}, {13}}));
  EXPECT_EQ(pages({.text = "HEATING okafor", .limit = 3, .newest_first = true}),
            (std::vector<Ids>{{13, 11, 9}, {7, 5, 3}, {1}}));
  EXPECT_EQ(pages({.kind = CaseKind::kComplaint, .text = "damp", .limit = 4}),
            (std::vector<Ids>{{2, 4, 6, 8}, {10, 12, 14}}));
  EXPECT_EQ(pages({.text = "okafor dam", .limit = 7}), (std::vector<Ids>{{2, 4, 6, 8, 10, 12, 14}}));
  EXPECT_EQ(pages({.text = "okafor zebra", .limit = 3}), (std::vector<Ids>{{}}));
}

// Migration 0035 fills the phone of cases written before it from their search text.
TEST_P(Conformance, ThePhoneMigrationFillsExistingCases) {
  nlohmann::json a = complaintBody("Heating broken", "2025-03-10T10:00:00Z");
  a["person"] = {{"name", "Grace Okafor"}, {"phone", "+44 7700 900123"}};
  create(a);
  nlohmann::json b = complaintBody("Damp 01134960000", "2025-03-10T10:00:00Z");
  b["person"] = {{"name", "No Phone"}};
  create(b);
  service_.reset();
  store_.reset();
  ASSERT_TRUE(exec("DROP INDEX cases_by_phone"));
  ASSERT_TRUE(exec("DROP INDEX cases_by_area_received_id"));
  ASSERT_TRUE(exec("ALTER TABLE cases DROP COLUMN phone_norm"));
  ASSERT_TRUE(exec("DELETE FROM schema_migrations WHERE version IN (35, 36)"));
  open();
  EXPECT_EQ(scalar("SELECT phone_norm FROM cases WHERE case_id = 1"), "07700900123");
  EXPECT_EQ(scalar("SELECT phone_norm FROM cases WHERE case_id = 2"), "");
  auto page = service_->list({.text = "07700 900123", .limit = 50});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].id, 1);
  // The migration's value is the one the projection writes.
  ASSERT_TRUE(service_->rebuild());
  EXPECT_EQ(scalar("SELECT phone_norm FROM cases WHERE case_id = 1"), "07700900123");
  EXPECT_EQ(scalar("SELECT phone_norm FROM cases WHERE case_id = 2"), "");
}

INSTANTIATE_TEST_SUITE_P(Stores, Conformance, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
