#include "store/pg/pg_learning.h"

#include "store/pg/pg_database.h"

namespace charter {

std::vector<pg::PgConn::Step> learningRowSteps(LandlordId landlord, CaseId id,
                                               const CaseState& state) {
  std::vector<pg::PgConn::Step> out;
  for (const auto& c : store_core::learningRowCommands(landlord, id, state)) {
    out.push_back(pg::toStep(c));
  }
  return out;
}

Result<std::unique_ptr<PgLearningStore>> PgLearningStore::open(const std::string& dsn) {
  auto db = pg::PgDatabase::open(dsn, 1);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<PgLearningStore>(new PgLearningStore(std::move(*db)));
}

}  // namespace charter
