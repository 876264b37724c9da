#include "app/principal.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace charter {
namespace {

struct RoleName {
  Role role;
  std::string_view slug;
  std::string_view display;
};

constexpr std::array<RoleName, 8> kRoles = {{
    {Role::kResident, "resident", "Resident"},
    {Role::kRepresentative, "representative", "Representative"},
    {Role::kFrontLine, "front_line", "Front-line staff"},
    {Role::kInvestigatingManager, "investigating_manager", "Investigating manager"},
    {Role::kReviewingManager, "reviewing_manager", "Reviewing manager"},
    {Role::kComplaintsAdmin, "complaints_admin", "Complaints administrator"},
    {Role::kGovernance, "governance", "Governance (read-only)"},
    {Role::kSystemAdmin, "system_admin", "System administrator"},
}};

}  // namespace

std::string_view slug(Role r) {
  for (const auto& n : kRoles) {
    if (n.role == r) return n.slug;
  }
  return "resident";
}

std::string_view displayName(Role r) {
  for (const auto& n : kRoles) {
    if (n.role == r) return n.display;
  }
  return "Resident";
}

Result<Role> parseRole(std::string_view s, std::string_view field) {
  for (const auto& n : kRoles) {
    if (n.slug == s) return n.role;
  }
  return invalid(std::string(field), "enum",
                 "must be one of resident, representative, front_line, investigating_manager, "
                 "reviewing_manager, complaints_admin, governance, system_admin");
}

// The role matrix. Rows are roles, columns permissions; a change here is a change to who may
// see special-category data, so tests/e2e/test_authz.py walks every cell over HTTP.
bool allowed(const Principal& who, Permission what) {
  using P = Permission;
  switch (who.role) {
    case Role::kResident:
    case Role::kRepresentative:
      return what == P::kViewOwnCases || what == P::kLogContact || what == P::kRequestEscalation;
    case Role::kFrontLine:
      return what == P::kViewAnyCase || what == P::kViewOwnCases || what == P::kLogContact ||
             what == P::kRequestEscalation;
    case Role::kInvestigatingManager:
      return what == P::kViewAnyCase || what == P::kViewOwnCases || what == P::kLogContact ||
             what == P::kHandleStage1 || what == P::kRequestEscalation ||
             what == P::kIssueLetters || what == P::kViewReports;
    case Role::kReviewingManager:
      return what == P::kViewAnyCase || what == P::kViewOwnCases || what == P::kLogContact ||
             what == P::kHandleStage1 || what == P::kHandleStage2 ||
             what == P::kRequestEscalation || what == P::kIssueLetters || what == P::kViewReports;
    case Role::kComplaintsAdmin:
      return what != P::kAdminister;
    case Role::kGovernance:
      return what == P::kViewAnyCase || what == P::kViewOwnCases || what == P::kViewReports;
    case Role::kSystemAdmin:
      // Users, tokens and policy; not case files (least privilege: the administrator of the
      // system is not a reader of complaints).
      return what == P::kAdminister || what == P::kViewReports || what == P::kDataProtection;
  }
  return false;
}

}  // namespace charter
