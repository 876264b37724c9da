// PgPersonStore: the PersonStore (store/core/person_store.h) on the same PostgreSQL database as
// the PgStore, through its own small pool of libpq connections.
#pragma once

#include <memory>
#include <string>

#include "store/core/person_store.h"

namespace charter {

class PgPersonStore final : public store_core::SqlPersonStore {
 public:
  // Connects; the schema must already be migrated (PgStore::open).
  static Result<std::unique_ptr<PgPersonStore>> open(const std::string& dsn, int connections = 2);

 private:
  explicit PgPersonStore(std::unique_ptr<store_core::SqlDatabase> db)
      : SqlPersonStore(std::move(db)) {}
};

}  // namespace charter
