// Letters in languages other than English and Welsh: a translation request is a task with a
// due date, recorded with the letter, and closed when the translated letter comes back.
//
// A letter_issued event for a person whose language is neither English nor Welsh carries
// "translation": {"language": "Polish", "due": "2026-12-18"} (app/translations.h works out the
// due date from the policy's translation_working_days). A "letter_translated" event
// {"letter": n, "language", "attachment": name} closes the task. Each task is also a clock,
// "translation.<n>", so it is in the case's due dates, My work and the overdue lists like any
// other promise, and stays there after the case is finished until the translation is attached.
//
// Pure: reads a case's events; no I/O, no clock. Threading: as the values it reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_calendar.h"
#include "domain/case.h"
#include "domain/clocks.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kLetterTranslated = "letter_translated";
}  // namespace event_type

struct TranslationTask {
  int letter = 0;        // the letter_issued event's number on the case
  std::string title;     // the letter's title
  std::string language;  // as recorded: "Polish"
  Date requested_on{};   // the day the letter was issued (landlord-local)
  Date due{};
  std::optional<std::string> attachment;  // the translated letter, once it is back
  std::optional<Date> attached_on;
  bool done() const { return attachment.has_value(); }
};

// Every translation task on the case, oldest first (open and done). `cal` gives the
// landlord-local day of an instant (requested_on, attached_on); without it they are UTC days.
std::vector<TranslationTask> translationTasks(const CaseState& s,
                                              const WorkingCalendar* cal = nullptr);
// The open ones only.
std::vector<TranslationTask> openTranslations(const CaseState& s);

// A clock per task: "translation.<letter>", "Attach the Polish translation of letter 3", due
// on the task's due date, met on the day the translation was attached.
std::vector<Clock> translationClocks(const CaseState& s, const WorkingCalendar& cal, Date today);

}  // namespace charter
