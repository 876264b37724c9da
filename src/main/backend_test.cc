// openBackend: a SQLite file and a PostgreSQL connection string each choose every store of
// their own kind (PostgreSQL when CHARTER_PG_DSN is set, in a throw-away schema), and the
// SQLite maintenance port backs up and exports a landlord's rows.
#include "main/backend.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/case_service.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_learning.h"
#include "store/pg/pg_maintenance.h"
#include "store/pg/pg_report_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/learning_store.h"
#include "store/sqlite/maintenance.h"
#include "store/sqlite/report_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

namespace fs = std::filesystem;

template <class Concrete, class Port>
bool is(const std::unique_ptr<Port>& p) {
  return p != nullptr && dynamic_cast<Concrete*>(p.get()) != nullptr;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            fmt::format("charter-backend-{}-{}", getpid(), std::random_device()());
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

TEST(OpenBackend, EngineFromTheUrl) {
  EXPECT_EQ(engineFor("charter.db"), Engine::kSqlite);
  EXPECT_EQ(engineFor("/var/lib/charter/live.db"), Engine::kSqlite);
  EXPECT_EQ(engineFor("postgresql://charter@db/charter"), Engine::kPostgres);
  EXPECT_EQ(engineFor("postgres://charter@db/charter"), Engine::kPostgres);
}

TEST(OpenBackend, SqliteFileChoosesEverySqliteStore) {
  TempDir dir;
  const std::string db = dir.file("live.db");
  auto b = openBackend(db);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->engine, Engine::kSqlite);
  EXPECT_EQ(b->describe(), db);
  EXPECT_TRUE(is<SqliteStore>(b->cases));
  EXPECT_TRUE(is<SqliteAccountStore>(b->accounts));
  EXPECT_TRUE(is<SqliteLearningStore>(b->learning));
  EXPECT_TRUE(is<SqliteMaintenance>(b->maintenance));
  auto reports = b->reports(1);
  ASSERT_TRUE(reports) << reports.error().message;
  EXPECT_TRUE(is<SqliteReportStore>(*reports));
  // The account store works on the case store's file: the migrations made the demo landlord.
  auto demo = b->accounts->landlordBySlug("demo");
  ASSERT_TRUE(demo && *demo);
  EXPECT_EQ((*demo)->id, 1);
}

// charter serve bounds what SQLite caches in all its connections together: a 32 MiB table read
// through a connection allowed a 64 MiB cache leaves SQLite's memory near the bound, not 32 MiB.
TEST(OpenBackend, TheSqliteCacheBoundHoldsForEveryConnection) {
  TempDir dir;
  auto b = openBackend(dir.file("live.db"), {.sqlite_cache_bytes = 4 << 20});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(sqlite3_soft_heap_limit64(-1), 4 << 20);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("big.db").c_str(), &db), SQLITE_OK);
  auto exec = [&](const char* sql) {
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  };
  exec("PRAGMA cache_size=-65536");
  exec("CREATE TABLE t(b BLOB)");
  exec("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 8192) "
       "INSERT INTO t SELECT randomblob(4000) FROM n");
  exec("SELECT sum(length(b)) FROM t");
  EXPECT_LT(sqlite3_memory_used(), 8 << 20);
  sqlite3_close(db);
  sqlite3_soft_heap_limit64(0);
}

TEST(OpenBackend, MaintenanceOnlyOpensNothing) {
  TempDir dir;
  const std::string db = dir.file("absent.db");
  auto b = openBackend(db, {.stores = false});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_TRUE(is<SqliteMaintenance>(b->maintenance));
  EXPECT_EQ(b->cases, nullptr);
  EXPECT_EQ(b->accounts, nullptr);
  EXPECT_FALSE(fs::exists(db));
  auto missing = openBackend(db, {.must_exist = true});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_FALSE(fs::exists(db));
  auto backup = b->maintenance->backupTo(dir.file("backup.db"));
  ASSERT_FALSE(backup);
  EXPECT_EQ(backup.error().kind, ErrorKind::kNotFound);
}

// Collects what an export sends.
class RecordingSink final : public LandlordRowSink {
 public:
  Status landlord(LandlordId id, std::string_view slug, std::string_view) override {
    landlord_ = fmt::format("{} {}", id, slug);
    return {};
  }
  Status beginTable(std::string_view table, const std::vector<std::string>& columns) override {
    table_ = std::string(table);
    columns_[table_] = columns;
    return {};
  }
  Status row(const std::vector<std::optional<std::string>>& values) override {
    rows_[table_].push_back(values);
    return {};
  }
  Status endTable(long long rows) override {
    ended_[table_] = rows;
    return {};
  }
  Status commit() override { return {}; }

  std::string landlord_, table_;
  std::map<std::string, std::vector<std::string>> columns_;
  std::map<std::string, std::vector<std::vector<std::optional<std::string>>>> rows_;
  std::map<std::string, long long> ended_;
};

Status addComplaint(CaseStore& store) {
  auto policy = builtinPolicy("hos-code-2024");
  if (!policy) return tl::unexpected(policy.error());
  FixedTimeSource time(parseInstant("2025-03-24T10:00:00Z").value());
  CaseService service(store, *policy, time);
  auto made = service.create({{"kind", "complaint"},
                              {"received_at", "2025-03-21T17:30:00Z"},
                              {"channel", "phone"},
                              {"summary", "Mould in the bedroom"},
                              {"person", {{"name", "A Resident"}}}},
                             "test");
  if (!made) return tl::unexpected(made.error());
  return {};
}

