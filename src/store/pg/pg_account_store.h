// PgAccountStore: the AccountStore port (store/core/account_store.h) on the same PostgreSQL
// database as the PgStore, through its own small pool of libpq connections. Several
// `charter serve` processes may share the database (ids are taken under advisory locks).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/core/account_store.h"

namespace charter {

class PgAccountStore final : public store_core::SqlAccountStore {
 public:
  // Connects (`connections` of them); the schema must already be migrated (PgStore::open).
  static Result<std::unique_ptr<PgAccountStore>> open(const std::string& dsn,
                                                      int connections = 4);

  // Every SQL statement this store runs, for the landlord-scoping test.
  static std::vector<std::string> statements() { return store_core::accountStatements(); }

 private:
  explicit PgAccountStore(std::unique_ptr<store_core::SqlDatabase> db)
      : SqlAccountStore(std::move(db)) {}
};

}  // namespace charter
