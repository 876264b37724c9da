// PgMaintenance: the Maintenance port (app/maintenance.h) on a PostgreSQL database.
//
// Backups are pg_dump --format=custom and restores pg_restore --clean in one transaction, run
// as child processes (the client programs of the server's major version when installed, else
// the ones on PATH). A landlord is received over one connection in one transaction: each table
// checked empty for the landlord, its rows sent with COPY, its count checked, all committed
// at once with synchronous_commit on. A PostgreSQL database does not send landlords
// (exportLandlord answers kInvalid): they move from SQLite to PostgreSQL.
#pragma once

#include <string>

#include "app/maintenance.h"

namespace charter {

class PgMaintenance final : public Maintenance {
 public:
  // Connects to nothing: each call connects as it needs.
  explicit PgMaintenance(std::string dsn) : dsn_(std::move(dsn)) {}

  Status backupTo(const std::string& file) override;
  Status restoreFrom(const std::string& file) override;
  Result<LandlordExport> exportLandlord(std::string_view slug, LandlordRowSink& into) override;
  // kUnavailable when the server cannot be reached. REQUIRES: the schema is migrated
  // (PgStore::open ran).
  Result<std::unique_ptr<LandlordRowSink>> importLandlord() override;

 private:
  std::string dsn_;
};

}  // namespace charter
