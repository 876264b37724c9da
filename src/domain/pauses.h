// Pausing a clock while the landlord waits for the requester, and the data-protection answers.
//
// A standard marked `pausable` (policy.h; the subject access clock `sar.respond`) may be paused
// with action "pause_clock" ({"reason": "identity" | "clarification", "clock", "note"}) and
// started again with "resume_clock" ({"clock"}). While paused the clock shows as paused, never
// overdue. How the pause moves the due date follows the ICO's guidance on subject access:
//   identity       the time limit starts again from the day the identity is confirmed (the
//                  day of "resume_clock"): a whole new period from that day;
//   clarification  the clock stops and restarts: the due date moves by the days paused (then
//                  to the next working day).
// Pure: events in, dates out.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.h"
#include "domain/case.h"

namespace charter {

inline constexpr std::array<std::string_view, 2> kPauseReasons = {"identity", "clarification"};
// A breach's answer (action "respond" on a data_breach): reported to the ICO, or judged not
// reportable (with the reason: UK GDPR Art. 33(5) requires the reasoning to be documented).
inline constexpr std::array<std::string_view, 2> kIcoDecisions = {"reported", "not_reportable"};

struct ClockPause {
  std::string reason;         // one of kPauseReasons
  Date from{};                // the local date it was paused
  std::optional<Date> to;     // the local date it was resumed; nullopt while paused
  std::string note;
};

// The pauses of `clock` in the case's history, oldest first.
std::vector<ClockPause> clockPauses(const CaseState& s, std::string_view clock,
                                    const WorkingCalendar& cal);

// What the pauses do to a clock that started on `start`.
struct PauseEffect {
  Date start{};                     // `start`, or the day identity was confirmed (the last one)
  int shifted_days = 0;             // calendar days paused for clarification after `start`
  std::optional<ClockPause> open;   // the pause in force now, if any
  std::vector<std::string> text;    // plain English, one sentence per pause
};
PauseEffect pauseEffect(const std::vector<ClockPause>& pauses, Date start);

}  // namespace charter
