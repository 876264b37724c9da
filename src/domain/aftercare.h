// What follows a complaint's answer: learning actions and the Housing Ombudsman.
//
// Learning actions (Code 9.1-9.3; 001 §5) are recorded against a complaint whether or not it
// was upheld, even after it is closed, each with an owner, a service area and a due date, and
// completed with the service improvement made; a completed one may be published on the
// landlord's "you said, we did" list. The Ombudsman's referral, determination (one of the
// seven outcomes below), orders (each with a due date) and compensation are recorded as they
// arrive. Every due date is a clock ("learning.N", "ombudsman.order.N"), shown with the
// Code's clocks and never dropped when the case is finished.
//
// When a referral may be recorded: the resident may ask the Ombudsman for advice at any time
// (record that as a note), but a *referral* (the Ombudsman taking the complaint on) follows
// the landlord's process: after the final (stage 2) response, after a refusal (the refusal
// letter gives the right to go to the Ombudsman, Code 2.4), or when a response is overdue (the
// Ombudsman may then step in, Code 5 and the Ombudsman's Dispute Support). Otherwise 409
// `internal-process-not-complete`. See docs/lifecycle.md.
//
// Pure: no I/O, no clock.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.h"
#include "domain/case.h"
#include "domain/clocks.h"
#include "domain/fields.h"
#include "policy/policy.h"

namespace charter {

// The Ombudsman's determinations, most serious first.
inline constexpr std::array<std::string_view, 7> kOmbudsmanOutcomes = {
    "severe_maladministration", "maladministration",    "service_failure",
    "reasonable_redress",       "no_maladministration", "outside_jurisdiction",
    "withdrawn"};
// Outcomes that find fault, the only ones orders follow.
bool isFaultFinding(std::string_view outcome);
// "Severe maladministration", ...
std::string_view ombudsmanOutcomeTitle(std::string_view outcome);

bool isAftercareEvent(std::string_view type);
// Folds one aftercare event into the state. REQUIRES: isAftercareEvent(e.type).
void applyAftercare(CaseState& s, const Event& e);

// A dated commitment as a clock: due on `due`, met when completed (`done`) on or before it,
// missed when completed later or still open after it. `opening` begins the explanation.
Clock dateClock(std::string name, std::string title, Date start, Date due,
                std::optional<Date> done, Date today, std::string opening);
// `s` cut to at most `n` bytes on a character boundary, with "…" when cut.
std::string clipText(const std::string& s, std::size_t n);
// A string field of an event's data ("" when absent or not a string), and a date field
// (nullopt when absent or not a date).
std::string dataText(const nlohmann::json& d, const char* key);
std::optional<Date> dataDate(const nlohmann::json& d, const char* key);

// The clocks of the case's learning actions and Ombudsman orders.
std::vector<Clock> aftercareClocks(const CaseState& s, const WorkingCalendar& cal, Date today);

// One aftercare action, as lifecycle.cc dispatches it.
struct AftercareStep {
  const CaseState& state;
  const fields::Reader& body;
  const Policy& policy;  // the policy the case is timed by
  const Policy& current; // the landlord's current policy (its service areas)
  const WorkingCalendar& cal;
  Instant at;
  Date date;  // `at` as a local date
};

namespace aftercare {
// Actions (body "action") and their fields besides action and at.
Result<std::vector<Event>> learningAction(const AftercareStep& a);          // learning_action
Result<std::vector<Event>> completeLearningAction(const AftercareStep& a);  // complete_learning_action
Result<std::vector<Event>> referral(const AftercareStep& a);                // ombudsman_referral
Result<std::vector<Event>> determination(const AftercareStep& a);           // ombudsman_determination
Result<std::vector<Event>> order(const AftercareStep& a);                   // ombudsman_order
Result<std::vector<Event>> completeOrder(const AftercareStep& a);           // complete_ombudsman_order

// A date the body may give for when something happened (`key`), defaulting to the action's
// own date: never after it (422 `future`), never before `earliest` (422
// `before-previous-event`, naming `earliest_what`).
Result<Date> happenedOn(const AftercareStep& a, std::string_view key, Date earliest,
                        std::string_view earliest_what);
// The 1-based item number in `key`: 422 `required` when absent, `type` when not a number.
Result<int> itemNumber(const AftercareStep& a, std::string_view key);
}  // namespace aftercare

}  // namespace charter
