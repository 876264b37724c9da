#include "domain/clocks.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/aftercare.h"
#include "domain/follow_through.h"
#include "domain/pauses.h"
#include "domain/repairs.h"
#include "domain/translations.h"
#include "domain/updates.h"

namespace charter {
namespace {

using std::chrono::days;
using std::chrono::hours;

struct Phrase {
  std::string_view milestone;
  std::string_view future;  // "Starts when the complaint is acknowledged."
  std::string_view past;    // "Met: the complaint was acknowledged on ..."
};

constexpr std::array<Phrase, 12> kPhrases = {{
    {"received", "the contact is received", "the contact was received"},
    {"stage1.acknowledged", "the complaint is acknowledged", "the complaint was acknowledged"},
    {"stage1.responded", "the stage 1 response is sent", "the stage 1 response was sent"},
    {"escalation_requested", "the resident asks for stage 2", "the resident asked for stage 2"},
    {"stage2.acknowledged", "the stage 2 request is acknowledged",
     "the stage 2 request was acknowledged"},
    {"stage2.responded", "the final (stage 2) response is sent",
     "the final (stage 2) response was sent"},
    {"responded", "a response is sent", "the response was sent"},
    {"closed", "the case is closed", "the case was closed"},
    {"not_resolved_at_first_contact", "the contact is logged as not resolved at first contact",
     "the contact was logged as not resolved at first contact"},
    {"followed_up", "the resident is contacted again (an update, a response or the repair "
                    "completed)",
     "the resident was contacted again"},
    {"asb.contacted", "the reporter is first contacted", "the reporter was first contacted"},
    {"asb.plan_agreed", "an action plan is agreed with the reporter",
     "the action plan was agreed with the reporter"},
}};

std::string phrase(std::string_view milestone, bool past) {
  for (const auto& p : kPhrases) {
    if (p.milestone == milestone) return std::string(past ? p.past : p.future);
  }
  return past ? fmt::format("\"{}\" happened", milestone)
              : fmt::format("\"{}\" happens", milestone);
}

std::string unitName(DurationUnit u, int n) {
  switch (u) {
    case DurationUnit::kWorkingDays: return n == 1 ? "working day" : "working days";
    case DurationUnit::kCalendarDays: return n == 1 ? "calendar day" : "calendar days";
    case DurationUnit::kHours: return n == 1 ? "hour" : "hours";
    case DurationUnit::kMonths: return n == 1 ? "calendar month" : "calendar months";
  }
  return "units";
}

std::optional<Instant> milestone(const CaseState& s, const std::string& name) {
  auto it = s.milestones.find(name);
  if (it == s.milestones.end()) return std::nullopt;
  return it->second;
}

// The local date the case finished (closed, refused, withdrawn), if it has.
std::optional<Date> finishedOn(const CaseState& s, const WorkingCalendar& cal) {
  if (!s.finished()) return std::nullopt;
  for (auto it = s.events.rbegin(); it != s.events.rend(); ++it) {
    if (it->type == event_type::kClosed || it->type == event_type::kRefused ||
        it->type == event_type::kWithdrawn) {
      return cal.localDate(it->at);
    }
  }
  return std::nullopt;
}

// A standard that starts on a milestone many cases never reach (a call-back owed only when the
// contact was not resolved when logged): listed only once it has started.
bool startsOnlyIf(const Standard& std) { return std.starts == "not_resolved_at_first_contact"; }

class Evaluator {
 public:
  Evaluator(const CaseState& s, const Policy& policy, const WorkingCalendar& cal, Date today)
      : s_(s), policy_(policy), cal_(cal), today_(today), finished_on_(finishedOn(s, cal)) {}

  // Evaluates `std` (memoised: provisional clocks read other clocks' due dates).
  const Clock& evaluate(const Standard& std) {
    if (auto it = memo_.find(std.id); it != memo_.end()) return it->second;
    Clock c = evaluateUncached(std);
    return memo_.emplace(std.id, std::move(c)).first->second;
  }

