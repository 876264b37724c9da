// Maintenance: the whole-database work an operator runs from the command line (`charter
// backup`, `restore`, `migrate-data`), a port each store implements for its own database
// (store/sqlite/maintenance.h, store/pg/pg_maintenance.h), so nothing above the stores writes
// SQL or knows a file format.
//
// None of it goes through the case store's writer: a backup is taken while `charter serve`
// runs; a restore needs the database to be unused. Not thread-safe: one operator command at a
// time per object.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_store.h"
#include "util/result.h"

namespace charter {

// One landlord's rows on their way into another database, table by table, each row its
// column values as text (nullopt: NULL) in the order beginTable named. Nothing is kept unless
// commit() succeeds: a sink destroyed first (or after an error) leaves the receiving database
// as it was.
class LandlordRowSink {
 public:
  virtual ~LandlordRowSink() = default;
  // The landlord's own row (kept as it is when the receiving database already has it).
  virtual Status landlord(LandlordId id, std::string_view slug, std::string_view name) = 0;
  // kConflict when the receiving database already holds rows of `table` for the landlord;
  // kInvalid when it has no such table.
  virtual Status beginTable(std::string_view table, const std::vector<std::string>& columns) = 0;
  virtual Status row(const std::vector<std::optional<std::string>>& values) = 0;
  // kInternal unless the receiving database now holds exactly `rows` rows of the table for
  // the landlord.
  virtual Status endTable(long long rows) = 0;
  // Every table at once, durably.
  virtual Status commit() = 0;
};

// What exportLandlord sent: the landlord's id, and the rows of each table in order.
struct LandlordExport {
  struct Table {
    std::string table;
    long long rows = 0;
  };
  LandlordId landlord = 0;
  std::vector<Table> tables;
};

class Maintenance {
 public:
  virtual ~Maintenance() = default;

  // An online, consistent copy of the whole database written to `file` (replaced), checked
  // before it answers. kNotFound when there is no database; kInvalid when it is not Charter's.
  virtual Status backupTo(const std::string& file) = 0;
  // Replaces the database with the copy in `file` (a backupTo of the same kind of store): the
  // database as it was at the backup, never half-restored. REQUIRES: nothing is using it.
  virtual Status restoreFrom(const std::string& file) = 0;

  // Sends every row of the landlord `slug` (every table keyed by landlord_id, parents before
  // children, all from one snapshot) into `into`, and answers what it sent. The
  // monthly rollups are left out (the receiving database's triggers make them as the facts
  // arrive). kNotFound when there is no such landlord. Does not commit `into`.
  virtual Result<LandlordExport> exportLandlord(std::string_view slug, LandlordRowSink& into) = 0;
  // A sink writing into this database in one transaction. kInvalid for a store that cannot
  // receive a landlord.
  virtual Result<std::unique_ptr<LandlordRowSink>> importLandlord() = 0;
};

}  // namespace charter
