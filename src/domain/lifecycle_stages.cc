// The Code's two stages as decisions: acknowledge, extend (within the policy's cap, or with a
// good reason), respond (a complaint's findings, remedies and actions, or any other case's
// answer) and request_escalation to stage 2.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/clocks.h"
#include "domain/fields.h"
#include "domain/follow_through.h"
#include "domain/lifecycle_internal.h"
#include "domain/requests.h"

namespace charter::lifecycle_detail {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;
using requests::kStage1Findings;
using requests::readApology;
using requests::readElements;
using requests::readOutstandingActions;
using requests::readRemedies;

std::string extensionRule(const Standard& std) {
  return fields::ruleFromProvision(std.extension_provision, "extension-cap");
}

Result<Clock> clockToExtend(const Act& a, const std::string& name) {
  auto clocks = evaluateClocks(a.state, a.ctx.policy, a.date);
  auto it = std::find_if(clocks.begin(), clocks.end(),
                         [&](const Clock& c) { return c.name == name; });
  if (it == clocks.end()) {
    std::vector<std::string> names;
    for (const auto& c : clocks) names.push_back(c.name);
    return invalid("clock", "enum",
                   fmt::format("no clock \"{}\" applies to this case; its clocks are: {}", name,
                               fmt::join(names, ", ")));
  }
  const Standard* std = a.policy.standard(name);
  if (std == nullptr || (std->extension_cap < 0 && std->extension_cap_months < 0)) {
    return conflict("not-extendable", fmt::format("\"{}\" cannot be extended.", it->title),
                    "clock");
  }
  if (it->status == ClockStatus::kPending || it->provisional) {
    return conflict("clock-not-started",
                    fmt::format("\"{}\" has not started yet, so there is nothing to extend. {}",
                                it->title, it->explanation),
                    "clock");
  }
  if (it->met_on) {
    return conflict("clock-stopped",
                    fmt::format("\"{}\" was already met on {}; it cannot be extended.", it->title,
                                formatDateLong(*it->met_on)),
                    "clock");
  }
  return *it;
}

// "Workload" (or "work load", "workloads") in any case: a reason the Code's guidance and the
// seeds rule out as a good reason for a long extension.
bool isWorkloadReason(const std::string& text) {
  std::string lower;
  for (char c : text) {
    if (c != ' ' && c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower.find("workload") != std::string::npos;
}

Status checkCap(const Act& a, const Clock& clock, const Standard& std, Date new_due,
                const std::string& good_reason) {
  int cap = std.extension_cap;
  Date limit = a.policy.calendarFor(std).addWorkingDays(*clock.original_due, cap);
  if (new_due <= limit) return {};
  if (isWorkloadReason(good_reason)) {
    return conflict("workload-not-good-reason",
                    "Workload is never a good reason to extend beyond the cap (policy 001 "
                    "§4.11); record the real reason, or choose a date no later than " +
                        formatDateLong(limit) + ".",
                    "good_reason");
  }
  if (!good_reason.empty()) return {};
  return conflict(
      extensionRule(std),
      fmt::format("An extension may move this due date at most {} working days beyond the "
                  "original due date ({}), that is to {}, unless a good reason is recorded{}. "
                  "Record the good reason, or choose a date no later than {}.",
                  cap, formatDateLong(*clock.original_due), formatDateLong(limit),
                  std.extension_provision.empty() ? ""
                                                  : fmt::format(" ({})", std.extension_provision),
                  formatDateLong(limit)),
      "good_reason");
}

// A cap set by law (a subject access request: at most two further months, UK GDPR Art. 12(3)):
// no reason, however good, goes beyond it.
Status checkLegalCap(const Clock& clock, const Standard& std, Date new_due) {
  if (!clock.latest_due || new_due <= *clock.latest_due) return {};
  return conflict("extension-beyond-law",
                  fmt::format("The law allows \"{}\" to be extended by at most {} further "
                              "month{} ({}), that is to {}. Choose a date no later than {}.",
                              clock.title, std.extension_cap_months,
                              std.extension_cap_months == 1 ? "" : "s",
                              std.extension_provision.empty() ? "UK GDPR Art. 12(3)"
                                                              : std.extension_provision,
                              formatDateLong(*clock.latest_due),
                              formatDateLong(*clock.latest_due)),
                  "new_due");
}

Result<std::vector<Event>> respondComplaint(const Act& a) {
  int stage = a.state.stage;
  const StageRecord& r = a.state.current();
  if (r.responded_at) {
    return conflict("already-responded",
                    fmt::format("The {} response was already sent on {}.", stageName(stage),
                                a.cal.formatLocal(*r.responded_at)));
  }
  if (!r.acknowledged_at) {
    return conflict(stage == 2 ? "code-6.11" : "code-6.2",
                    fmt::format("Acknowledge the {} complaint first: the acknowledgement records "
                                "the complaint definition the response must answer (Code {}, "
                                "6.9).",
                                stageName(stage), stage == 2 ? "6.11" : "6.2"));
  }
  CHARTER_CHECK(checkIndependentAccount(a, "answer"));
  CHARTER_TRY(decision, a.body.oneOf("decision", kStage1Findings, true));
  CHARTER_TRY(elements, readElements(a.body, stage));
  CHARTER_CHECK(checkAddedIssuesAnswered(a.state, stage, elements.size()));
  CHARTER_TRY(remedies, readRemedies(a.body, stage, elements.size()));
  CHARTER_TRY(actions, readOutstandingActions(a.body));
  CHARTER_TRY(apology, readApology(a.body));
  // Where something went wrong it is put right (Code 7.1): an apology counts.
  const bool apologised = apology.is_boolean() ? apology.get<bool>()
                                               : apology.is_string() && !apology.get<std::string>().empty();
  if (decisionNeedsRemedy(decision) && remedies.empty() && !apologised) {
    return invalid("remedies", "required",
                   fmt::format("at least one remedy is required when the complaint is {} "
                               "(Code 7.1): an apology counts",
                               decision == "upheld" ? "upheld" : "partly upheld"));
  }
  json data = {{"stage", stage},       {"decision", decision},
               {"elements", elements}, {"remedies", remedies},
               {"outstanding_actions", actions}};
  if (!apology.is_null()) data["apology"] = apology;
  return std::vector<Event>{makeEvent(event_type::kResponded, a.at, std::move(data))};
}

Result<std::vector<Event>> respondOther(const Act& a) {
  CHARTER_CHECK(a.body.allowOnly(std::array<std::string_view, 4>{"action", "at", "stage",
                                                                 "response"}));
  if (a.state.milestones.count("responded") != 0) {
    return conflict("already-responded",
                    fmt::format("This {} was already answered; add a note instead.",
                                displayName(a.state.kind)));
  }
  CHARTER_TRY(response, a.body.text("response", kLongText, false));
  json data = json::object();
  if (!response.empty()) data["response"] = response;
  return std::vector<Event>{makeEvent(event_type::kResponded, a.at, std::move(data))};
}

}  // namespace

Result<std::vector<Event>> acknowledge(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "acknowledge"));
  const StageRecord& r = a.state.current();
  int stage = a.state.stage;
  if (r.acknowledged_at) {
    return conflict("already-acknowledged",
                    fmt::format("The {} complaint was already acknowledged on {}.",
                                stageName(stage), a.cal.formatLocal(*r.acknowledged_at)));
  }
  CHARTER_TRY(definition, a.body.text("definition", kLongText, true));
  CHARTER_TRY(handler, a.body.text("handler", kShortText, true));
  CHARTER_TRY(responsibility, a.body.text("responsibility", kLongText, false));
  if (stage == 2 && normalName(handler) == normalName(a.state.stage1.handler)) {
    return conflict("code-6.13",
                    fmt::format("{} handled this complaint at stage 1. The person who considers "
                                "it at stage 2 must not be the person who considered it at "
                                "stage 1 (Code 6.13).",
                                handler),
                    "handler");
  }
  CHARTER_CHECK(checkIndependentAccount(a, "acknowledge"));
  json data = {{"stage", stage}, {"definition", definition}, {"handler", handler}};
  if (!responsibility.empty()) data["responsibility"] = responsibility;
  return std::vector<Event>{makeEvent(event_type::kAcknowledged, a.at, std::move(data))};
}

