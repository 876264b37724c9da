// Triage: who may own a case. An owner is an active staff account of the landlord (front line,
// investigating or reviewing manager, complaints team), named by its username, or a team the
// landlord's policy lists (`[[teams]]`, docs/policy.md), named by the team's name. The domain
// decides "assign" (domain/lifecycle_internal.h); this is the check it cannot make, since the
// domain knows no accounts. Each call reads the account store once (O(accounts) for the list).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/accounts_store.h"
#include "policy/policy.h"

namespace charter {

// The landlord's accounts a case may be assigned to, by username.
Result<std::vector<AccountRecord>> assignableAccounts(AccountStore& accounts, LandlordId landlord);

// An "assign" action body with its owner checked and written as the account's username or the
// team's name (lower case, trimmed; an account of that name comes before a team). kInvalid on
// `owner`: "required" when absent or empty, "type" when not text, "enum" when no active staff
// account nor team of `policy` has that name.
Result<nlohmann::json> checkAssignOwner(AccountStore& accounts, LandlordId landlord,
                                        const Policy& policy, nlohmann::json body);

// The teams of `policy` that `username` is a member of, in the policy's order.
std::vector<const Team*> teamsOf(const Policy& policy, std::string_view username);

}  // namespace charter
