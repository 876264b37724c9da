// An in-memory AccountService for the page tests (built only for tests: the passwords are kept
// as given, and nothing is throttled). Accounts come from code or a JSON file:
//   [{"username":"sam","password":"...","display_name":"Sam Patel","role":"investigating_manager",
//     "person_ref":""}, ...]
// Sessions and CSRF tokens are random (app randomToken, libsodium), valid for 8 hours.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "app/accounts.h"

namespace charter::test_support {

class MemoryAccounts final : public AccountService {
 public:
  MemoryAccounts(std::string landlord_slug, const TimeSource& time);
  static Result<std::unique_ptr<MemoryAccounts>> fromFile(const std::filesystem::path& file,
                                                          std::string landlord_slug,
                                                          const TimeSource& time);

  Result<Principal> addAccount(const NewAccount& account) override;
  Result<Session> signIn(std::string_view landlord_slug, std::string_view username,
                         std::string_view password, std::string_view remote_address) override;
  std::chrono::seconds signInWait(std::string_view remote_address, std::string_view landlord_slug,
                                  std::string_view username) override;
  Result<Session> session(std::string_view token) override;
  Status signOut(std::string_view token) override;
  Result<std::string> createApiToken(LandlordId landlord, Role role, std::string_view name) override;
  Result<Principal> bearer(std::string_view token) override;
  Result<LandlordId> landlordBySlug(std::string_view slug) override;

 private:
  struct Account {
    Principal principal;
    std::string password;
  };
  std::string slug_;
  const TimeSource& time_;
  std::mutex mu_;
  std::map<std::string, Account, std::less<>> accounts_;
  std::map<std::string, Session, std::less<>> sessions_;
};

}  // namespace charter::test_support