TEST(SqliteMaintenance, BackupAndExportOfALandlord) {
  TempDir dir;
  const std::string db = dir.file("live.db");
  auto b = openBackend(db);
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_TRUE(addComplaint(*b->cases));

  ASSERT_TRUE(b->maintenance->backupTo(dir.file("backup.db")));
  auto copy = openBackend(dir.file("backup.db"), {.must_exist = true});
  ASSERT_TRUE(copy) << copy.error().message;
  auto ids = copy->cases->caseIds(1);
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->size(), 1u);

  RecordingSink sink;
  auto sent = b->maintenance->exportLandlord("demo", sink);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(sink.landlord_, "1 demo");
  EXPECT_EQ(sent->landlord, 1);
  ASSERT_GE(sent->tables.size(), 3u);
  // Parents first: cases, then accounts, then events; no rollups, no landlords.
  EXPECT_EQ(sent->tables[0].table, "cases");
  EXPECT_EQ(sent->tables[1].table, "accounts");
  EXPECT_EQ(sent->tables[2].table, "events");
  for (const auto& t : sent->tables) {
    EXPECT_NE(t.table, "case_months");
    EXPECT_NE(t.table, "landlords");
    EXPECT_EQ(sink.ended_[t.table], t.rows) << t.table;
    EXPECT_EQ(static_cast<long long>(sink.rows_[t.table].size()), t.rows) << t.table;
  }
  EXPECT_EQ(sent->tables[0].rows, 1);
  EXPECT_EQ(sent->tables[2].rows, 1);

  auto nobody = b->maintenance->exportLandlord("nobody", sink);
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().kind, ErrorKind::kNotFound);
  EXPECT_FALSE(b->maintenance->importLandlord());  // landlords move into PostgreSQL only
}

// ---- PostgreSQL ------------------------------------------------------------------------------

const char* pgDsn() {
  const char* dsn = std::getenv("CHARTER_PG_DSN");
  return dsn != nullptr && *dsn != '\0' ? dsn : nullptr;
}

bool pgExec(const std::string& dsn, const std::string& sql) {
  PGconn* c = PQconnectdb(dsn.c_str());
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  PQclear(r);
  PQfinish(c);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

// A throw-away schema on the test server, reached through a URL whose search_path names it.
class PgSchema {
 public:
  explicit PgSchema(std::string base) : base_(std::move(base)) {
    name_ = fmt::format("backend_{}_{}", getpid(), std::random_device()() % 1000000);
    EXPECT_TRUE(pgExec(base_, "CREATE SCHEMA " + name_));
    url_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + name_;
  }
  ~PgSchema() { pgExec(base_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }
  const std::string& url() const { return url_; }

 private:
  std::string base_, name_, url_;
};

TEST(OpenBackend, PostgresUrlChoosesEveryPostgresStore) {
  if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
  ASSERT_EQ(engineFor(pgDsn()), Engine::kPostgres);
  PgSchema schema(pgDsn());
  auto b = openBackend(schema.url());
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->engine, Engine::kPostgres);
  EXPECT_EQ(b->describe(), "the PostgreSQL database");
  EXPECT_TRUE(is<PgStore>(b->cases));
  EXPECT_TRUE(is<PgAccountStore>(b->accounts));
  EXPECT_TRUE(is<PgLearningStore>(b->learning));
  EXPECT_TRUE(is<PgMaintenance>(b->maintenance));
  auto reports = b->reports(1);
  ASSERT_TRUE(reports) << reports.error().message;
  EXPECT_TRUE(is<PgReportStore>(*reports));
  auto demo = b->accounts->landlordBySlug("demo");
  ASSERT_TRUE(demo && *demo);
  EXPECT_EQ((*demo)->id, 1);
}

// A landlord moved through the ports: SQLite's export into PostgreSQL's sink, counts checked,
// and a second move refused without a change.
TEST(OpenBackend, LandlordMovesFromSqliteIntoPostgres) {
  if (pgDsn() == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
  TempDir dir;
  auto from = openBackend(dir.file("source.db"));
  ASSERT_TRUE(from) << from.error().message;
  ASSERT_TRUE(addComplaint(*from->cases));
  PgSchema schema(pgDsn());
  auto to = openBackend(schema.url());
  ASSERT_TRUE(to) << to.error().message;
  {
    auto sink = to->maintenance->importLandlord();
    ASSERT_TRUE(sink) << sink.error().message;
    auto sent = from->maintenance->exportLandlord("demo", **sink);
    ASSERT_TRUE(sent) << sent.error().message;
    ASSERT_TRUE((*sink)->commit());
  }
  auto moved = to->cases->load(1, 1);
  ASSERT_TRUE(moved && *moved);
  EXPECT_EQ((*moved)->summary, "Mould in the bedroom");
  auto again = to->maintenance->importLandlord();
  ASSERT_TRUE(again);
  auto refused = from->maintenance->exportLandlord("demo", **again);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_NE(refused.error().message.find("already holds"), std::string::npos);
}

}  // namespace
}  // namespace charter
