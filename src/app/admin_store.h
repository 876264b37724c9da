// The storage port for the system administrator's changes (migrations/0024_admin_changes.sql):
// the log of what was changed, by whom, and the landlord's contact details the public pages
// show. Implemented once for both databases by store/core/admin_store.h; only src/main names it.
//
// Every call names its landlord and every statement is filtered by landlord_id. A change to an
// account (disable, enable, a new password) is written with its log entry in one transaction:
// both are there, or neither. Disabling an account or setting its password ends its sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/principal.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

// One entry of the administration log.
struct AdminChange {
  LandlordId landlord = 0;
  std::int64_t id = 0;  // assigned by the store: max + 1 within the landlord
  Instant at{};
  std::string actor;    // the administrator's username
  std::string action;   // "account_created", "account_disabled", "account_enabled",
                        // "password_reset", "token_created", "token_revoked", "contact_changed"
  std::string subject;  // what it was done to: a username, a token's name, "contact details"
  std::string detail;   // plain words; never a password or a token
};

// How visitors may contact the landlord; "" for a detail not given.
struct LandlordContact {
  std::string phone;
  std::string email;
  std::string address;
};

class AdminStore {
 public:
  virtual ~AdminStore() = default;

  // Writes `change` alone (for changes made through another port: a new account or token).
  virtual Status recordChange(const AdminChange& change) = 0;
  // Newest first; at most `limit`.
  virtual Result<std::vector<AdminChange>> changes(LandlordId landlord, int limit) = 0;

  // Disables or enables account `account_id`, ending its sessions when disabled, and writes
  // `change`. kNotFound when the landlord has no such account.
  virtual Status setAccountDisabled(LandlordId landlord, std::int64_t account_id, bool disabled,
                                    const AdminChange& change) = 0;
  // Replaces the account's password hash, clears its failed sign-ins, ends its sessions and
  // writes `change`. kNotFound when the landlord has no such account.
  virtual Status setPasswordHash(LandlordId landlord, std::int64_t account_id,
                                 const std::string& hash, const AdminChange& change) = 0;

  // The stored contact details, nullopt when none were ever saved.
  virtual Result<std::optional<LandlordContact>> contact(LandlordId landlord) = 0;
  virtual Status setContact(LandlordId landlord, const LandlordContact& contact,
                            const AdminChange& change) = 0;
};

}  // namespace charter
