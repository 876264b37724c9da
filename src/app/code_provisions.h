// The "must" provisions of the Housing Ombudsman's Complaint Handling Code 2024, one row each,
// as data: the rows of the annual self-assessment (Code 8.1(a); the Ombudsman's form has
// columns provision | requirement | comply | evidence | commentary). 1.1 is introductory and
// is not assessed. The requirement text is a faithful summary of the provision (the Code's
// own words where they were verified, shared/reference/hos-code-2024.md §2).
#pragma once

#include <string_view>
#include <vector>

namespace charter {

struct CodeProvision {
  std::string_view section;      // "6 Complaint stages"
  std::string_view provision;    // "6.2"
  std::string_view requirement;  // what the landlord must do
};

// Every assessed provision, in the Code's order; the same vector on every call (static).
const std::vector<CodeProvision>& codeMustProvisions();

// The provision numbered `provision`, or nullptr.
const CodeProvision* findCodeProvision(std::string_view provision);

}  // namespace charter
