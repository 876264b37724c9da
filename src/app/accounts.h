// Sign-in: local accounts, sessions, CSRF tokens and API tokens.
//
// Passwords are hashed with Argon2id (libsodium crypto_pwhash); session and API tokens are
// random (libsodium randombytes) and stored only as hashes. Sessions expire; sign-in attempts
// are rate limited and repeated failures lock the account for a while.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace charter