  // A finished case drops the clocks that no longer apply: those not met and not already
  // missed when it finished (a refused complaint's response clock, stage 2 never asked for).
  // A complaint closed without its response keeps its acknowledgement clock (001 §4.12, §5):
  // closing early never takes it out of the acknowledgement figures.
  bool applies(const Standard& std, const Clock& c) const {
    if (!finished_on_ || (keepsRunning(std) && c.status != ClockStatus::kPending)) return true;
    return c.status == ClockStatus::kMet || c.status == ClockStatus::kMissed;
  }
  // An acknowledgement clock of a closed complaint: it runs on past the closure.
  bool keepsRunning(const Standard& std) const {
    return s_.status == CaseStatus::kClosed && s_.kind == CaseKind::kComplaint &&
           std.stops.ends_with(".acknowledged");
  }

 private:
  Clock evaluateUncached(const Standard& std);
  bool start(const Standard& std, Clock& c, std::optional<Instant>& start_at,
             std::vector<std::string>& text);
  void due(const Standard& std, Clock& c, std::optional<Instant> start_at,
           std::vector<std::string>& text);
  bool pause(const Standard& std, Clock& c, std::vector<std::string>& text);
  bool extend(const Standard& std, Clock& c, std::vector<std::string>& text);
  void settle(const Standard& std, Clock& c, bool late, bool paused,
              std::vector<std::string>& text);

  const CaseState& s_;
  const Policy& policy_;
  // The Code's clocks run on the Code's calendar, the landlord's own on its calendar.
  const WorkingCalendar& calFor(const Standard& std) const {
    return std.statutory && policy_.code_calendar ? *policy_.code_calendar : cal_;
  }

