// The report store tests (src/store/sqlite/report_store_test.cc) on PostgreSQL, each test in a
// fresh schema of the server CHARTER_PG_DSN names (scripts/with-postgres.sh starts one). The
// SQLite run is report_store_tests; this executable names both stores, so it lives outside the
// layers (as store_conformance_test.cc does).
#include <libpq-fe.h>

#include <cstdlib>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/pg/pg_report_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/report_test_backend.h"

namespace charter {

namespace {

bool admin(const std::string& dsn, const std::string& sql) {
  PGconn* c = PQconnectdb(dsn.c_str());
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  PQfinish(c);
  return ok;
}

class PgReportBackend final : public ReportBackend {
 public:
  explicit PgReportBackend(std::string base) : base_(std::move(base)) {
    std::random_device rd;
    schema_ = fmt::format("report_{:08x}{:08x}", rd(), rd());
    // The session's search_path names the schema, so migrations and queries land in it.
    const bool uri = base_.rfind("postgresql://", 0) == 0 || base_.rfind("postgres://", 0) == 0;
    dsn_ = uri ? base_ + (base_.find('?') == std::string::npos ? "?" : "&") +
                     "options=-csearch_path%3D" + schema_
               : base_ + " options='-csearch_path=" + schema_ + "'";
  }
  ~PgReportBackend() override {
    reports_.reset();
    store_.reset();
    admin(base_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }
  bool open(std::string* error) {
    if (!admin(base_, "CREATE SCHEMA " + schema_)) return (*error = "cannot create a schema", false);
    auto store = PgStore::open({.dsn = dsn_});
    if (!store) return (*error = store.error().message, false);
    store_ = std::move(*store);
    auto reports = PgReportStore::open(dsn_, 1);
    if (!reports) return (*error = reports.error().message, false);
    reports_ = std::move(*reports);
    return true;
  }
  CaseStore& cases() override { return *store_; }
  ReportStore& reports() override { return *reports_; }

 private:
  std::string base_, schema_, dsn_;
  std::unique_ptr<PgStore> store_;
  std::unique_ptr<PgReportStore> reports_;
};

}  // namespace

std::vector<std::string> reportBackendNames() { return {"postgresql"}; }

std::unique_ptr<ReportBackend> makeReportBackend(const std::string& name, std::string* why) {
  const char* dsn = std::getenv("CHARTER_PG_DSN");
  if (name != "postgresql") return nullptr;
  if (dsn == nullptr || *dsn == '\0') {
    *why = "CHARTER_PG_DSN is not set";
    return nullptr;
  }
  auto b = std::make_unique<PgReportBackend>(dsn);
  std::string error;
  if (!b->open(&error)) {
    ADD_FAILURE() << error;
    *why = error;
    return nullptr;
  }
  return b;
}

}  // namespace charter
