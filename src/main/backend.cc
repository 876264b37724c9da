#include "main/backend.h"

#include "main/admin_wiring.h"

#include <filesystem>

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/core/admin_store.h"
#include "store/core/attachment_store.h"
#include "store/core/idempotency_store.h"
#include "store/core/mail_store.h"
#include "store/core/outbox_store.h"
#include "store/core/survey_store.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_attachment_store.h"
#include "store/pg/pg_database.h"
#include "store/pg/pg_history_sink.h"
#include "store/pg/pg_learning.h"
#include "store/pg/pg_maintenance.h"
#include "store/pg/pg_person_store.h"
#include "store/pg/pg_report_store.h"
#include "store/pg/pg_self_assessment.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/history_sink.h"
#include "store/sqlite/learning_store.h"
#include "store/sqlite/maintenance.h"
#include "store/sqlite/person_store.h"
#include "store/sqlite/report_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/self_assessment_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

// Widens a store's own pointer to its port's.
template <class Port, class Store>
Result<std::unique_ptr<Port>> asPort(Result<std::unique_ptr<Store>> opened) {
  if (!opened) return tl::unexpected(opened.error());
  return std::unique_ptr<Port>(std::move(*opened));
}

Status openSqlite(Backend& b, const BackendOptions& options) {
  SqliteOptions sqlite;
  sqlite.path = b.url;
  sqlite.synchronous_full = options.durable;
  if (options.sqlite_cache_bytes > 0) sqlite3_soft_heap_limit64(options.sqlite_cache_bytes);
  auto store = SqliteStore::open(sqlite);
  if (!store) return tl::unexpected(store.error());
  b.accounts = std::make_unique<SqliteAccountStore>(**store);
  b.attachments = std::make_unique<store_core::SqlAttachmentStore>(
      std::make_unique<sqlite::StoreDatabase>(**store));
  b.idempotency = std::make_unique<store_core::SqlIdempotencyStore>(
      std::make_unique<sqlite::StoreDatabase>(**store));
  b.people = std::make_unique<SqlitePersonStore>(**store);
  b.self_assessments = std::make_unique<SqliteSelfAssessmentStore>(**store);
  b.outbox = std::make_unique<store_core::SqlOutboxStore>(
      std::make_unique<sqlite::StoreDatabase>(**store));
  b.surveys = std::make_unique<store_core::SqlSurveyStore>(
      std::make_unique<sqlite::StoreDatabase>(**store));
  b.mail = std::make_unique<store_core::SqlMailStore>(
      std::make_unique<sqlite::StoreDatabase>(**store));
  b.cases = std::move(*store);  // migrated: the other stores may open the file now
  auto learning = asPort<LearningStore>(SqliteLearningStore::open(b.url));
  if (!learning) return tl::unexpected(learning.error());
  b.learning = std::move(*learning);
  b.reports = [path = b.url](LandlordId landlord) {
    return asPort<ReportStore>(SqliteReportStore::open(path, landlord));
  };
  b.history = [path = b.url](LandlordId landlord) {
    return openSqliteHistorySink(path, landlord);
  };
  return {};
}

Status openPostgres(Backend& b) {
  PgOptions pg;
  pg.dsn = b.url;
  auto store = asPort<CaseStore>(PgStore::open(pg));  // migrates first
  if (!store) return tl::unexpected(store.error());
  b.cases = std::move(*store);
  auto accounts = asPort<AccountStore>(PgAccountStore::open(b.url));
  if (!accounts) return tl::unexpected(accounts.error());
  b.accounts = std::move(*accounts);
  auto files = openPgAttachmentStore(b.url);
  if (!files) return tl::unexpected(files.error());
  b.attachments = std::move(*files);
  auto keys = pg::PgDatabase::open(b.url, 1);
  if (!keys) return tl::unexpected(keys.error());
  b.idempotency = std::make_unique<store_core::SqlIdempotencyStore>(std::move(*keys));
  auto learning = asPort<LearningStore>(PgLearningStore::open(b.url));
  if (!learning) return tl::unexpected(learning.error());
  b.learning = std::move(*learning);
  auto people = asPort<PersonStore>(PgPersonStore::open(b.url));
  if (!people) return tl::unexpected(people.error());
  b.people = std::move(*people);
  auto self_assessments = asPort<SelfAssessmentStore>(PgSelfAssessmentStore::open(b.url));
  if (!self_assessments) return tl::unexpected(self_assessments.error());
  b.self_assessments = std::move(*self_assessments);
  auto outbox_db = pg::PgDatabase::open(b.url, 2);
  if (!outbox_db) return tl::unexpected(outbox_db.error());
  b.outbox = std::make_unique<store_core::SqlOutboxStore>(std::move(*outbox_db));
  auto survey_db = pg::PgDatabase::open(b.url, 2);
  if (!survey_db) return tl::unexpected(survey_db.error());
  b.surveys = std::make_unique<store_core::SqlSurveyStore>(std::move(*survey_db));
  auto mail_db = pg::PgDatabase::open(b.url, 1);
  if (!mail_db) return tl::unexpected(mail_db.error());
  b.mail = std::make_unique<store_core::SqlMailStore>(std::move(*mail_db));
  b.reports = [dsn = b.url](LandlordId landlord) {
    return asPort<ReportStore>(PgReportStore::open(dsn, landlord));
  };
  b.history = [dsn = b.url](LandlordId landlord) { return openPgHistorySink(dsn, landlord); };
  return {};
}

}  // namespace

std::string Backend::describe() const {
  return engine == Engine::kPostgres ? "the PostgreSQL database" : url;
}

Engine engineFor(const std::string& url) {
  return isPostgresDsn(url) ? Engine::kPostgres : Engine::kSqlite;
}

Result<Backend> openBackend(const std::string& url, BackendOptions options) {
  Backend b;
  b.url = url;
  b.engine = engineFor(url);
  if (b.engine == Engine::kPostgres) {
    b.maintenance = std::make_unique<PgMaintenance>(url);
  } else {
    if (options.must_exist && !std::filesystem::exists(url)) {
      return notFound(fmt::format("there is no database {}", url));
    }
    b.maintenance = std::make_unique<SqliteMaintenance>(url);
  }
  if (!options.stores) return b;
  auto opened = b.engine == Engine::kPostgres ? openPostgres(b) : openSqlite(b, options);
  if (!opened) return tl::unexpected(opened.error());
  return b;
}

Result<std::unique_ptr<AdminStore>> openAdminStore(Backend& b) {
  if (b.engine == Engine::kPostgres) {
    auto db = pg::PgDatabase::open(b.url, 1);
    if (!db) return tl::unexpected(db.error());
    return std::unique_ptr<AdminStore>(std::make_unique<store_core::SqlAdminStore>(std::move(*db)));
  }
  auto* sqlite = dynamic_cast<SqliteStore*>(b.cases.get());
  if (sqlite == nullptr) return internalError("The SQLite case store is not open.");
  return std::unique_ptr<AdminStore>(std::make_unique<store_core::SqlAdminStore>(
      std::make_unique<sqlite::StoreDatabase>(*sqlite)));
}

}  // namespace charter
