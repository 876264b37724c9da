#include "domain/pauses.h"

#include <fmt/format.h>


namespace charter {

std::vector<ClockPause> clockPauses(const CaseState& s, std::string_view clock,
                                    const WorkingCalendar& cal) {
  std::vector<ClockPause> out;
  for (const Event& e : s.events) {
    if (e.data.value("clock", std::string()) != clock) continue;
    if (e.type == event_type::kClockPaused) {
      out.push_back({e.data.value("reason", std::string()), cal.localDate(e.at), std::nullopt,
                     e.data.value("note", std::string())});
    } else if (e.type == event_type::kClockResumed && !out.empty() && !out.back().to) {
      out.back().to = cal.localDate(e.at);
    }
  }
  return out;
}

PauseEffect pauseEffect(const std::vector<ClockPause>& pauses, Date start) {
  PauseEffect fx;
  fx.start = start;
  for (const ClockPause& p : pauses) {
    const char* waiting = p.reason == "identity" ? "proof of identity" : "clarification";
    if (!p.to) {
      fx.open = p;
      fx.text.push_back(fmt::format("Paused on {} while waiting for {}.", formatDateLong(p.from),
                                    waiting));
      break;
    }
    if (p.reason == "identity") {
      fx.start = *p.to;
      fx.shifted_days = 0;
      fx.text.push_back(fmt::format(
          "Paused on {} for proof of identity, confirmed on {}: the time limit starts again "
          "from that day.",
          formatDateLong(p.from), formatDateLong(*p.to)));
      continue;
    }
    int n = static_cast<int>((*p.to - p.from).count());
    fx.shifted_days += n;
    fx.text.push_back(fmt::format("Paused on {} for clarification, resumed on {}: the due date "
                                  "moves by the {} day{} paused.",
                                  formatDateLong(p.from), formatDateLong(*p.to), n,
                                  n == 1 ? "" : "s"));
  }
  return fx;
}

}  // namespace charter
