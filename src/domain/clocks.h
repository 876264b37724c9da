// Clocks: computed, never typed in.
//
// A clock is a pure function of (policy standard, case events, working calendar): when it
// started, when it is due, whether it was met, its extensions, and a plain-English explanation
// a resident can read. Stored clock rows are projections of this and are re-derived by
// `charter rebuild`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "policy/policy.h"

namespace charter {

enum class ClockStatus {
  kPending,  // its start has not happened (stage 2 before any escalation)
  kRunning,  // started, not yet met, not yet past due
  kMet,      // stopped on or before the due date
  kMissed,   // stopped after the due date, past due and still running, or extended late
  kPaused,   // a pausable clock waiting for the requester (domain/pauses.h): never overdue
};
std::string_view slug(ClockStatus s);

struct Clock {
  std::string name;   // the standard id: "stage1.acknowledge"
  std::string title;  // "Acknowledge the complaint"
  ClockStatus status = ClockStatus::kPending;
  bool provisional = false;          // counted from another clock's due date for now
  std::optional<Date> start;         // day zero / start date
  std::optional<Date> original_due;  // before any extension
  std::optional<Date> due;           // after extensions
  std::optional<Instant> due_at;     // hour-based standards only
  std::optional<Date> met_on;        // local date the stop milestone happened
  std::vector<Extension> extensions;
  // Clocks with a legal cap in months (Standard::extension_cap_months): the latest due date an
  // extension may set (the original period plus the cap, counted from the same start).
  std::optional<Date> latest_due;
  std::string explanation;           // how the due date was worked out, in plain English
  bool statutory = false;
  std::string provision;
};

// Evaluates every standard that applies to the case. `today` (the landlord's local date now)
// decides running vs missed for unmet clocks.
std::vector<Clock> evaluateClocks(const CaseState& state, const Policy& policy, Date today);

// The policy that times this case: policy.effectiveFor(the local date it was received), so a
// complaint received before 1 April 2024 keeps the 2022 Code's clocks for its whole life.
const Policy& effectivePolicy(const CaseState& state, const Policy& policy);

// The earliest due date among clocks still running or missed-and-unmet, if any.
std::optional<Date> nextDue(const std::vector<Clock>& clocks);

}  // namespace charter
