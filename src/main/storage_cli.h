// The storage commands of `charter`: choosing the store from --db, backup, restore and
// migrate-data (SQLite file -> PostgreSQL). Part of the composition root (src/main).
#pragma once

#include <memory>
#include <string>

#include "app/case_store.h"

namespace charter {

// A SQLite file path, or a PostgreSQL connection string (postgresql://...): the store for it.
Result<std::unique_ptr<CaseStore>> openCaseStore(const std::string& db, bool durable = true);

// charter backup --db DB --to FILE: an online, consistent copy (SQLite's online backup API;
// pg_dump --format=custom for PostgreSQL).
int runBackup(const std::string& db, const std::string& to);

// charter restore --from FILE --db DB: the database as it was at the backup (SQLite: replaces
// the file; PostgreSQL: pg_restore --clean into the database). Stop `charter serve` first.
int runRestore(const std::string& from, const std::string& db);

// charter migrate-data --from FILE --to postgresql://... [--landlord SLUG]: copies one
// landlord's rows (every table with landlord_id) into PostgreSQL with COPY, in one transaction,
// checking each table's count; refuses a target that already holds the landlord's data.
int runMigrateData(const std::string& from, const std::string& to, const std::string& landlord);

}  // namespace charter