Result<std::vector<Event>> extend(const Act& a) {
  std::string default_clock =
      a.state.kind == CaseKind::kComplaint              ? fmt::format("stage{}.respond", a.state.stage)
      : a.state.kind == CaseKind::kSubjectAccessRequest ? "sar.respond"
                                                        : "";
  CHARTER_TRY(clock_name, a.body.text("clock", kShortText, default_clock.empty()));
  if (clock_name.empty()) clock_name = default_clock;
  CHARTER_TRY(new_due, a.body.date("new_due", true));
  CHARTER_TRY(reason, a.body.text("reason", kLongText, true));
  CHARTER_TRY(good_reason, a.body.text("good_reason", kLongText, false));
  CHARTER_TRY(ombudsman, a.body.flag("ombudsman_details_given"));
  CHARTER_TRY(clock, clockToExtend(a, clock_name));
  if (*new_due <= *clock.due) {
    return invalid("new_due", "not-later",
                   fmt::format("must be after the current due date, {}",
                               formatDateLong(*clock.due)));
  }
  const Standard& std = *a.policy.standard(clock_name);
  const WorkingCalendar& cal = a.policy.calendarFor(std);
  if (auto why = cal.whyNotWorking(*new_due)) {
    return invalid("new_due", "not-working-day",
                   fmt::format("is not a working day ({}); choose a working day", *why));
  }
  if (std.extension_cap_months >= 0) CHARTER_CHECK(checkLegalCap(clock, std, *new_due));
  if (std.extension_cap >= 0) CHARTER_CHECK(checkCap(a, clock, std, *new_due, good_reason));
  Date limit = std.extension_cap >= 0 ? cal.addWorkingDays(*clock.original_due, std.extension_cap)
                                      : clock.latest_due.value_or(*new_due);
  json data = {{"stage", a.state.stage},
               {"clock", clock_name},
               {"original_due", formatDate(*clock.due)},
               {"new_due", formatDate(*new_due)},
               {"reason", reason},
               {"good_reason", good_reason},
               {"ombudsman_details_given", ombudsman.value_or(true)},
               {"beyond_cap", *new_due > limit},
               {"late", a.date > *clock.due}};
  return std::vector<Event>{makeEvent(event_type::kExtended, a.at, std::move(data))};
}

