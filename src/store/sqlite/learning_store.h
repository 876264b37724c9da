// SqliteLearningStore: the LearningStore (store/core/learning_store.h) on a SQLite database
// that a SqliteStore writes, through a read-only connection of its own (WAL: readers never
// block the writer), one query at a time.
#pragma once

#include <filesystem>
#include <memory>

#include "store/core/learning_store.h"

namespace charter {

class SqliteLearningStore final : public store_core::SqlLearningStore {
 public:
  // REQUIRES: the database exists and is migrated (a SqliteStore opened it first).
  static Result<std::unique_ptr<SqliteLearningStore>> open(const std::filesystem::path& path);

 private:
  explicit SqliteLearningStore(std::unique_ptr<store_core::SqlDatabase> db)
      : SqlLearningStore(std::move(db)) {}
};

}  // namespace charter
