// Subject access requests and data breaches as decisions (declared in lifecycle_internal.h):
// pause_clock and resume_clock on a pausable clock (domain/pauses.h), and the answers that
// close the duty: a SAR's response links the subject-access export given to the requester; a
// breach's response records the ICO decision.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/clocks.h"
#include "domain/fields.h"
#include "domain/lifecycle_internal.h"
#include "domain/pauses.h"

namespace charter::lifecycle_detail {
namespace {

using json = nlohmann::json;

// The pausable clock the body names, or the case's only one.
Result<const Clock*> pausableClock(const Act& a, const std::vector<Clock>& clocks,
                                   const std::string& name) {
  std::vector<std::string> names;
  for (const Clock& c : clocks) {
    const Standard* std = a.policy.standard(c.name);
    if (std == nullptr || !std->pausable) continue;
    if (name.empty() || name == c.name) return &c;
    names.push_back(c.name);
  }
  if (!name.empty() && !names.empty()) {
    return invalid("clock", "enum",
                   fmt::format("no pausable clock \"{}\" applies to this case; its pausable "
                               "clocks are: {}",
                               name, fmt::join(names, ", ")));
  }
  return conflict("not-pausable",
                  fmt::format("No clock of this {} may be paused: only a clock the policy marks "
                              "as pausable (a subject access request's) waits for the requester.",
                              displayName(a.state.kind)),
                  "clock");
}

Result<const Clock*> clockToPause(const Act& a, const std::vector<Clock>& clocks) {
  CHARTER_TRY(name, a.body.text("clock", fields::kShortText, false));
  CHARTER_TRY(clock, pausableClock(a, clocks, name));
  if (clock->met_on) {
    return conflict("clock-stopped",
                    fmt::format("\"{}\" was already met on {}.", clock->title,
                                formatDateLong(*clock->met_on)),
                    "clock");
  }
  return clock;
}

}  // namespace

Result<std::vector<Event>> pauseClock(const Act& a) {
  auto clocks = evaluateClocks(a.state, a.ctx.policy, a.date);
  CHARTER_TRY(clock, clockToPause(a, clocks));
  CHARTER_TRY(reason, a.body.oneOf("reason", kPauseReasons, true));
  CHARTER_TRY(note, a.body.text("note", fields::kLongText, false));
  if (clock->status == ClockStatus::kPaused) {
    return conflict("already-paused",
                    fmt::format("\"{}\" is already paused. {}", clock->title, clock->explanation),
                    "clock");
  }
  json data = {{"clock", clock->name}, {"reason", reason}};
  if (!note.empty()) data["note"] = note;
  return std::vector<Event>{makeEvent(event_type::kClockPaused, a.at, std::move(data))};
}

Result<std::vector<Event>> resumeClock(const Act& a) {
  auto clocks = evaluateClocks(a.state, a.ctx.policy, a.date);
  CHARTER_TRY(clock, clockToPause(a, clocks));
  if (clock->status != ClockStatus::kPaused) {
    return conflict("not-paused", fmt::format("\"{}\" is not paused.", clock->title), "clock");
  }
  json data = {{"clock", clock->name}};
  return std::vector<Event>{makeEvent(event_type::kClockResumed, a.at, std::move(data))};
}

Result<std::vector<Event>> respondDataProtection(const Act& a) {
  const bool sar = a.state.kind == CaseKind::kSubjectAccessRequest;
  std::vector<std::string_view> allowed = {"action", "at", "stage", "response"};
  allowed.push_back(sar ? "export_person_ref" : "ico_decision");
  if (!sar) allowed.push_back("reason");
  CHARTER_CHECK(a.body.allowOnly(allowed));
  if (a.state.milestones.count("responded") != 0) {
    return conflict("already-responded",
                    fmt::format("This {} was already answered; add a note instead.",
                                displayName(a.state.kind)));
  }
  CHARTER_TRY(response, a.body.text("response", fields::kLongText, false));
  json data = json::object();
  if (!response.empty()) data["response"] = response;
  if (sar) {
    CHARTER_TRY(ref, a.body.text("export_person_ref", fields::kShortText, false));
    if (ref.empty()) ref = a.state.person.account;
    if (ref.empty()) {
      return invalid("export_person_ref", "required",
                     "name the person whose subject-access export was given (the requester "
                     "has no account reference on this case)");
    }
    data["export_person_ref"] = ref;
    data["export"] = fmt::format("/api/v1/people/{}/subject-access", ref);
  } else {
    CHARTER_TRY(decision, a.body.oneOf("ico_decision", kIcoDecisions, true));
    CHARTER_TRY(reason, a.body.text("reason", fields::kLongText, decision == "not_reportable"));
    data["ico_decision"] = decision;
    if (!reason.empty()) data["reason"] = reason;
  }
  return std::vector<Event>{makeEvent(event_type::kResponded, a.at, std::move(data))};
}

}  // namespace charter::lifecycle_detail
