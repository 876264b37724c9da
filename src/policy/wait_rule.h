// The wait a contact measure counts within (docs/policy.md "Measures": types calls_percent and
// visits_percent). The policy file says it with within_seconds / transferred_only (calls) or
// within_minutes / another_officer (visits); the parser keeps it in MeasureSpec::variant, in
// the form waitVariant writes and parseWaitVariant reads:
//   calls_percent    "20s"  (every call)       "20s transferred"   (transferred calls only)
//   visits_percent   "15min" (seen by the officer asked for, or anyone when none was asked)
//                    "10min another_officer"   (seen by another officer)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace charter {

struct WaitRule {
  long within = 0;      // seconds (calls) or minutes (visits)
  bool subset = false;  // transferred calls only / visits seen by another officer
};

// Whether `type` is a contact measure type.
bool isWaitMeasure(std::string_view type);

// REQUIRES: isWaitMeasure(type).
std::string waitVariant(std::string_view type, const WaitRule& rule);

// nullopt when `variant` is not of waitVariant's form for `type`.
std::optional<WaitRule> parseWaitVariant(std::string_view type, std::string_view variant);

}  // namespace charter
