// SqlIdempotencyStore: the IdempotencyStore port (app/idempotency.h) over the idempotency_keys
// table of migrations/0019_idempotency.sql, written once for both databases (the same upsert
// runs on SQLite and PostgreSQL). Every statement is scoped by landlord_id = $1; each write is
// one statement, durable when it answers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/idempotency.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Every statement, in PostgreSQL's form, for the landlord-scoping test.
std::vector<std::string> idempotencyStatements();

class SqlIdempotencyStore final : public IdempotencyStore {
 public:
  explicit SqlIdempotencyStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

  Result<bool> claim(LandlordId landlord, std::string_view principal, std::string_view key,
                     const IdempotentAnswer& answer, Instant expired_before,
                     Instant stale_before) override;
  Result<std::optional<IdempotentAnswer>> find(LandlordId landlord, std::string_view principal,
                                               std::string_view key) override;
  Status finish(LandlordId landlord, std::string_view principal, std::string_view key, int status,
                std::string_view body) override;
  Status release(LandlordId landlord, std::string_view principal, std::string_view key) override;

 private:
  std::unique_ptr<SqlDatabase> db_;
};

}  // namespace charter::store_core
