// The deadline calculator: the day zero and the Code's due dates, each with its plain-English
// explanation, of a complaint received at a given time, with the later milestones taken where
// they are given. One rule for every caller (GET /api/v1/calendar/deadline, `charter deadline`).
//
// The milestones are decided as real actions on a complaint (decideNew, decideAction), so the
// answer is exactly what a recorded complaint with the same history would show; a milestone
// the Code forbids (an acknowledgement before receipt, a second stage before the first is
// answered) is refused with that action's error. The clocks are evaluated as at day zero, so
// a clock no milestone stopped is "running" (or "pending"), never "missed".
//
// Pure: no storage, no wall clock. Cost: the clock evaluation of one case; a calendar read for
// another nation is built once per (policy, nation) and kept for the life of the process (a few
// hundred kilobytes each). Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "calendar/bank_holidays.h"
#include "calendar/working_calendar.h"
#include "domain/case.h"
#include "domain/clocks.h"
#include "policy/policy.h"
#include "util/result.h"
#include "util/time.h"

namespace charter {

struct DeadlineQuestion {
  Instant received;
  Channel channel = Channel::kPhone;
  std::optional<Nation> nation;  // whose bank holidays count (default: the policy's)
  // Later milestones, each optional; taken in this order.
  std::optional<Instant> acknowledged;   // stage 1 acknowledged
  std::optional<Instant> responded;      // stage 1 answered
  std::optional<Instant> escalated;      // stage 2 requested
  std::optional<Instant> acknowledged2;  // stage 2 acknowledged
};

struct Deadlines {
  // The policy in force for the receipt (policy.effectiveFor its local date), its calendar
  // read for the question's nation. Valid while this answer and the policy asked about live.
  const Policy* policy = nullptr;
  DayZero day_zero;           // with its explanation ("Received Fri 21 Mar 2025 17:30 GMT, ...")
  std::vector<Clock> clocks;  // every standard of a complaint, each with its explanation
  std::shared_ptr<const Policy> for_nation;  // holds `policy` when read for another nation
};

// REQUIRES: policy.working_calendar is built (every loaded policy's is).
// Errors: kInvalid naming the milestone's field when a milestone is refused (the action's own
// error: "at"/"future", a Code rule as kConflict), kInternal when no calendar can be built.
Result<Deadlines> workOutDeadlines(const Policy& policy, const DeadlineQuestion& question);

}  // namespace charter
