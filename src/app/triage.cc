#include "app/triage.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace charter {
namespace {

bool mayOwnCases(const AccountRecord& a) {
  if (a.disabled) return false;
  switch (a.role) {
    case Role::kFrontLine:
    case Role::kInvestigatingManager:
    case Role::kReviewingManager:
    case Role::kComplaintsAdmin:
      return true;
    default:
      return false;
  }
}

std::string normalUsername(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<AccountRecord>> assignableAccounts(AccountStore& accounts, LandlordId landlord) {
  auto all = accounts.accounts(landlord);
  if (!all) return tl::unexpected(all.error());
  std::vector<AccountRecord> out;
  for (auto& a : *all) {
    if (mayOwnCases(a)) out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& x, const auto& y) { return x.username < y.username; });
  return out;
}

std::vector<const Team*> teamsOf(const Policy& policy, std::string_view username) {
  std::vector<const Team*> out;
  const std::string who = normalUsername(username);
  for (const auto& t : policy.teams) {
    if (std::find(t.members.begin(), t.members.end(), who) != t.members.end()) out.push_back(&t);
  }
  return out;
}

Result<nlohmann::json> checkAssignOwner(AccountStore& accounts, LandlordId landlord,
                                        const Policy& policy, nlohmann::json body) {
  auto it = body.find("owner");
  if (it == body.end() || it->is_null()) {
    return invalid("owner", "required", "name the account (username) the case is assigned to");
  }
  if (!it->is_string()) return invalid("owner", "type", "must be a username (text)");
  const std::string name = normalUsername(it->get<std::string>());
  if (name.empty()) {
    return invalid("owner", "required", "name the account (username) the case is assigned to");
  }
  auto account = accounts.accountByUsername(landlord, name);
  if (!account) return tl::unexpected(account.error());
  if (!*account || !mayOwnCases(**account)) {
    for (const auto& t : policy.teams) {
      if (normalUsername(t.name) == name) {
        *it = t.name;
        return body;
      }
    }
    return invalid("owner", "enum",
                   fmt::format("no active staff account nor team is called \"{}\"; a case is "
                               "assigned to a member of the front line or complaints team, or "
                               "to a team the policy lists",
                               name.substr(0, 60)));
  }
  *it = (*account)->username;
  return body;
}

}  // namespace charter