  const WorkingCalendar& cal_;
  Date today_;
  std::optional<Date> finished_on_;
  std::map<std::string, Clock, std::less<>> memo_;
};

Clock Evaluator::evaluateUncached(const Standard& std) {
  Clock c;
  c.name = std.id;
  c.title = std.title;
  c.statutory = std.statutory;
  c.provision = std.provision;
  std::vector<std::string> text;
  std::optional<Instant> start_at;
  if (!start(std, c, start_at, text)) {
    c.status = ClockStatus::kPending;
    c.explanation = fmt::format("Not started: this clock starts when {}.", phrase(std.starts, false));
    return c;
  }
  due(std, c, start_at, text);
  bool paused = std.pausable && pause(std, c, text);
  bool late = extend(std, c, text);
  settle(std, c, late, paused, text);
  c.explanation = fmt::format("{}", fmt::join(text, " "));
  return c;
}

// Finds the start date (and instant); false when the clock is pending.
bool Evaluator::start(const Standard& std, Clock& c, std::optional<Instant>& start_at,
                      std::vector<std::string>& text) {
  if (auto at = milestone(s_, std.starts)) {
    start_at = at;
    if (std.start_reading == StartReading::kDayZero) {
      DayZero dz = calFor(std).dayZero(*at);
      c.start = dz.date;
      text.push_back(dz.explanation);
    } else {
      c.start = calFor(std).localDate(*at);
      text.push_back(fmt::format("Counted from when {}, {}.", phrase(std.starts, true),
                                 calFor(std).formatLocal(*at)));
    }
    return true;
  }
  if (std.provisional_from.empty()) return false;
  const Standard* from = policy_.standard(std.provisional_from);
  if (from == nullptr || from->id == std.id) return false;
  const Clock& other = evaluate(*from);
  if (!other.due) return false;
  c.provisional = true;
  c.start = other.due;
  if (std.unit == DurationUnit::kHours && other.due_at) start_at = other.due_at;
  text.push_back(fmt::format(
      "Provisional: counted for now from {}, the due date of \"{}\", until {}.",
      formatDateLong(*other.due), other.title, phrase(std.starts, false)));
  return true;
}

void Evaluator::due(const Standard& std, Clock& c, std::optional<Instant> start_at,
                    std::vector<std::string>& text) {
  Date from = *c.start;
  int n = std.amount;
  switch (std.unit) {
    case DurationUnit::kWorkingDays:
      c.original_due = calFor(std).addWorkingDays(from, n);
      text.push_back(calFor(std).explainDue(from, n));
      break;
    case DurationUnit::kCalendarDays:
      c.original_due = from + days{n};
      text.push_back(fmt::format("Due within {} {}: {}.", n, unitName(std.unit, n),
                                 formatDateLong(*c.original_due)));
      break;
    case DurationUnit::kMonths:
      c.original_due = calFor(std).addMonths(from, n);
      text.push_back(calFor(std).explainMonths(from, n));
      break;
    case DurationUnit::kHours:
      if (start_at) {
        c.due_at = *start_at + hours{n};
        c.original_due = calFor(std).localDate(*c.due_at);
        text.push_back(fmt::format("Due within {} {}: by {}.", n, unitName(std.unit, n),
                                   calFor(std).formatLocal(*c.due_at)));
      } else {
        c.original_due = from + days{(n + 23) / 24};
        text.push_back(fmt::format("Due within {} {}: by the end of {}.", n,
                                   unitName(std.unit, n), formatDateLong(*c.original_due)));
      }
      break;
  }
  c.due = c.original_due;
  if (std.unit == DurationUnit::kMonths && std.extension_cap_months >= 0) {
    c.latest_due = calFor(std).addMonths(from, n + std.extension_cap_months);
  }
}

// Applies the pauses of a pausable clock (domain/pauses.h): a restart from the day identity was
// confirmed, days paused for clarification added. True while it is paused now.
bool Evaluator::pause(const Standard& std, Clock& c, std::vector<std::string>& text) {
  const WorkingCalendar& cal = calFor(std);
  PauseEffect fx = pauseEffect(clockPauses(s_, std.id, cal), *c.start);
  for (auto& line : fx.text) text.push_back(std::move(line));
  if (fx.start != *c.start) {
    c.start = fx.start;
    due(std, c, std::nullopt, text);
  }
  if (fx.shifted_days > 0) {
    Date moved = *c.original_due + days{fx.shifted_days};
    c.original_due = cal.isWorkingDay(moved) ? moved : cal.nextWorkingDay(moved);
    c.due = c.original_due;
    text.push_back(fmt::format("Due date after the pauses: {}.", formatDateLong(*c.due)));
  }
  if (c.latest_due && fx.shifted_days > 0) {
    Date latest = *c.latest_due + days{fx.shifted_days};
    c.latest_due = cal.isWorkingDay(latest) ? latest : cal.nextWorkingDay(latest);
  }
  return fx.open.has_value();
}

// Applies the recorded extensions in order; true if any was recorded after the due date it
// extends (late: the clock is missed whatever happens next).
bool Evaluator::extend(const Standard& std, Clock& c, std::vector<std::string>& text) {
  bool any_late = false;
  for (const StageRecord* r : {&s_.stage1, &s_.stage2}) {
    for (Extension x : r->extensions) {
      if (x.clock != std.id) continue;
      Date at = calFor(std).localDate(x.at);
      x.original_due = *c.due;
      x.late = at > *c.due;
      any_late = any_late || x.late;
      std::string line = fmt::format("Extended on {} from {} to {}: {}.", formatDateLong(at),
                                     formatDateLong(*c.due), formatDateLong(x.new_due), x.reason);
      if (!x.good_reason.empty()) line += fmt::format(" Good reason recorded: {}.", x.good_reason);
      if (!x.ombudsman_details_given) {
        line += " The Ombudsman's contact details were not recorded as given with it.";
      }
      if (x.late) {
        line += fmt::format(
            " The extension was recorded after the date it extends ({}), so this clock counts "
            "as missed.",
            formatDateLong(*c.due));
      }
      text.push_back(std::move(line));
      c.due = x.new_due;
      c.extensions.push_back(std::move(x));
    }
  }
  return any_late;
}

std::string lateness(const Standard& std, const WorkingCalendar& cal, Date due, Date on) {
  if (std.unit == DurationUnit::kWorkingDays) {
    int n = cal.countWorkingDays(due, on);
    return fmt::format("{} working day{} late", n, n == 1 ? "" : "s");
  }
  int n = static_cast<int>((on - due).count());
  return fmt::format("{} day{} late", n, n == 1 ? "" : "s");
}

void Evaluator::settle(const Standard& std, Clock& c, bool late, bool paused,
                       std::vector<std::string>& text) {
  Date due = *c.due;
  auto stop = milestone(s_, std.stops);
  if (!stop && paused && !finished_on_) {
    c.status = ClockStatus::kPaused;
    text.push_back("While it is paused the clock is not overdue; resume it when the requester "
                   "replies.");
    return;
  }
  if (stop) {
    c.met_on = calFor(std).localDate(*stop);
    bool in_time = *c.met_on <= due;
    if (std.unit == DurationUnit::kHours && c.due_at && c.extensions.empty()) {
      in_time = *stop <= *c.due_at;
    }
    c.status = in_time && !late ? ClockStatus::kMet : ClockStatus::kMissed;
    if (c.status == ClockStatus::kMet) {
      text.push_back(fmt::format("Met: {} on {}.", phrase(std.stops, true),
                                 formatDateLong(*c.met_on)));
    } else if (!in_time) {
      text.push_back(fmt::format("Missed: {} on {}, {}.", phrase(std.stops, true),
                                 formatDateLong(*c.met_on),
                                 lateness(std, calFor(std), due, *c.met_on)));
    } else {
      text.push_back(fmt::format("Missed because of the late extension, although {} on {}.",
                                 phrase(std.stops, true), formatDateLong(*c.met_on)));
    }
    return;
  }
  Date now = finished_on_ && !keepsRunning(std) ? std::min(today_, *finished_on_) : today_;
  bool overdue = now > due;
  if (std.unit == DurationUnit::kHours && c.due_at && c.extensions.empty() && now == due) {
    overdue = false;  // the hour is not known here; the date decides
  }
  if (late || overdue) {
    c.status = ClockStatus::kMissed;
    text.push_back(fmt::format("Missed: it was due by the end of {} and is still not met (it is "
                               "met when {}).",
                               formatDateLong(due), phrase(std.stops, false)));
    return;
  }
  c.status = ClockStatus::kRunning;
  text.push_back(fmt::format("Running: due by the end of {}{}.", formatDateLong(due),
                             c.provisional ? " for now" : ""));
}

}  // namespace

std::string_view slug(ClockStatus s) {
  switch (s) {
    case ClockStatus::kPending: return "pending";
    case ClockStatus::kRunning: return "running";
    case ClockStatus::kMet: return "met";
    case ClockStatus::kMissed: return "missed";
    case ClockStatus::kPaused: return "paused";
  }
  return "unknown";
}

const Policy& effectivePolicy(const CaseState& state, const Policy& policy) {
  if (!policy.working_calendar) return policy;
  return policy.effectiveFor(policy.working_calendar->localDate(state.received_at));
}

std::vector<Clock> evaluateClocks(const CaseState& state, const Policy& policy, Date today) {
  const Policy& eff = effectivePolicy(state, policy);
  const CalendarPtr& cal = eff.working_calendar ? eff.working_calendar : policy.working_calendar;
  std::vector<Clock> out;
  if (!cal || state.events.empty()) return out;
  Evaluator ev(state, eff, *cal, today);
  for (const Standard* std : eff.standardsFor(slug(state.kind), slug(state.channel),
                                              categoryOf(state))) {
    const Clock& c = ev.evaluate(*std);
    if (ev.applies(*std, c) && !(c.status == ClockStatus::kPending && startsOnlyIf(*std))) {
      out.push_back(c);
    }
  }
  // Learning actions, Ombudsman orders, outstanding actions and remedies keep their clocks
  // after the case is finished.
  for (auto& c : aftercareClocks(state, *cal, today)) out.push_back(std::move(c));
  for (auto& c : followThroughClocks(state, *cal, today)) out.push_back(std::move(c));
  for (auto& c : updateClocks(state, *cal, today)) out.push_back(std::move(c));
  for (auto& c : translationClocks(state, *cal, today)) out.push_back(std::move(c));
  return out;
}

std::optional<Date> nextDue(const std::vector<Clock>& clocks) {
  std::optional<Date> best;
  for (const auto& c : clocks) {
    bool open = c.status == ClockStatus::kRunning || (c.status == ClockStatus::kMissed && !c.met_on);
    if (open && c.due && (!best || *c.due < *best)) best = c.due;
  }
  return best;
}

}  // namespace charter
