// Who is asking: a signed-in person or an API token, the landlord they act for, and their role.
//
// Every use case is asked on behalf of a Principal; `allowed` is the one place that says what a
// role may do. Staff of one landlord never see another's data; a resident sees only their own
// cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace charter {

using LandlordId = std::int64_t;

enum class Role {
  kResident,
  kRepresentative,         // acts for a resident (advocate, relative, MP's office)
  kFrontLine,              // logs contacts, answers service requests and enquiries
  kInvestigatingManager,   // handles stage 1 complaints
  kReviewingManager,       // reviews stage 2 complaints
  kComplaintsAdmin,        // the complaints team: everything on cases, letters and reports
  kGovernance,             // board, Member Responsible for Complaints, committee: read-only
  kSystemAdmin,            // users, tokens, policy
};
// "resident", "representative", "front_line", "investigating_manager", "reviewing_manager",
// "complaints_admin", "governance", "system_admin".
std::string_view slug(Role r);
Result<Role> parseRole(std::string_view s, std::string_view field = "role");
std::string_view displayName(Role r);  // "Investigating manager"

enum class Permission {
  kViewAnyCase,        // read every case of the landlord
  kViewOwnCases,       // read cases where they are the resident or representative
  kLogContact,         // create cases (staff for anyone; residents for themselves)
  kHandleStage1,       // acknowledge, extend, respond, refuse at stage 1; close; notes
  kHandleStage2,       // acknowledge, extend, respond at stage 2
  kRequestEscalation,  // ask for stage 2 (residents for their own; staff on their behalf)
  kIssueLetters,
  kViewReports,
  kAdminister,         // users, tokens, policy, imports
  // Data protection: subject access exports, rectification, the log of who viewed a person's
  // record, retention runs.
  kDataProtection,
};

struct Principal {
  LandlordId landlord = 0;
  std::int64_t user_id = 0;  // the account (or the API token's id)
  std::string username;
  std::string display_name;
  std::string job_title;  // staff: signs letters under the name ("Complaints Investigator")
  Role role = Role::kResident;
  // For residents and representatives: the person reference their cases carry
  // (cases whose person.account matches are theirs).
  std::string person_ref;
  bool api_token = false;
  // API tokens only: the person the calling system says it acts for (X-Charter-Actor); cases
  // record it as the actor. An account's actor is always its own username.
  std::string acting_for;

  bool isStaff() const { return role != Role::kResident && role != Role::kRepresentative; }
};

// The role matrix. Governance is read-only; residents act only on their own cases (the
// caller checks ownership with `owns`).
bool allowed(const Principal& who, Permission what);

}  // namespace charter
