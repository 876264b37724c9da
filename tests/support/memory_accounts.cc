// The in-memory AccountService the page tests sign in with (see memory_accounts.h).
#include "support/memory_accounts.h"

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace charter::test_support {

MemoryAccounts::MemoryAccounts(std::string landlord_slug, const TimeSource& time)
    : slug_(std::move(landlord_slug)), time_(time) {}

Result<std::unique_ptr<MemoryAccounts>> MemoryAccounts::fromFile(const std::filesystem::path& file,
                                                                 std::string landlord_slug,
                                                                 const TimeSource& time) {
  std::ifstream in(file);
  if (!in) return notFound(fmt::format("cannot read {}", file.string()));
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_array()) return invalid("accounts", "type", "the accounts file must be a JSON array");
  auto out = std::make_unique<MemoryAccounts>(std::move(landlord_slug), time);
  for (const auto& a : j) {
    if (!a.is_object()) return invalid("accounts", "type", "each account must be an object");
    NewAccount n;
    n.landlord = 1;
    n.username = a.value("username", "");
    n.password = a.value("password", "");
    n.display_name = a.value("display_name", n.username);
    n.person_ref = a.value("person_ref", "");
    auto role = parseRole(a.value("role", "front_line"));
    if (!role) return tl::unexpected(role.error());
    n.role = *role;
    if (auto s = out->addAccount(n); !s) return tl::unexpected(s.error());
  }
  return out;
}

Result<Principal> MemoryAccounts::addAccount(const NewAccount& a) {
  if (a.username.empty()) return invalid("username", "required", "Enter a username");
  if (a.password.empty()) return invalid("password", "required", "Enter a password");
  std::lock_guard lock(mu_);
  Principal p;
  p.landlord = a.landlord == 0 ? 1 : a.landlord;
  p.user_id = static_cast<std::int64_t>(accounts_.size() + 1);
  p.username = a.username;
  p.display_name = a.display_name.empty() ? a.username : a.display_name;
  p.role = a.role;
  p.person_ref = a.person_ref;
  accounts_[a.username] = Account{p, a.password};
  return p;
}

Result<Session> MemoryAccounts::signIn(std::string_view landlord_slug, std::string_view username,
                                       std::string_view password, std::string_view) {
  std::lock_guard lock(mu_);
  auto it = accounts_.find(username);
  if (landlord_slug != slug_ || it == accounts_.end() || it->second.password != password)
    return invalid("password", "sign-in", "The username or password is not right.");
  Session s;
  s.token = randomToken();
  s.csrf_token = randomToken();
  s.expires = time_.now() + std::chrono::hours(8);
  s.principal = it->second.principal;
  sessions_[s.token] = s;
  return s;
}

Result<Session> MemoryAccounts::session(std::string_view token) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end() || it->second.expires <= time_.now())
    return unauthenticated("Sign in.");
  return it->second;
}

std::chrono::seconds MemoryAccounts::signInWait(std::string_view, std::string_view,
                                                std::string_view) {
  return std::chrono::seconds(0);
}

Status MemoryAccounts::signOut(std::string_view token) {
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(token); it != sessions_.end()) sessions_.erase(it);
  return {};
}

Result<std::string> MemoryAccounts::createApiToken(LandlordId, Role, std::string_view) {
  return conflict("unsupported", "API tokens are not kept in memory accounts.");
}

Result<Principal> MemoryAccounts::bearer(std::string_view) {
  return unauthenticated("Sign in.");
}

Result<LandlordId> MemoryAccounts::landlordBySlug(std::string_view slug) {
  if (slug == slug_) return LandlordId{1};
  return notFound("There is no such landlord.");
}

}  // namespace charter::test_support
