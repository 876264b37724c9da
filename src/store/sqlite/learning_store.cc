#include "store/sqlite/learning_store.h"

#include "store/sqlite/sql_database.h"

namespace charter {

Result<std::unique_ptr<SqliteLearningStore>> SqliteLearningStore::open(
    const std::filesystem::path& path) {
  auto db = sqlite::OwnDatabase::open(path, {.read_only = true, .busy_timeout_ms = 5000});
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<SqliteLearningStore>(new SqliteLearningStore(std::move(*db)));
}

}  // namespace charter
