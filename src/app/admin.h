// AdminService: what the system administrator does (the /staff/admin pages): the landlord's
// accounts (list, create with a role, disable and enable, set a new password), its API tokens
// (list without secrets, create showing the secret once, revoke), the contact details the
// public pages show, and the policy in use, read-only.
//
// Every call needs Permission::kAdminister (the system administrator; anyone else gets
// forbidden(), 403) and acts on the administrator's own landlord only. Every change is written
// to the administration log (app/admin_store.h) with who made it and when (the injected
// TimeSource): a disable, an enable, a new password and new contact details in the same
// transaction as the change; a new account or token, made through AccountService, just after
// it. No secret is ever written to the log.
//
// Thread-safe when its stores and AccountService are.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/admin_store.h"
#include "app/landlords.h"

namespace charter {

// An account as the administration page lists it (no password hash).
struct AccountSummary {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string job_title;
  Role role = Role::kFrontLine;
  std::string person_ref;
  bool disabled = false;
  bool locked = false;  // waiting after failed sign-ins (app/sign_in_throttle.h)
  Instant created{};
};

// An API token as listed: never its secret nor its hash.
struct TokenSummary {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kComplaintsAdmin;
  Instant created{};
  bool revoked = false;
};

// A token just made: `secret` is shown once and never stored.
struct NewToken {
  std::string name;
  Role role = Role::kComplaintsAdmin;
  std::string secret;
};

class AdminService {
 public:
  AdminService(AccountService& accounts, AccountStore& account_store, AdminStore& store,
               LandlordRegistry& landlords, const TimeSource& time, AccountOptions hashing = {})
      : accounts_(accounts), account_store_(account_store), store_(store),
        landlords_(landlords), time_(time), hashing_(std::move(hashing)) {}

  Result<std::vector<AccountSummary>> accounts(const Principal& who);
  // AccountService::addAccount's rules and errors (kInvalid naming the field; kConflict
  // "exists" for a username taken), for the administrator's landlord.
  Result<AccountSummary> createAccount(const Principal& who, NewAccount account);
  // kConflict "self" when the administrator would disable their own account.
  Status setDisabled(const Principal& who, std::int64_t account_id, bool disabled);
  // checkPassword's rules; the account's sessions end and its failed sign-ins are forgotten.
  Status resetPassword(const Principal& who, std::int64_t account_id, const std::string& password);

  Result<std::vector<TokenSummary>> tokens(const Principal& who);
  // kInvalid "name" when empty or over 200 characters.
  Result<NewToken> createToken(const Principal& who, const std::string& name, Role role);
  // kNotFound for no such token; revoking a revoked token changes nothing and is not logged.
  Status revokeToken(const Principal& who, std::int64_t token_id);

  // The stored contact details, else `fallback` (the ones given at start-up).
  Result<LandlordContact> contact(const Principal& who, const LandlordContact& fallback);
  // kInvalid naming "phone", "email" or "address" for one over its length or not plausible.
  Status setContact(const Principal& who, const LandlordContact& contact);
  // For the public pages (no principal): the stored contact details, if any were saved.
  Result<std::optional<LandlordContact>> publicContact(LandlordId landlord) {
    return store_.contact(landlord);
  }

  Result<LandlordRecord> landlord(const Principal& who);
  Result<PolicyPtr> policy(const Principal& who);
  // The administration log, newest first.
  Result<std::vector<AdminChange>> changes(const Principal& who, int limit = 50);

 private:
  AdminChange change(const Principal& who, std::string action, std::string subject,
                     std::string detail) const;
  Result<AccountRecord> accountOf(const Principal& who, std::int64_t account_id);

  AccountService& accounts_;
  AccountStore& account_store_;
  AdminStore& store_;
  LandlordRegistry& landlords_;
  const TimeSource& time_;
  AccountOptions hashing_;
};

}  // namespace charter
