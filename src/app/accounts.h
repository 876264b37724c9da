// Sign-in: local accounts, sessions, CSRF tokens and API tokens.
//
// Passwords are hashed with Argon2id (libsodium crypto_pwhash); session and API tokens are
// random (libsodium randombytes) and stored only as hashes. Sessions expire. Repeated failed
// sign-ins are throttled with growing delays, per account name and per remote address
// (app/sign_in_throttle.h); an unknown name is throttled, answered and timed exactly as a known
// one, so no answer says whether an account exists.
//
// `identify` is the one rule for who a request is (API and pages alike): a bearer token, or a
// session whose CSRF token must come with every write.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/accounts_store.h"
#include "app/principal.h"
#include "app/sign_in_throttle.h"
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
  // kInvalid (field "password", rule "sign-in") for a bad sign-in, never saying which was wrong
  // nor whether the account exists; kConflict "rate-limited" while the address or the account
  // name must wait (signInWait says how long). Every answer but "rate-limited" costs one
  // Argon2id verify, whatever the username and password (an over-long password included).
  virtual Result<Session> signIn(std::string_view landlord_slug, std::string_view username,
                                 std::string_view password, std::string_view remote_address) = 0;
  // How long a sign-in from `remote_address` (and, when given, for `username` at the landlord
  // `landlord_slug`) must wait; zero when it may try now. Cheap: the HTTP edge asks it before
  // reading a sign-in request's body.
  virtual std::chrono::seconds signInWait(std::string_view remote_address,
                                          std::string_view landlord_slug = {},
                                          std::string_view username = {}) = 0;
  // The session for a cookie value, if it exists and has not expired (kUnauthenticated if not).
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
  // Throttling of failed sign-ins (in this process): per account name (known or not) and per
  // remote address. An account name may fail 3 times, then waits 1 s, 2 s, 4 s, ... up to 15
  // minutes after each failure; an address may fail 10 times first.
  ThrottleOptions per_account{};
  ThrottleOptions per_address{.free_failures = 10};
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

// A form's CSRF token matches the session's (constant time, sodium_memcmp).
bool csrfMatches(const Session& session, std::string_view token);
// `bytes` random bytes (libsodium randombytes_buf) as unpadded base64url: 43 characters for 32.
std::string randomToken(std::size_t bytes = 32);
// Two secrets are equal: same length, then constant time (sodium_memcmp); never equal if empty.
bool sameSecret(std::string_view a, std::string_view b);

// What a request presents to say who it is; the HTTP edge reads it from the headers (and, for a
// page's form, the csrf_token field).
struct Credentials {
  std::string bearer;   // the API token of `Authorization: Bearer`, "" when none
  std::string session;  // the session cookie's value, "" when none
  bool write = false;   // the request changes something (any method but GET and HEAD)
  std::string csrf;     // the CSRF token the request carries, "" when none
};

struct Identity {
  Principal principal;
  std::optional<Session> session;  // when signed in by cookie
};

// Who the request is. A bearer token wins over a cookie and needs no CSRF token (browsers never
// send it by themselves). kUnauthenticated with no credentials or a wrong, expired or revoked
// one; kForbidden rule "csrf" (field "X-CSRF-Token") for a write made with a session cookie that
// does not carry the session's CSRF token; the store's own errors (kUnavailable, kInternal).
Result<Identity> identify(AccountService& accounts, const Credentials& credentials);
// SHA-256 hex of a session or API token: what the store keeps.
std::string tokenHash(std::string_view token);

}  // namespace charter
