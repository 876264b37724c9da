#include "main/reports_wiring.h"

#include <spdlog/spdlog.h>

#include "api/measures_api.h"
#include "app/reports_service.h"
#include "store/pg/pg_report_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/report_store.h"
#include "web/reports/report_pages.h"

namespace charter {

namespace {
std::string& database() {
  static std::string db;
  return db;
}

struct Reports {
  std::unique_ptr<ReportStore> store;
  std::unique_ptr<ReportService> service;
};
}  // namespace

void setReportDatabase(const std::string& db) { database() = db; }

std::shared_ptr<void> addReports(http::Router& router, PolicyPtr policy, const TimeSource& time,
                                 LearningService* learning) {
  const std::string& db = database();
  if (db.empty()) return nullptr;
  auto r = std::make_shared<Reports>();
  if (isPostgresDsn(db)) {
    auto store = PgReportStore::open(db, 1);
    if (!store) {
      spdlog::error("reports: {}", store.error().message);
      return nullptr;
    }
    r->store = std::move(*store);
  } else {
    auto store = SqliteReportStore::open(db, 1);
    if (!store) {
      spdlog::error("reports: {}", store.error().message);
      return nullptr;
    }
    r->store = std::move(*store);
  }
  r->service = std::make_unique<ReportService>(*r->store, std::move(policy));
  if (learning) r->service->setLearning(learning, 1);  // the landlord of the report store
  api::addMeasureRoutes(router, *r->service);
  const Policy* p = &r->service->policy();
  web::addReportPages(router, *r->service, [&time, p] {
    return p->working_calendar ? p->working_calendar->localDate(time.now())
                               : std::chrono::floor<std::chrono::days>(time.now());
  });
  return r;
}

}  // namespace charter
