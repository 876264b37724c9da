// Sign-in: local accounts, sessions, CSRF tokens and API tokens.
//
// Passwords are hashed with Argon2id (libsodium crypto_pwhash); session and API tokens are
// random (libsodium randombytes) and stored only as hashes. Sessions expire; sign-in attempts
// are rate limited and repeated failures lock the account for a while.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/accounts_store.h"
#include "app/principal.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

struct NewAccount {
  LandlordId landlord = 0;
  std::string username;      // an email address or a staff id
  std::string display_name;
  std::string password;      // checked against the NCSC-style rules (length, not common)
  Role role = Role::kFrontLine;
  std::string person_ref;    // residents and representatives: whose cases they see
  std::string job_title;     // staff: signs letters under the name; at most 200 characters
};

struct Session {
  std::string token;       // the cookie value (random, shown once)
  std::string csrf_token;  // put in every form; checked on every POST
  Instant expires{};
  Principal principal;
};

class AccountService {
 public:
  virtual ~AccountService() = default;
  virtual Result<Principal> addAccount(const NewAccount& account) = 0;
  // kInvalid (field "password" / "username") for a bad sign-in, never saying which was wrong;
  // kConflict "locked" while an account is locked out.
  virtual Result<Session> signIn(std::string_view landlord_slug, std::string_view username,
                                 std::string_view password, std::string_view remote_address) = 0;
  // The session for a cookie value, if it exists and has not expired.
  virtual Result<Session> session(std::string_view token) = 0;
  virtual Status signOut(std::string_view token) = 0;
  // Prints once; stored hashed. The API takes it as `Authorization: Bearer TOKEN`.
  virtual Result<std::string> createApiToken(LandlordId landlord, Role role,
                                             std::string_view name) = 0;
  virtual Result<Principal> bearer(std::string_view token) = 0;
  virtual Result<LandlordId> landlordBySlug(std::string_view slug) = 0;
};

// ---- Implementation (src/app/accounts.cc) ------------------------------------------------

class AccountStore;

struct AccountOptions {
  // Argon2id cost (crypto_pwhash_str). The defaults are libsodium's INTERACTIVE limits
  // (2 passes, 64 MiB); tests pass the MIN limits.
  unsigned long long opslimit = 2;
  std::size_t memlimit = 64u * 1024 * 1024;
  // At most this many hashes at once (each takes memlimit of memory).
  int concurrent_hashes = 4;
  std::chrono::minutes session_lifetime{8 * 60};
  // A session unused for this long ends (0: only the lifetime). Each use moves the expiry on,
  // written at most once a minute (or a quarter of the idle time), so reads stay reads.
  std::chrono::minutes session_idle{30};
  // Lock-out: after max_failures wrong passwords in a row, the account is locked for lockout.
  int max_failures = 5;
  std::chrono::minutes lockout{15};
  // Rate limit per remote address (this process): attempts per minute.
  int attempts_per_address_per_minute = 30;
};

// The AccountService over a store, reading the time from `time` (injected for lock-out tests).
std::unique_ptr<AccountService> makeAccountService(AccountStore& store, const TimeSource& time,
                                                   AccountOptions options = {});

// charter token revoke: the landlord's token `id`, or else the one live token called `name`
// (kNotFound when none; kConflict "ambiguous" when several live tokens share the name). Answers
// the token revoked; it is refused from the next request on, in every process.
Result<ApiTokenRecord> revokeApiToken(AccountStore& store, LandlordId landlord,
                                      std::optional<std::int64_t> id, std::string_view name);

// The password rules, after NCSC guidance: length over complexity (at least 10 characters, at
// most 128), no composition rules, and not a commonly used password (a shipped list), nor
// containing the username (of 4 characters or more). kInvalid field "password" with the reason.
Status checkPassword(std::string_view password, std::string_view username = {});
// True when `password` is on the shipped list of common passwords (case-insensitive).
bool isCommonPassword(std::string_view password);

// Argon2id (crypto_pwhash_str) and its check.
Result<std::string> hashPassword(std::string_view password, const AccountOptions& options);
bool verifyPassword(std::string_view hash, std::string_view password);

// A form's CSRF token matches the session's (constant time).
bool csrfMatches(const Session& session, std::string_view token);
// SHA-256 hex of a session or API token: what the store keeps.
std::string tokenHash(std::string_view token);

}  // namespace charter
