#include "app/admin.h"

#include <fmt/format.h>

#include "app/authz.h"

namespace charter {
namespace {

constexpr std::size_t kMaxContact = 500;

AccountSummary summaryOf(const AccountRecord& a, Instant now) {
  return AccountSummary{a.id,   a.username, a.display_name, a.job_title, a.role,
                        a.person_ref, a.disabled, a.locked_until > now, a.created};
}

Status checkContact(const LandlordContact& c) {
  if (c.phone.size() > 50) return invalid("phone", "length", "The phone number must be at most 50 characters.");
  if (c.email.size() > 200) return invalid("email", "length", "The email address must be at most 200 characters.");
  if (!c.email.empty() && c.email.find('@') == std::string::npos)
    return invalid("email", "format", "Enter an email address in the correct format, like name@example.com.");
  if (c.address.size() > kMaxContact)
    return invalid("address", "length", fmt::format("The address must be at most {} characters.", kMaxContact));
  return {};
}

}  // namespace

AdminChange AdminService::change(const Principal& who, std::string action, std::string subject,
                                 std::string detail) const {
  AdminChange c;
  c.landlord = who.landlord;
  c.at = time_.now();
  c.actor = actorName(who);
  c.action = std::move(action);
  c.subject = std::move(subject);
  c.detail = std::move(detail);
  return c;
}

Result<AccountRecord> AdminService::accountOf(const Principal& who, std::int64_t account_id) {
  auto a = account_store_.account(who.landlord, account_id);
  if (!a) return tl::unexpected(a.error());
  if (!*a) return notFound(fmt::format("There is no account {}.", account_id));
  return std::move(**a);
}

Result<std::vector<AccountSummary>> AdminService::accounts(const Principal& who) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  auto all = account_store_.accounts(who.landlord);
  if (!all) return tl::unexpected(all.error());
  std::vector<AccountSummary> out;
  const Instant now = time_.now();
  for (const auto& a : *all) out.push_back(summaryOf(a, now));
  return out;
}

Result<AccountSummary> AdminService::createAccount(const Principal& who, NewAccount account) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  account.landlord = who.landlord;
  auto made = accounts_.addAccount(account);
  if (!made) return tl::unexpected(made.error());
  auto rec = accountOf(who, made->user_id);
  if (!rec) return tl::unexpected(rec.error());
  auto logged = store_.recordChange(change(who, "account_created", rec->username,
                                           fmt::format("New {} account for {}",
                                                       displayName(rec->role), rec->display_name)));
  if (!logged) return tl::unexpected(logged.error());
  return summaryOf(*rec, time_.now());
}

Status AdminService::setDisabled(const Principal& who, std::int64_t account_id, bool disabled) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  auto rec = accountOf(who, account_id);
  if (!rec) return tl::unexpected(rec.error());
  if (disabled && !who.api_token && rec->id == who.user_id)
    return conflict("self", "You cannot disable your own account.");
  return store_.setAccountDisabled(
      who.landlord, account_id, disabled,
      change(who, disabled ? "account_disabled" : "account_enabled", rec->username,
             disabled ? "Can no longer sign in; signed out everywhere" : "Can sign in again"));
}

Status AdminService::resetPassword(const Principal& who, std::int64_t account_id,
                                   const std::string& password) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  auto rec = accountOf(who, account_id);
  if (!rec) return tl::unexpected(rec.error());
  if (auto ok = checkPassword(password, rec->username); !ok) return ok;
  auto hash = hashPassword(password, hashing_);
  if (!hash) return tl::unexpected(hash.error());
  return store_.setPasswordHash(who.landlord, account_id, *hash,
                                change(who, "password_reset", rec->username,
                                       "New password set; signed out everywhere"));
}

Result<std::vector<TokenSummary>> AdminService::tokens(const Principal& who) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  auto all = account_store_.apiTokens(who.landlord);
  if (!all) return tl::unexpected(all.error());
  std::vector<TokenSummary> out;
  for (const auto& t : *all) out.push_back(TokenSummary{t.id, t.name, t.role, t.created, t.revoked});
  return out;
}

Result<NewToken> AdminService::createToken(const Principal& who, const std::string& name, Role role) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  if (name.empty()) return invalid("name", "required", "Enter a name for the token, like the system that will use it.");
  auto secret = accounts_.createApiToken(who.landlord, role, name);
  if (!secret) return tl::unexpected(secret.error());
  auto logged = store_.recordChange(change(who, "token_created", name,
                                           fmt::format("New API token with the {} role",
                                                       displayName(role))));
  if (!logged) return tl::unexpected(logged.error());
  return NewToken{name, role, std::move(*secret)};
}

Status AdminService::revokeToken(const Principal& who, std::int64_t token_id) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  auto all = account_store_.apiTokens(who.landlord);
  if (!all) return tl::unexpected(all.error());
  for (const auto& t : *all) {
    if (t.id != token_id) continue;
    if (t.revoked) return {};
    if (auto r = account_store_.revokeApiToken(who.landlord, token_id); !r) return r;
    return store_.recordChange(change(who, "token_revoked", t.name, "Revoked: refused from now on"));
  }
  return notFound(fmt::format("There is no API token {}.", token_id));
}

Result<LandlordContact> AdminService::contact(const Principal& who, const LandlordContact& fallback) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  auto stored = store_.contact(who.landlord);
  if (!stored) return tl::unexpected(stored.error());
  return stored->value_or(fallback);
}

Status AdminService::setContact(const Principal& who, const LandlordContact& c) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  if (auto ok = checkContact(c); !ok) return ok;
  std::string detail = fmt::format("Phone: {}; email: {}; address: {}",
                                   c.phone.empty() ? "none" : c.phone,
                                   c.email.empty() ? "none" : c.email,
                                   c.address.empty() ? "none" : c.address);
  return store_.setContact(who.landlord, c, change(who, "contact_changed", "contact details", detail));
}

Result<LandlordRecord> AdminService::landlord(const Principal& who) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  return landlords_.landlord(who.landlord);
}

Result<PolicyPtr> AdminService::policy(const Principal& who) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  return landlords_.policy(who.landlord);
}

Result<std::vector<AdminChange>> AdminService::changes(const Principal& who, int limit) {
  if (!allowed(who, Permission::kAdminister)) return forbidden();
  return store_.changes(who.landlord, limit);
}

}  // namespace charter
