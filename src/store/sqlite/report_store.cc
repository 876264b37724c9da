#include "store/sqlite/report_store.h"

#include "store/sqlite/sql_database.h"

namespace charter {

Result<std::unique_ptr<SqliteReportStore>> SqliteReportStore::open(
    const std::filesystem::path& path, LandlordId landlord) {
  auto db = sqlite::OwnDatabase::open(
      path, {.read_only = false,
             .busy_timeout_ms = 10000,
             .pragmas = "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; "
                        "PRAGMA mmap_size=4294967296"});
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<SqliteReportStore>(new SqliteReportStore(std::move(*db), landlord));
}

}  // namespace charter
