// SqlAccountStore: the AccountStore port (sign-in, API tokens, the view log, retention)
// written once over a SqlDatabase, for SQLite (store/sqlite/account_store.h) and PostgreSQL
// (store/pg/pg_account_store.h) alike.
//
// Each call is one statement or one short transaction, durable before it answers. Ids within
// a landlord's table (accounts, tokens, views) are max + 1 inside the inserting transaction;
// on PostgreSQL, where several processes may write, under a transaction-scoped advisory lock
// on (landlord, table), and new landlords under a table lock (SQLite has one writer). Every
// statement on a landlord's table is scoped by landlord_id = $1 (accountStatements() lists
// them for the check in tests/store/).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/accounts_store.h"
#include "store/core/sql.h"

namespace charter::store_core {

class SqlAccountStore : public AccountStore {
 public:
  explicit SqlAccountStore(std::unique_ptr<SqlDatabase> db) : db_(std::move(db)) {}

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
  PendingStatus recordViewLater(const CaseViewRecord& view) override;
  Result<std::vector<CaseViewRecord>> viewsOfPerson(LandlordId landlord,
                                                    std::string_view person_ref,
                                                    int limit) override;
  Status redactEvents(LandlordId landlord, CaseId id,
                      const std::vector<std::pair<int, std::string>>& seq_data) override;

 private:
  // Inserts `insert` ($1 landlord, $2 the next id of `table`, then `rest`): answers the id.
  Result<std::int64_t> insertNext(LandlordId landlord, int table, SqlValues rest,
                                  std::string_view what);
  Status writeOne(LandlordId landlord, const Command& c, std::string_view what);
  std::unique_ptr<SqlDatabase> db_;
};

// Every statement the account store runs, in PostgreSQL's form.
std::vector<std::string> accountStatements();

}  // namespace charter::store_core
