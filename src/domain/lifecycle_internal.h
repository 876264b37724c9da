// Internals of the complaint lifecycle (domain/lifecycle.h): what an action's decision sees,
// and the actions decided outside lifecycle.cc (lifecycle_stages.cc: the two stages;
// lifecycle_refuse.cc: refusals under the policy's exclusion reasons). Not for use outside
// src/domain.
#pragma once

#include <array>
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

// The id the service took for the complaint a step raises (convert_to_complaint,
// log_separately), copied into `data` when the body has one (422 `type` on complaint_id).
Status readNewComplaintId(const Act& a, nlohmann::json& data);

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

// Subject access and data breaches (data_protection.cc; domain/pauses.h): pause_clock,
// resume_clock, and the respond of a subject_access_request or data_breach.
Result<std::vector<Event>> pauseClock(const Act& a);
Result<std::vector<Event>> resumeClock(const Act& a);
Result<std::vector<Event>> respondDataProtection(const Act& a);

// Triage (triage.cc): "assign" gives the case an owner ({"owner", "reason"}: the reason is
// required when reassigning; 409 already-assigned when the owner would not change). Whether the
// owner is a known account or team is the app layer's check (the domain knows no accounts).
Result<std::vector<Event>> assign(const Act& a);
// Code 6.13 by account: at stage 2, a 409 code-6.13 when the acting account (ctx.actor)
// acknowledged or responded at stage 1; `step` names what was asked ("acknowledge").
Status checkIndependentAccount(const Act& a, std::string_view step);

// A refusal under one of the policy's exclusion reasons (lifecycle_refuse.cc).
Result<std::vector<Event>> refuse(const Act& a);

// Additional and related complaints, Code 6.8 (lifecycle_issues.cc).
Result<std::vector<Event>> addIssue(const Act& a);
Result<std::vector<Event>> logSeparately(const Act& a);
// 409 code-6.8 unless a stage 1 response of `elements` parts answers the original complaint
// and each issue added to it.
Status checkAddedIssuesAnswered(const CaseState& s, int stage, std::size_t elements);

// The grounds on which a complaint may be closed before its response (001 §4.12).
inline constexpr std::array<std::string_view, 2> kEarlyClosureGrounds = {"no_contact",
                                                                         "resolution_agreed"};
// The ground of a close before the response, checked (lifecycle_refuse.cc): the closed event's
// "ground", "evidence" and, for no_contact, "contact_attempts".
Result<nlohmann::json> earlyClosureGround(const Act& a);

}  // namespace charter::lifecycle_detail
