// Internals of the complaint lifecycle (domain/lifecycle.h): what an action's decision sees,
// and the actions decided outside lifecycle.cc (lifecycle_stages.cc: the two stages;
// lifecycle_refuse.cc: refusals under the policy's exclusion reasons). Not for use outside
// src/domain.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "calendar/working_calendar.h"
#include "domain/case.h"
#include "domain/fields.h"
#include "domain/lifecycle.h"
#include "policy/policy.h"
#include "util/result.h"

namespace charter::lifecycle_detail {

// What an action handler sees.
struct Act {
  const CaseState& state;
  const fields::Reader body;
  const DecisionContext& ctx;
  const Policy& policy;  // effective for the case's receipt date
  const WorkingCalendar& cal;
  Instant at;
  Date date;  // `at` as a local date
};

Event makeEvent(std::string_view type, Instant at, nlohmann::json data);

// "stage 1", "stage 2".
std::string stageName(int stage);

// Lower case, runs of white space as one space, trimmed: for comparing people's names.
std::string normalName(std::string_view s);

// A 409 unless the case is a complaint (`action` names what was asked).
Status requireComplaint(const Act& a, std::string_view action);

// The two stages (lifecycle_stages.cc).
Result<std::vector<Event>> acknowledge(const Act& a);
Result<std::vector<Event>> extend(const Act& a);
Result<std::vector<Event>> respond(const Act& a);
Result<std::vector<Event>> requestEscalation(const Act& a);

// A refusal under one of the policy's exclusion reasons (lifecycle_refuse.cc).
Result<std::vector<Event>> refuse(const Act& a);

}  // namespace charter::lifecycle_detail
