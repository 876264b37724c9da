// PgAccountStore: the AccountStore port (sign-in, API tokens, the view log, retention) on the
// same PostgreSQL database as the PgStore, through its own small pool of libpq connections.
//
// Each call is one statement or one short transaction that commits with synchronous_commit=on
// before it answers (a session or a revocation is durable once acknowledged). Several
// `charter serve` processes may share the database: ids (accounts, tokens, views) are max + 1
// under a transaction-scoped advisory lock on (landlord, table), so two processes never take
// the same one, and every statement on a landlord's table is scoped by landlord_id = $1
// (statements() lists them for the check in tests/store/).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/accounts_store.h"

namespace charter {

class PgAccountStore final : public AccountStore {
 public:
  // Connects (`connections` of them); the schema must already be migrated (PgStore::open).
  static Result<std::unique_ptr<PgAccountStore>> open(const std::string& dsn,
                                                      int connections = 4);
  ~PgAccountStore() override;

  Result<std::vector<LandlordRecord>> landlords() override;
  Result<std::optional<LandlordRecord>> landlordBySlug(std::string_view slug) override;
  Result<LandlordId> addLandlord(std::string_view slug, std::string_view name) override;
  Status setPolicy(LandlordId landlord, std::string_view toml, std::string_view source,
                   Instant at) override;

  Result<std::int64_t> insertAccount(const AccountRecord& account) override;
  Result<std::optional<AccountRecord>> accountByUsername(LandlordId landlord,
                                                         std::string_view username) override;
  Result<std::optional<AccountRecord>> account(LandlordId landlord, std::int64_t id) override;
  Result<std::vector<AccountRecord>> accounts(LandlordId landlord) override;
  Status setSignInState(LandlordId landlord, std::int64_t id, int failed_attempts,
                        Instant locked_until) override;

  Status insertSession(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> session(LandlordId landlord,
                                               std::string_view token_hash) override;
  Status deleteSession(LandlordId landlord, std::string_view token_hash) override;
  Status touchSession(LandlordId landlord, std::string_view token_hash, Instant expires) override;

  Result<std::int64_t> insertApiToken(const ApiTokenRecord& token) override;
  Result<std::optional<ApiTokenRecord>> apiToken(LandlordId landlord,
                                                 std::string_view token_hash) override;
  Result<std::vector<ApiTokenRecord>> apiTokens(LandlordId landlord) override;
  Status revokeApiToken(LandlordId landlord, std::int64_t id) override;

  Status recordView(const CaseViewRecord& view) override;
  Result<std::vector<CaseViewRecord>> viewsOfPerson(LandlordId landlord,
                                                    std::string_view person_ref,
                                                    int limit) override;
  Status redactEvents(LandlordId landlord, CaseId id,
                      const std::vector<std::pair<int, std::string>>& seq_data) override;

  // Every SQL statement this store runs, for the landlord-scoping test.
  static std::vector<std::string> statements();

 private:
  struct Impl;
  explicit PgAccountStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace charter
