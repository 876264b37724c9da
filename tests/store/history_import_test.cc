// `charter import ... cases` (app/history_import.h) on a real SQLite file and, when
// CHARTER_PG_DSN is set (scripts/with-postgres.sh), a real PostgreSQL in a schema of its own:
// a generated history (bench/gen_history) imported in bulk gives the same events, projections,
// clocks, rollups, measures and annual report as the same cases created one step at a time
// through CaseService; invalid lines are named and nothing is written; --skip-invalid writes
// the rest; a second import of the same references is refused.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/case_service.h"
#include "app/history_import.h"
#include "app/reports_service.h"
#include "main/backend.h"
#include "store/pg/pg_history_sink.h"
#include "store/sqlite/history_sink.h"

namespace charter {
namespace {

const Date kToday = std::chrono::year{2026} / 12 / 1;

PolicyPtr policy() { return builtinPolicy("hos-code-2024").value(); }

std::vector<std::string> generated(long n) {
  std::vector<std::string> lines;
  FILE* p = popen(fmt::format("{} {} --end 2026-11-30T17:00:00Z --seed 11", CHARTER_GEN_HISTORY, n)
                      .c_str(),
                  "r");
  if (p == nullptr) return lines;
  std::string all;
  char buf[65536];
  for (size_t got; (got = fread(buf, 1, sizeof buf, p)) > 0;) all.append(buf, got);
  pclose(p);
  std::istringstream in(all);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// One database: a SQLite file in a temporary directory, or a fresh PostgreSQL schema.
class Db {
 public:
  explicit Db(const std::string& engine) : engine_(engine) {
    std::random_device rd;
    const std::string name = fmt::format("hist_{:08x}{:08x}", rd(), rd());
    if (engine == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / name;
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "charter.db").string();
      return;
    }
    base_ = std::getenv("CHARTER_PG_DSN");
    schema_ = name;
    admin("CREATE SCHEMA " + schema_);
    const bool uri = base_.rfind("postgresql://", 0) == 0 || base_.rfind("postgres://", 0) == 0;
    url_ = uri ? base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
                     "options=-csearch_path%3D" + schema_
               : base_ + " options='-csearch_path=" + schema_ + "'";
  }
  ~Db() {
    if (!schema_.empty()) admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  const std::string& url() const { return url_; }
  // The schema's indexes and triggers as text (what a rebuild must leave as it was).
  std::vector<std::string> schema() const {
    if (engine_ == "sqlite") {
      // (sqlite_stat1 comes and goes with PRAGMA optimize: statistics, not schema.)
      return rows("SELECT type, name, tbl_name, sql FROM sqlite_master "
                  "WHERE type IN ('index', 'trigger', 'table') AND name NOT LIKE 'sqlite_%'");
    }
    return rows("SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() UNION ALL "
                "SELECT event_object_table, trigger_name, action_statement "
                "FROM information_schema.triggers WHERE trigger_schema = current_schema()");
  }

  // Every row of `sql`, its columns joined by '|', sorted.
  std::vector<std::string> rows(const std::string& sql) const {
    std::vector<std::string> out;
    if (engine_ == "sqlite") {
      sqlite3* db = nullptr;
      sqlite3_open_v2(url_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
      sqlite3_exec(
          db, sql.c_str(),
          [](void* o, int n, char** v, char**) {
            std::string row;
            for (int i = 0; i < n; ++i) row += fmt::format("{}|", v[i] ? v[i] : "NULL");
            static_cast<std::vector<std::string>*>(o)->push_back(row);
            return 0;
          },
          &out, nullptr);
      sqlite3_close(db);
    } else {
      PGconn* c = PQconnectdb(url_.c_str());
      PGresult* r = PQexec(c, sql.c_str());
      for (int i = 0; i < PQntuples(r); ++i) {
        std::string row;
        for (int j = 0; j < PQnfields(r); ++j) {
          row += fmt::format("{}|", PQgetisnull(r, i, j) ? "NULL" : PQgetvalue(r, i, j));
        }
        out.push_back(row);
      }
      PQclear(r);
      PQfinish(c);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  long count(const std::string& table) const {
    return std::stol(rows("SELECT count(*) FROM " + table).at(0));
  }

 private:
  void admin(const std::string& sql) {
    PGconn* c = PQconnectdb(base_.c_str());
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    PQclear(PQexec(c, sql.c_str()));
    PQfinish(c);
  }
  std::string engine_, base_, schema_, url_;
  std::filesystem::path dir_;
};

Result<HistoryImportSummary> importLines(const HistorySinkOpener& open,
                                         const std::vector<std::string>& lines,
                                         HistoryImportOptions options) {
  options.today = kToday;
  options.batch = 700;  // several batches in a small file
  std::unique_ptr<HistorySink> sink;
  if (!options.dry_run) {
    auto opened = open(1);
    if (!opened) return tl::unexpected(opened.error());
    sink = std::move(*opened);
  }
  size_t i = 0;
  auto next = [&](std::string& line) {
    if (i == lines.size()) return false;
    line = lines[i++];
    return true;
  };
  return importHistory(next, sink.get(), *policy(), options);
}

Result<HistoryImportSummary> importLines(const Backend& b, const std::vector<std::string>& lines,
                                         HistoryImportOptions options) {
  return importLines(b.history, lines, options);
}

// The landlord's history sink with the indexes dropped after `after` cases (0: kept); the
// stages it reports are added to `stages`.
HistorySinkOpener sinkDroppingIndexes(const std::string& engine, const std::string& url,
                                      long long after, std::vector<std::string>* stages) {
  return [=](LandlordId landlord) {
    const store_core::BulkOptions options{
        .rebuild_indexes_after = after,
        .on_stage = [stages](std::string_view s) { stages->emplace_back(s); }};
    return engine == "sqlite" ? openSqliteHistorySink(url, landlord, options)
                              : openPgHistorySink(url, landlord, options);
  };
}

// The same lines through CaseService, each step at its own time, then rebuilt as of kToday.
void replay(const Backend& b, const std::vector<std::string>& lines) {
  FixedTimeSource time(Instant{});
  CaseService service(*b.cases, policy(), time);
  for (const auto& text : lines) {
    auto doc = nlohmann::json::parse(text);
    time.set(parseInstant(doc["case"]["received_at"].get<std::string>()).value());
    auto made = service.create(doc["case"], doc.value("recorded_by", "import"));
    ASSERT_TRUE(made) << made.error().message;
    for (auto step : doc["steps"]) {
      time.set(parseInstant(step["at"].get<std::string>()).value());
      const std::string actor = step.value("actor", "import");
      step.erase("actor");
      auto done = service.act(made->state.id, step, actor);
      ASSERT_TRUE(done) << done.error().message;
    }
  }
  time.set(kToday + std::chrono::hours{12});
  ASSERT_TRUE(service.rebuild());
}

std::string annualCsv(const Backend& b, int year) {
  auto store = b.reports(1);
  EXPECT_TRUE(store);
  ReportService reports(**store, policy());
  auto r = reports.annualReport(measures::financialYear(year));
  EXPECT_TRUE(r) << r.error().message;
  return r ? annualReportCsv(*r) : "";
}

class HistoryImport : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && std::getenv("CHARTER_PG_DSN") == nullptr) {
      GTEST_SKIP() << "CHARTER_PG_DSN is not set";
    }
  }
  Backend open(const Db& db) {
    auto b = openBackend(db.url(), {.durable = false});
    EXPECT_TRUE(b) << b.error().message;
    return std::move(*b);
  }
};

const char* kTables[] = {
    "SELECT case_id, seq, type, at_ms, recorded_ms, actor, data FROM events",
    "SELECT * FROM cases", "SELECT * FROM clocks", "SELECT * FROM case_facts",
    "SELECT * FROM case_months WHERE cases <> 0", "SELECT * FROM clock_months WHERE stopped <> 0",
    "SELECT * FROM learning_actions", "SELECT * FROM service_facts",
    "SELECT * FROM appointments", "SELECT * FROM asb_facts"};

TEST_P(HistoryImport, GivesTheSameRecordsClocksAndReportsAsTheCaseService) {
  const auto lines = generated(2500);
  ASSERT_EQ(lines.size(), 2500u);
  Db imported(GetParam()), replayed(GetParam());
  Backend a = open(imported), b = open(replayed);
  auto summary = importLines(a, lines, {});
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(summary->committed);
  EXPECT_EQ(summary->imported, 2500);
  EXPECT_EQ(summary->check.mismatches, 0);
  replay(b, lines);
  for (const char* sql : kTables) {
    const auto left = imported.rows(sql), right = replayed.rows(sql);
    EXPECT_EQ(left.size(), right.size()) << sql;
    EXPECT_TRUE(left == right) << sql;
  }
  EXPECT_GT(imported.count("clocks"), 500);
  EXPECT_GT(imported.count("case_facts WHERE escalated_day IS NOT NULL"), 10);
  EXPECT_EQ(imported.count("imported_cases"), 2500);
  EXPECT_GT(imported.count("service_facts"), 1000);  // written in bulk, not a statement each
  for (int year : {2017, 2021, 2024, 2025}) {
    const std::string csv = annualCsv(a, year);
    EXPECT_FALSE(csv.empty());
    EXPECT_EQ(csv, annualCsv(b, year)) << year;
  }
}

TEST_P(HistoryImport, NamesEveryInvalidLineAndFieldAndWritesNothing) {
  auto lines = generated(40);
  lines[3] = "{not json";
  {
    auto doc = nlohmann::json::parse(lines[8]);
    doc.erase("ref");
    lines[8] = doc.dump();
    doc = nlohmann::json::parse(lines[12]);
    doc["steps"][0]["at"] = "yesterday";
    lines[12] = doc.dump();
    doc = nlohmann::json::parse(lines[20]);
    doc["case"]["kind"] = "grumble";
    lines[20] = doc.dump();
  }
  lines[30] = lines[29];  // the same reference twice
  Db db(GetParam());
  Backend b = open(db);
  auto summary = importLines(b, lines, {});
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_FALSE(summary->committed);
  ASSERT_EQ(summary->invalid, 5);
  const std::vector<std::pair<long, std::string>> want = {
      {4, ""}, {9, "ref"}, {13, "steps[0].at"}, {21, "case.kind"}, {31, "ref"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(summary->errors[i].line, want[i].first);
    EXPECT_EQ(summary->errors[i].error.field, want[i].second) << describe(summary->errors[i]);
    EXPECT_NE(describe(summary->errors[i]).find(fmt::format("line {}:", want[i].first)),
              std::string::npos);
  }
  for (const char* t : {"events", "cases", "clocks", "case_facts", "case_months",
                        "imported_cases"}) {
    EXPECT_EQ(db.count(t), 0) << t;
  }
}

TEST_P(HistoryImport, SkipInvalidWritesTheRestAndReportsTheSkipped) {
  auto lines = generated(30);
  lines[5] = "[]";
  Db db(GetParam());
  Backend b = open(db);
  HistoryImportOptions options;
  options.skip_invalid = true;
  auto summary = importLines(b, lines, options);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(summary->committed);
  EXPECT_EQ(summary->imported, 29);
  ASSERT_EQ(summary->errors.size(), 1u);
  EXPECT_EQ(summary->errors[0].line, 6);
  EXPECT_EQ(db.count("cases"), 29);
  EXPECT_EQ(db.count("imported_cases"), 29);
}

TEST_P(HistoryImport, RefusesReferencesAlreadyImported) {
  const auto lines = generated(50);
  Db db(GetParam());
  Backend b = open(db);
  ASSERT_TRUE(importLines(b, lines, {}));
  const auto before = db.rows(kTables[0]);
  auto again = importLines(b, lines, {});
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(again->invalid, 50);
  EXPECT_EQ(again->errors.at(0).error.rule, "unique");
  HistoryImportOptions skip;
  skip.skip_invalid = true;
  auto skipped = importLines(b, lines, skip);  // idempotent: every line already there
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->imported, 0);
  EXPECT_EQ(db.rows(kTables[0]), before);
  EXPECT_EQ(db.count("cases"), 50);
}

// A large import drops the secondary indexes and builds them again before COMMIT: the schema
// is as it was, the rows are those of an import that kept them, and the indexes agree with
// the tables (SQLite's integrity check; the search index holds every case).
TEST_P(HistoryImport, RebuildsTheIndexesItDropsWordForWord) {
  const auto lines = generated(2500);
  Db rebuilt(GetParam()), kept(GetParam());
  Backend a = open(rebuilt), b = open(kept);
  const auto schema = rebuilt.schema();
  ASSERT_GT(schema.size(), 20u);
  // Rows there before: the first 300 lines, refused (and skipped) the second time.
  ASSERT_TRUE(importLines(a, {lines.begin(), lines.begin() + 300}, {}));
  HistoryImportOptions skip;
  skip.skip_invalid = true;
  std::vector<std::string> stages, none;
  auto summary =
      importLines(sinkDroppingIndexes(GetParam(), rebuilt.url(), 1000, &stages), lines, skip);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->imported, 2200);
  EXPECT_EQ(summary->check.mismatches, 0);
  EXPECT_EQ(stages, (std::vector<std::string>{"indexes dropped", "indexes rebuilt"}));
  const auto after = rebuilt.schema();
  for (const auto& row : schema) {
    EXPECT_TRUE(std::find(after.begin(), after.end(), row) != after.end()) << "lost: " << row;
  }
  for (const auto& row : after) {
    EXPECT_TRUE(std::find(schema.begin(), schema.end(), row) != schema.end()) << "new: " << row;
  }
  auto whole = importLines(sinkDroppingIndexes(GetParam(), kept.url(), 0, &none), lines, {});
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_TRUE(none.empty());
  for (const char* sql : kTables) EXPECT_TRUE(rebuilt.rows(sql) == kept.rows(sql)) << sql;
  if (GetParam() == "sqlite") {
    EXPECT_EQ(rebuilt.rows("PRAGMA integrity_check"), std::vector<std::string>{"ok|"});
    EXPECT_EQ(rebuilt.rows("SELECT rowid, search_text FROM case_search"),
              kept.rows("SELECT rowid, search_text FROM case_search"));
    EXPECT_EQ(rebuilt.count("case_search"), 2500);
  } else {
    EXPECT_EQ(rebuilt.rows("SELECT case_id FROM cases WHERE search_text LIKE '%legacy case 1234%'"),
              kept.rows("SELECT case_id FROM cases WHERE search_text LIKE '%legacy case 1234%'"));
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, HistoryImport, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace charter
