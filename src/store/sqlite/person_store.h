// SqlitePersonStore: the PersonStore (store/core/person_store.h) on the SqliteStore's file.
// Writes go through the store's single writer (group commit, durable before they answer);
// reads use its readers.
#pragma once

#include "store/core/person_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {

class SqlitePersonStore final : public store_core::SqlPersonStore {
 public:
  explicit SqlitePersonStore(SqliteStore& store);
};

}  // namespace charter
