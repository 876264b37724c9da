// The storage of one database, opened once for a command: a SQLite file path or a PostgreSQL
// connection string (postgresql://..., postgres://..., "host=... dbname=...") chooses every
// store at once. openBackend is the only code that names a concrete store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/accounts_store.h"
#include "app/attachments.h"
#include "app/case_store.h"
#include "app/history_import.h"
#include "app/idempotency.h"
#include "app/learning_store.h"
#include "app/mail_in.h"
#include "app/maintenance.h"
#include "app/outbox.h"
#include "app/person_store.h"
#include "app/self_assessment_store.h"
#include "app/surveys.h"
#include "app/reports.h"

namespace charter {

enum class Engine { kSqlite, kPostgres };

// Opens a landlord's report store, on its own connection (reports are scoped to one landlord).
using ReportStoreOpener = std::function<Result<std::unique_ptr<ReportStore>>(LandlordId)>;

// Opens one bulk import of a landlord's case history, in a transaction of its own.
using HistorySinkOpener = std::function<Result<std::unique_ptr<HistorySink>>(LandlordId)>;

struct BackendOptions {
  // Open the stores, migrating the database first. false: only the maintenance port, which
  // opens nothing (a backup of a database a server is using, a restore into a new one).
  bool stores = true;
  // SQLite: refuse a file that does not exist (kNotFound) instead of creating it.
  bool must_exist = false;
  // SQLite: synchronous=FULL; false only for generated data loaded in bulk.
  bool durable = true;
  // SQLite: the bytes every connection's page cache may hold together, in this process
  // (sqlite3_soft_heap_limit64: past it a cache reuses its own pages instead of growing).
  // Without it each reader may cache 64 MiB and the writer 32 MiB. 0: no shared bound.
  std::int64_t sqlite_cache_bytes = 0;
};

struct Backend {
  Engine engine = Engine::kSqlite;
  std::string url;
  // Each null unless options.stores. The account store shares the case store's database
  // (on SQLite its writer), so it is declared after it and goes first.
  std::unique_ptr<CaseStore> cases;
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<LearningStore> learning;
  std::unique_ptr<AttachmentStore> attachments;
  // Contact warnings and restrictions (the person streams); on SQLite through the case writer.
  std::unique_ptr<PersonStore> people;
  std::unique_ptr<SelfAssessmentStore> self_assessments;
  // The first answers to keyed requests (app/idempotency.h).
  std::unique_ptr<IdempotencyStore> idempotency;
  // The outbox's sender side (queuing goes through the case store's transactions); on SQLite
  // through the case writer.
  std::unique_ptr<OutboxStore> outbox;
  // Satisfaction surveys' offers and answers (app/surveys.h); on SQLite through the case writer.
  std::unique_ptr<SurveyStore> surveys;
  // The log of email taken in and its quarantine (app/mail_in.h); on SQLite through the case
  // writer.
  std::unique_ptr<MailStore> mail;
  // Always set.
  std::unique_ptr<Maintenance> maintenance;
  // Set only with options.stores (the database must be migrated first).
  ReportStoreOpener reports;
  // Set only with options.stores.
  HistorySinkOpener history;

  // For messages: "the PostgreSQL database", or the SQLite file's path.
  std::string describe() const;
};

// Which store a URL names (PostgreSQL for a libpq connection string, else a SQLite file).
Engine engineFor(const std::string& url);

// Errors: the store's own (kUnavailable when PostgreSQL cannot be reached, kInternal with the
// SQLite message), kNotFound for a missing file under must_exist.
Result<Backend> openBackend(const std::string& url, BackendOptions options = {});

}  // namespace charter
