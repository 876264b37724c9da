#include "store/pg/pg_report_store.h"

#include "store/pg/pg_database.h"

namespace charter {

Result<std::unique_ptr<PgReportStore>> PgReportStore::open(const std::string& dsn,
                                                           LandlordId landlord) {
  auto db = pg::PgDatabase::open(dsn, 1);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<PgReportStore>(new PgReportStore(std::move(*db), landlord));
}

}  // namespace charter
