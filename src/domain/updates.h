// Keeping the resident informed (Code 5.9; 001 §4.7.6): the handler agrees with the resident how
// often they will hear from the landlord, and each update then due is a clock.
//
// `agree_updates` sets the interval (`every_working_days`, 1 to 60; 0 ends the agreement) from
// the day it is agreed; `log_update` records an update given to the resident (a contact: what
// they were told, on which channel, when). Each update due is a clock "update.N": it starts on
// the day of the agreement or of the previous update, is due `every_working_days` working days
// later, and is met when an update is logged on or before that day; a late update is missed,
// and the next one counts from it. Updates are owed while the complaint is being handled and,
// after it is finished, while an outstanding action or remedy it promised is still open (001
// §4.7.6: "and beyond where there are outstanding actions"). A new agreement replaces the
// update it was waiting for.
//
// The state is read from the case's events, so nothing is folded into CaseState.
// Pure: no I/O, no clock.
#pragma once

#include <string_view>
#include <vector>

#include "domain/aftercare.h"
#include "domain/case.h"
#include "domain/clocks.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kUpdatesAgreed = "updates_agreed";
inline constexpr std::string_view kUpdateLogged = "update_logged";
}  // namespace event_type

bool isUpdateEvent(std::string_view type);

// The update clocks of the case ("update.1", "update.2", ...), in order.
std::vector<Clock> updateClocks(const CaseState& s, const WorkingCalendar& cal, Date today);

namespace updates {
// agree_updates: every_working_days (required, 0..60), agreed_on (default the day of `at`).
Result<std::vector<Event>> agree(const AftercareStep& a);
// log_update: text (required), channel (optional, a channel slug), given_on (default the day of
// `at`).
Result<std::vector<Event>> log(const AftercareStep& a);
}  // namespace updates

}  // namespace charter
