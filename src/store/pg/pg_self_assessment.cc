#include "store/pg/pg_self_assessment.h"

#include "store/pg/pg_database.h"

namespace charter {

Result<std::unique_ptr<PgSelfAssessmentStore>> PgSelfAssessmentStore::open(const std::string& dsn) {
  auto db = pg::PgDatabase::open(dsn, 1);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<PgSelfAssessmentStore>(new PgSelfAssessmentStore(std::move(*db)));
}

}  // namespace charter
