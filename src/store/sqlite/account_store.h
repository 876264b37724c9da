// SqliteAccountStore: the AccountStore port on the SqliteStore's file. Writes go through the
// store's single writer (group commit, durable before they answer); reads use its readers.
#pragma once

#include "app/accounts_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(SqliteStore& store) : store_(store) {}

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

 private:
  SqliteStore& store_;
};

}  // namespace charter
