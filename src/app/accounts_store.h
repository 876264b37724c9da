// The storage port for sign-in and data protection: landlords and their policies, accounts,
// sessions, API tokens and the log of who viewed whose record. Implemented by store/sqlite
// (SqliteAccountStore, on the same file as the cases) and store/pg (PgAccountStore, on the same
// PostgreSQL database); only src/main names the concrete store.
//
// Every call names its landlord, and every statement behind it is filtered by landlord_id
// (tests/store/account_conformance_test.cc checks the statement lists of both stores), except
// the landlord table itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/principal.h"
#include "domain/case.h"
#include "util/durable_before_send.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

struct LandlordRecord {
  LandlordId id = 0;
  std::string slug;
  std::string name;
  std::string policy_toml;    // "" when the landlord uses the built-in Code base
  std::string policy_source;  // the file it was read from, for messages
};

struct AccountRecord {
  LandlordId landlord = 0;
  std::int64_t id = 0;
  std::string username;  // lower-cased
  std::string display_name;
  std::string job_title;  // staff: shown under the name on letters they sign; may be empty
  Role role = Role::kFrontLine;
  std::string person_ref;
  std::string password_hash;  // crypto_pwhash_str
  int failed_attempts = 0;
  Instant locked_until{};
  bool disabled = false;
  Instant created{};
};

struct SessionRecord {
  LandlordId landlord = 0;
  std::string token_hash;
  std::int64_t account_id = 0;
  std::string csrf_token;
  Instant created{};
  Instant expires{};
};

struct ApiTokenRecord {
  LandlordId landlord = 0;
  std::int64_t id = 0;
  std::string token_hash;
  std::string name;
  Role role = Role::kComplaintsAdmin;
  Instant created{};
  bool revoked = false;
};

// One read of a person's record.
struct CaseViewRecord {
  LandlordId landlord = 0;
  CaseId case_id = 0;
  std::string person_ref;
  std::string viewer;
  std::string viewer_role;
  std::string purpose;
  Instant at{};
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Landlords (the one table not keyed by landlord_id: it is the list of them).
  virtual Result<std::vector<LandlordRecord>> landlords() = 0;
  virtual Result<std::optional<LandlordRecord>> landlordBySlug(std::string_view slug) = 0;
  // kConflict "exists" when the slug is taken. Answers the new id.
  virtual Result<LandlordId> addLandlord(std::string_view slug, std::string_view name) = 0;
  virtual Status setPolicy(LandlordId landlord, std::string_view toml, std::string_view source,
                           Instant at) = 0;

  // Accounts. insertAccount assigns the id; kConflict "exists" for a username taken.
  virtual Result<std::int64_t> insertAccount(const AccountRecord& account) = 0;
  virtual Result<std::optional<AccountRecord>> accountByUsername(LandlordId landlord,
                                                                 std::string_view username) = 0;
  virtual Result<std::optional<AccountRecord>> account(LandlordId landlord, std::int64_t id) = 0;
  virtual Result<std::vector<AccountRecord>> accounts(LandlordId landlord) = 0;
  // Sets the failure count and lock (a failed sign-in), or clears both (a good one).
  virtual Status setSignInState(LandlordId landlord, std::int64_t id, int failed_attempts,
                                Instant locked_until) = 0;

  virtual Status insertSession(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> session(LandlordId landlord,
                                                       std::string_view token_hash) = 0;
  virtual Status deleteSession(LandlordId landlord, std::string_view token_hash) = 0;
  // Moves a session's expiry (the idle timeout slides with use); no error when it is gone.
  virtual Status touchSession(LandlordId landlord, std::string_view token_hash,
                              Instant expires) = 0;

  // insertApiToken assigns the id.
  virtual Result<std::int64_t> insertApiToken(const ApiTokenRecord& token) = 0;
  virtual Result<std::optional<ApiTokenRecord>> apiToken(LandlordId landlord,
                                                         std::string_view token_hash) = 0;
  // The landlord's tokens (revoked ones too), by id.
  virtual Result<std::vector<ApiTokenRecord>> apiTokens(LandlordId landlord) = 0;
  // Marks a token revoked: every process refuses it from the next request (bearer() reads the
  // store each time). kNotFound when the landlord has no token `id`.
  virtual Status revokeApiToken(LandlordId landlord, std::int64_t id) = 0;

  // The view log: durable before the record is shown. recordView answers once the view is
  // durable. recordViewLater hands the view to the store's writer and returns at once: the
  // answer resolves once it is durable (or failed), so a caller reads and renders the record
  // while the view commits, and waits for the answer before the record leaves the process
  // (app/audit.h's recordViewBeforeSend registers it with the request's DurableBeforeSend,
  // which the HTTP server waits for before it writes a byte). SQLite hands it to the group
  // commit; by default (PostgreSQL's account store writes on its own pooled connections)
  // recordViewLater is recordView, resolved when it returns.
  virtual Status recordView(const CaseViewRecord& view) = 0;
  virtual PendingStatus recordViewLater(const CaseViewRecord& view) {
    return resolvedStatus(recordView(view));
  }
  // Newest first; at most `limit`.
  virtual Result<std::vector<CaseViewRecord>> viewsOfPerson(LandlordId landlord,
                                                            std::string_view person_ref,
                                                            int limit) = 0;

  // Retention: replaces the data of a case's events (seq, redacted JSON text) once the case
  // carries an "anonymised" event. The events themselves (type, time, actor) stay; the
  // database refuses this on a case that is not anonymised.
  virtual Status redactEvents(LandlordId landlord, CaseId id,
                              const std::vector<std::pair<int, std::string>>& seq_data) = 0;
};

}  // namespace charter
