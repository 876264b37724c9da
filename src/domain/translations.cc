#include "domain/translations.h"

#include <fmt/format.h>

#include "domain/aftercare.h"
#include "util/time.h"

namespace charter {
namespace {

Date dayOf(Instant at, const WorkingCalendar* cal) {
  return cal ? cal->localDate(at) : std::chrono::floor<std::chrono::days>(at);
}

std::optional<TranslationTask> requested(const Event& e, const WorkingCalendar* cal) {
  if (e.type != "letter_issued") return std::nullopt;
  auto t = e.data.find("translation");
  if (t == e.data.end() || !t->is_object()) return std::nullopt;
  auto due = parseDate(t->value("due", std::string()));
  if (!due) return std::nullopt;
  TranslationTask task;
  task.letter = e.seq;
  task.title = e.data.value("title", std::string("Letter"));
  task.language = t->value("language", std::string());
  task.requested_on = dayOf(e.at, cal);
  task.due = *due;
  return task;
}

}  // namespace

std::vector<TranslationTask> translationTasks(const CaseState& s, const WorkingCalendar* cal) {
  std::vector<TranslationTask> out;
  for (const auto& e : s.events) {
    if (auto task = requested(e, cal)) {
      out.push_back(*task);
      continue;
    }
    if (e.type != event_type::kLetterTranslated) continue;
    const int letter = e.data.value("letter", 0);
    for (auto& t : out) {
      if (t.letter != letter) continue;
      t.attachment = e.data.value("attachment", std::string());
      t.attached_on = dayOf(e.at, cal);
    }
  }
  return out;
}

std::vector<TranslationTask> openTranslations(const CaseState& s) {
  std::vector<TranslationTask> out;
  for (auto& t : translationTasks(s))
    if (!t.done()) out.push_back(std::move(t));
  return out;
}

std::vector<Clock> translationClocks(const CaseState& s, const WorkingCalendar& cal, Date today) {
  std::vector<Clock> out;
  for (const auto& t : translationTasks(s, &cal)) {
    const std::string language = t.language.empty() ? std::string("requested") : t.language;
    out.push_back(dateClock(
        fmt::format("translation.{}", t.letter),
        fmt::format("Attach the {} translation of letter {}", language, t.letter), t.requested_on,
        t.due, t.attached_on, today,
        fmt::format("Letter {} ({}) was issued in English on {} for a reader of {}; its "
                    "translation is to be attached by {}.",
                    t.letter, clipText(t.title, 60), formatDateLong(t.requested_on), language,
                    formatDateLong(t.due))));
  }
  return out;
}

}  // namespace charter
