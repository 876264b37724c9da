// SqliteMaintenance: the Maintenance port (app/maintenance.h) on one SQLite file.
//
// Backups use SQLite's online backup API in one step (one consistent snapshot even while a
// server writes; writers wait on busy_timeout meanwhile), then PRAGMA integrity_check on the
// copy. A restore copies the backup into a new file beside the database and renames it over
// the database, so a failure never leaves it half-restored. Exports read through their own
// read-only connection inside one read transaction. A SQLite file does not receive landlords
// (importLandlord answers kInvalid): they move from SQLite to PostgreSQL.
#pragma once

#include <filesystem>

#include "app/maintenance.h"

namespace charter {

class SqliteMaintenance final : public Maintenance {
 public:
  // Opens nothing: each call opens what it needs.
  explicit SqliteMaintenance(std::filesystem::path path) : path_(std::move(path)) {}

  Status backupTo(const std::string& file) override;
  Status restoreFrom(const std::string& file) override;
  Result<LandlordExport> exportLandlord(std::string_view slug, LandlordRowSink& into) override;
  Result<std::unique_ptr<LandlordRowSink>> importLandlord() override;

 private:
  std::filesystem::path path_;
};

}  // namespace charter
