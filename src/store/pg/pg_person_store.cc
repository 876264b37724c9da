#include "store/pg/pg_person_store.h"

#include "store/pg/pg_database.h"

namespace charter {

Result<std::unique_ptr<PgPersonStore>> PgPersonStore::open(const std::string& dsn,
                                                           int connections) {
  auto db = pg::PgDatabase::open(dsn, connections);
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<PgPersonStore>(new PgPersonStore(std::move(*db)));
}

}  // namespace charter