Result<std::vector<Event>> respond(const Act& a) {
  if (a.state.kind == CaseKind::kSubjectAccessRequest || a.state.kind == CaseKind::kDataBreach) {
    return respondDataProtection(a);
  }
  return a.state.kind == CaseKind::kComplaint ? respondComplaint(a) : respondOther(a);
}

Result<std::vector<Event>> requestEscalation(const Act& a) {
  CHARTER_CHECK(requireComplaint(a, "request_escalation"));
  if (a.state.stage >= 2) {
    return conflict("code-5.2",
                    "This complaint is already at stage 2, the landlord's final response. There "
                    "is no third stage (Code 5.2, 5.3): if the resident is still dissatisfied "
                    "they can go to the Housing Ombudsman.");
  }
  // A complaint closed without its response may still be escalated: closing it early does not
  // take away the resident's stage 2 (001 §4.12, Code 5.11).
  const bool closed_early = a.state.status == CaseStatus::kClosed && !a.state.stage1.responded_at;
  if (!a.state.stage1.responded_at && !closed_early) {
    return conflict("code-6.10",
                    "A complaint moves to stage 2 after the stage 1 response, which has not been "
                    "sent yet (Code 6.10). If the stage 1 response is late, the resident can ask "
                    "the Housing Ombudsman for help.");
  }
  CHARTER_TRY(reason, a.body.text("reason", kLongText, false));
  json data = {{"from_stage", 1}, {"reason", reason}};
  // The window runs from the response, or from the early closure (when it was recorded).
  std::optional<Instant> answered = a.state.stage1.responded_at;
  if (auto closed = a.state.milestones.find("closed"); !answered && closed != a.state.milestones.end()) {
    answered = closed->second;
  }
  if (int window = a.policy.escalation_window_working_days; window > 0 && answered) {
    Date limit = a.cal.addWorkingDays(a.cal.localDate(*answered), window);
    // The landlord's own window may be extended; it is recorded, never a ground to refuse.
    data["outside_window"] = a.date > limit;
  }
  return std::vector<Event>{makeEvent(event_type::kEscalationRequested, a.at, std::move(data))};
}

}  // namespace charter::lifecycle_detail
