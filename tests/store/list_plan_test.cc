// The query plans of the lists that must stay fast at millions of cases (issue 13 item 2,
// bench/scale.sh; migration 0034): My work's "a handler's cases in one status" and the overdue
// list read an index made for them, never the whole table. On a real SQLite file and, when
// CHARTER_PG_DSN is set (scripts/with-postgres.sh), a real PostgreSQL in a schema of its own,
// each holding a generated history (bench/gen_history) imported in bulk and analysed, as a
// landlord's database is after `charter import` and a while of service. The SQL explained is
// the stores' own (store/core/case_sql.h caseListSql), with its parameters bound.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/history_import.h"
#include "main/backend.h"
#include "store/core/case_sql.h"
#include "store/core/case_statements.h"
#include "store/sqlite/migrations.h"

namespace charter {
namespace {

const Date kToday = std::chrono::year{2026} / 12 / 1;

std::vector<std::string> generated(long n) {
  std::vector<std::string> lines;
  FILE* p = popen(fmt::format("{} {} --end 2026-11-30T17:00:00Z", CHARTER_GEN_HISTORY, n).c_str(), "r");
  if (p == nullptr) return lines;
  std::string all;
  char buf[65536];
  for (size_t got; (got = fread(buf, 1, sizeof buf, p)) > 0;) all.append(buf, got);
  pclose(p);
  std::istringstream in(all);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The SQLite migration of that name, or nullptr.
const store_core::Migration* sqliteMigration(std::string_view name) {
  for (const auto& m : embeddedMigrations()) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

std::string text(const store_core::SqlValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "";
}

class ListPlans : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::random_device rd;
    const std::string name = fmt::format("plan_{:08x}{:08x}", rd(), rd());
    if (sqlite()) {
      dir_ = std::filesystem::temp_directory_path() / name;
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "charter.db").string();
    } else {
      if (std::getenv("CHARTER_PG_DSN") == nullptr) GTEST_SKIP() << "CHARTER_PG_DSN is not set";
      base_ = std::getenv("CHARTER_PG_DSN");
      schema_ = name;
      admin("CREATE SCHEMA " + schema_);
      url_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    }
    auto backend = openBackend(url_);
    ASSERT_TRUE(backend) << backend.error().message;
    auto sink = backend->history(1);
    ASSERT_TRUE(sink) << sink.error().message;
    const std::vector<std::string> lines = generated(3000);
    size_t i = 0;
    auto next = [&](std::string& line) {
      if (i == lines.size()) return false;
      line = lines[i++];
      return true;
    };
    HistoryImportOptions options;
    options.today = kToday;
    auto summary = importHistory(next, sink->get(), *builtinPolicy("hos-code-2024").value(), options);
    ASSERT_TRUE(summary) << summary.error().message;
    ASSERT_TRUE(summary->committed);
  }
  void TearDown() override {
    if (!schema_.empty()) admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  bool sqlite() const { return GetParam() == "sqlite"; }

  // The first column of the first row of `sql` (SQLite's char(10) is PostgreSQL's chr(10)).
  std::string scalar(std::string sql) {
    std::string out;
    if (sqlite()) {
      sqlite3* db = nullptr;
      sqlite3_open(url_.c_str(), &db);
      sqlite3_stmt* st = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      if (sqlite3_step(st) == SQLITE_ROW) out = (const char*)sqlite3_column_text(st, 0);
      sqlite3_finalize(st);
      sqlite3_close(db);
      return out;
    }
    for (size_t at; (at = sql.find("char(10)")) != std::string::npos;) sql.replace(at, 4, "chr");
    PGconn* c = PQconnectdb(url_.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    PQclear(r);
    PQfinish(c);
    return out;
  }

  // SQLite: `before` run on the fixture's database (a database as it was before `m`), then `m`.
  void replayAfter(const std::string& before, const store_core::Migration& m) {
    sqlite3* db = nullptr;
    sqlite3_open(url_.c_str(), &db);
    for (const char* sql : {before.c_str(), m.sql})
      ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // The unfiltered list, in both orders, reads the primary key in order: no sort, and none of
  // `indexes` (the plan as the statistics stand, not analysed again).
  void expectFullListOnPrimaryKey(std::initializer_list<const char*> indexes) {
    for (bool newest : {false, true}) {
      CaseQuery all;
      all.newest_first = newest;
      all.today = kToday;
      const std::string p = plan(all, /*analyze=*/false);
      EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
      for (const char* index : indexes) EXPECT_EQ(p.find(index), std::string::npos) << p;
    }
  }

  // The plan of `q`'s list query, after ANALYZE: SQLite's EXPLAIN QUERY PLAN details, or
  // PostgreSQL's EXPLAIN with sequential scans priced out (a table this small would otherwise
  // be read whole, rightly) so that the index the planner would use at scale shows.
  std::string plan(const CaseQuery& q, bool analyze = true,
                   store_core::SearchPlan search = store_core::SearchPlan::kIndex) {
    const auto list = store_core::caseListSql(sqlite() ? store_core::kSqlite : store_core::kPostgres,
                                              1, q, search);
    std::string out;
    if (sqlite()) {
      sqlite3* db = nullptr;
      sqlite3_open(url_.c_str(), &db);
      if (analyze) sqlite3_exec(db, "ANALYZE", nullptr, nullptr, nullptr);
      sqlite3_stmt* st = nullptr;
      const std::string sql = "EXPLAIN QUERY PLAN " + store_core::sqliteText(list.sql);
      EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      for (size_t i = 0; i < list.params.size(); ++i) {
        const int at = static_cast<int>(i + 1);
        if (const auto* n = std::get_if<std::int64_t>(&list.params[i])) sqlite3_bind_int64(st, at, *n);
        if (const auto* s = std::get_if<std::string>(&list.params[i]))
          sqlite3_bind_text(st, at, s->c_str(), -1, SQLITE_TRANSIENT);
      }
      while (sqlite3_step(st) == SQLITE_ROW) out += fmt::format("{}\n", (const char*)sqlite3_column_text(st, 3));
      sqlite3_finalize(st);
      sqlite3_close(db);
      return out;
    }
    PGconn* c = PQconnectdb(url_.c_str());
    PQclear(PQexec(c, "ANALYZE"));
    PQclear(PQexec(c, "SET enable_seqscan = off"));
    std::vector<std::string> values;
    for (const auto& v : list.params) values.push_back(text(v));
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    PGresult* r = PQexecParams(c, ("EXPLAIN " + list.sql).c_str(), static_cast<int>(ptrs.size()),
                               nullptr, ptrs.data(), nullptr, nullptr, 0);
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
    for (int i = 0; i < PQntuples(r); ++i) out += fmt::format("{}\n", PQgetvalue(r, i, 0));
    PQclear(r);
    PQfinish(c);
    return out;
  }

 private:
  void admin(const std::string& sql) {
    PGconn* c = PQconnectdb(base_.c_str());
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    PQclear(PQexec(c, sql.c_str()));
    PQfinish(c);
  }
  std::string base_, schema_;
  std::filesystem::path dir_;

 protected:
  std::string url_;
};

// What My work asks (web/my_work.cc casesOf): a handler's open cases, then responded ones.
TEST_P(ListPlans, AHandlersCasesInOneStatusReadTheHandlerStatusIndex) {
  for (CaseStatus status : {CaseStatus::kOpen, CaseStatus::kResponded}) {
    CaseQuery q;
    q.handler = "jo.bloggs";
    q.status = status;
    q.limit = 500;
    q.today = kToday;
    const std::string p = plan(q);
    EXPECT_NE(p.find("cases_by_handler_status"), std::string::npos) << p;
    EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
  }
}

// The overdue list, and My work's closed cases with a due date: only cases with a due date.
TEST_P(ListPlans, DueDateListsReadOnlyTheCasesWithADueDate) {
  CaseQuery overdue;
  overdue.overdue = true;
  overdue.today = kToday;
  std::string p = plan(overdue);
  EXPECT_NE(p.find("cases_with_due"), std::string::npos) << p;
  EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
  if (sqlite()) EXPECT_EQ(p.find("SCAN c"), std::string::npos) << p;

  CaseQuery closed_due;
  closed_due.handler = "jo.bloggs";
  closed_due.status = CaseStatus::kClosed;
  closed_due.due_before = fromDayNumber(1 << 24);
  closed_due.limit = 500;
  closed_due.today = kToday;
  p = plan(closed_due);
  EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
  if (sqlite()) EXPECT_EQ(p.find("SCAN c"), std::string::npos) << p;
}

// A whole phone number (migration 0035): equality on the case's phone, through its index,
// never the trigram index (on SQLite the FTS5 table, 0.5 s at 1,000,000 cases).
TEST_P(ListPlans, AWholePhoneNumberReadsThePhoneIndex) {
  for (const char* phone : {"+44 7700 001500", "07700 001500"}) {
    CaseQuery q;
    q.text = phone;
    q.today = kToday;
    const std::string p = plan(q);
    EXPECT_NE(p.find("cases_by_phone"), std::string::npos) << p;
    EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
    EXPECT_EQ(p.find("trgm"), std::string::npos) << p;
    if (sqlite()) EXPECT_EQ(p.find("case_search"), std::string::npos) << p;
  }
}

// A whole case reference (app/case_search.h wholeReference): one case by a unique key, never the
// trigram index (every case's search text holds "ch-", so the reference's trigrams are in many).
TEST_P(ListPlans, AWholeReferenceReadsThePrimaryKey) {
  for (const char* reference : {"CH-001500", "ch 001500"}) {
    CaseQuery q;
    q.text = reference;
    q.today = kToday;
    const std::string p = plan(q);
    // The primary key or the unique (landlord, reference): one row either way.
    const bool unique = sqlite() ? p.find("USING INDEX sqlite_autoindex_cases_") != std::string::npos
                                 : p.find("cases_pkey") != std::string::npos ||
                                       p.find("reference_key") != std::string::npos;
    EXPECT_TRUE(unique) << p;
    EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
    EXPECT_EQ(p.find("trgm"), std::string::npos) << p;
    if (sqlite()) EXPECT_EQ(p.find("case_search"), std::string::npos) << p;
  }
}

// The importer writes cases.phone_norm with the rest of the row: every generated case has a
// phone, and its phone_norm is the search text's last line.
TEST_P(ListPlans, TheImportWritesEachCasesPhone) {
  const std::string sql =
      "SELECT count(*) FROM cases WHERE phone_norm = '' OR search_text NOT LIKE '%' || "
      "char(10) || phone_norm";
  EXPECT_EQ(scalar(sql), "0");
  EXPECT_EQ(scalar("SELECT phone_norm FROM cases WHERE case_id = 1500"), "07700001500");
}

// A service area's month, newest first (the staff search's filters; migrations 0035, 0036):
// only that area's cases received in the month, not the area's every case back to the month
// nor every area's cases in it; on SQLite their ids sorted in the index alone (a covering
// index), then the page's rows read by primary key.
TEST_P(ListPlans, AServiceAreasMonthReadsTheAreaReceivedIndex) {
  for (bool newest : {true, false}) {
    CaseQuery q;
    q.service_area = "Repairs";
    q.received_since = std::chrono::sys_days{std::chrono::year{2024} / 4 / 1};
    q.received_before = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1};
    q.newest_first = newest;
    q.today = kToday;
    const std::string p = plan(q);
    EXPECT_NE(p.find(sqlite() ? "USING COVERING INDEX cases_by_area_received_id"
                              : "cases_by_area_received_id"),
              std::string::npos)
        << p;
    EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
  }
}

// PostgreSQL's first try at a search (case_sql.h SearchPlan::kFirstRows): the first cases in
// list order through the primary key, the terms tested on each, never the GIN index (which
// gathered and sorted every case holding two common words).
TEST_P(ListPlans, ASearchFirstReadsTheFirstCasesInOrder) {
  if (!sqlite()) {
    for (bool newest : {false, true}) {
      CaseQuery q;
      q.text = "okafor heating";
      q.newest_first = newest;
      q.today = kToday;
      ASSERT_TRUE(store_core::triesFirstRows(q));
      const std::string p = plan(q, true, store_core::SearchPlan::kFirstRows);
      EXPECT_NE(p.find("cases_pkey"), std::string::npos) << p;
      EXPECT_EQ(p.find("trgm"), std::string::npos) << p;
      EXPECT_EQ(p.find("Sort"), std::string::npos) << p;
    }
  }
  CaseQuery phone;
  phone.text = "07700 001500";
  EXPECT_FALSE(store_core::triesFirstRows(phone));  // equality on the phone instead
  for (const char* rare : {"CH-000123", "okafor ten-1", "grace@example.org", "zebra"}) {
    CaseQuery q;
    q.text = rare;
    EXPECT_FALSE(store_core::triesFirstRows(q)) << rare;  // the index straight away
  }
  CaseQuery all;
  all.text = "okafor";
  all.limit = 1000;  // the CSV of every match: the index
  EXPECT_FALSE(store_core::triesFirstRows(all));
}

// PostgreSQL: the import leaves statistics for what it loaded, so the first lists after it
// are planned from them, not from an empty table's (autovacuum comes later).
TEST_P(ListPlans, AnImportLeavesTheTablesAnalysed) {
  if (sqlite()) GTEST_SKIP() << "SQLite's statistics come from PRAGMA optimize";
  PGconn* c = PQconnectdb(url_.c_str());
  PGresult* r = PQexec(c,
                       "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                       "AND relname IN ('cases', 'clocks', 'events') AND last_analyze IS NOT NULL");
  ASSERT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
  EXPECT_STREQ(PQgetvalue(r, 0, 0), "3");
  PQclear(r);
  PQfinish(c);
}

// My work's translations section (web/translation_pages.cc): the cases with an unmet clock
// named "translation.*" read only those clocks, one range of clocks_unmet_by_name (migration
// 0037), never every unmet clock of the landlord (clocks_met_tenure or clocks_unmet_by_due,
// 36,489 rows at 200,000 cases) nor the clocks table.
TEST_P(ListPlans, OpenTranslationsReadOnlyTheUnmetTranslationClocks) {
  CaseQuery q;
  q.open_clock_prefix = "translation.";
  q.limit = 100;
  q.today = kToday;
  const std::string p = plan(q);
  EXPECT_NE(p.find("clocks_unmet_by_name"), std::string::npos) << p;
  for (const char* other : {"clocks_met_tenure", "clocks_unmet_by_due", "Seq Scan", "SCAN k"})
    EXPECT_EQ(p.find(other), std::string::npos) << p;
  if (sqlite()) {
    EXPECT_NE(p.find("name>? AND name<?"), std::string::npos) << p;
  }
  // (The test server is initialised --no-locale: its collation is "C", so the plan does not
  // repeat the COLLATE "C" of the query and the index.)
  if (!sqlite()) {
    EXPECT_NE(p.find("Index Cond: ((landlord_id = '1'::bigint) AND (name >= 'translation.'"),
              std::string::npos) << p;
  }
}

// A database in service before 0034 has statistics for its older indexes only. Applied to it,
// 0034 must leave the unfiltered list reading the primary key in order (an index without
// statistics looked selective to SQLite's planner, which then sorted every case).
TEST_P(ListPlans, TheWorkIndexesLeaveTheFullListOnThePrimaryKey) {
  if (!sqlite()) GTEST_SKIP() << "PostgreSQL plans from column statistics";
  const store_core::Migration* work = sqliteMigration("0034_work_indexes");
  ASSERT_NE(work, nullptr);
  ASSERT_NO_FATAL_FAILURE(replayAfter(
      "DROP INDEX cases_by_handler_status; DROP INDEX cases_with_due; ANALYZE;", *work));
  expectFullListOnPrimaryKey({"cases_by_handler_status"});
}

// The same for 0035 on a database analysed before it: the full list stays on the primary key,
// and the phone column is filled from the search text (the importer's value, as a rebuild
// would write it).
TEST_P(ListPlans, TheSearchIndexesLeaveTheFullListOnThePrimaryKey) {
  if (!sqlite()) GTEST_SKIP() << "PostgreSQL plans from column statistics";
  const store_core::Migration* search = sqliteMigration("0035_search_indexes");
  ASSERT_NE(search, nullptr);
  ASSERT_NO_FATAL_FAILURE(replayAfter(
      "CREATE TABLE phones AS SELECT case_id, phone_norm FROM cases; "
      "DROP INDEX cases_by_phone; DROP INDEX cases_by_area_received_id; "
      "ALTER TABLE cases DROP COLUMN phone_norm; ANALYZE;",
      *search));
  EXPECT_EQ(scalar("SELECT count(*) FROM cases c JOIN phones p USING (case_id) "
                   "WHERE c.phone_norm = p.phone_norm"),
            scalar("SELECT count(*) FROM cases"));
  expectFullListOnPrimaryKey({"cases_by_phone", "cases_by_area_received"});
}

// The same for 0036 on a database analysed before it (0035's index in place of its own).
TEST_P(ListPlans, TheAreaMonthIndexLeavesTheFullListOnThePrimaryKey) {
  if (!sqlite()) GTEST_SKIP() << "PostgreSQL plans from column statistics";
  const store_core::Migration* ids = sqliteMigration("0036_area_month_ids");
  ASSERT_NE(ids, nullptr);
  ASSERT_NO_FATAL_FAILURE(replayAfter(
      "CREATE INDEX cases_by_area_received ON cases (landlord_id, service_area, received_ms); "
      "DROP INDEX cases_by_area_received_id; ANALYZE;",
      *ids));
  expectFullListOnPrimaryKey({"cases_by_area_received_id"});
}

INSTANTIATE_TEST_SUITE_P(Stores, ListPlans, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
