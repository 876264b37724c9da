#include "app/translations.h"

namespace charter {
namespace {

using nlohmann::json;

std::optional<TranslationTask> requested(const Event& e) {
  if (e.type != "letter_issued") return std::nullopt;
  auto t = e.data.find("translation");
  if (t == e.data.end() || !t->is_object()) return std::nullopt;
  auto due = parseDate(t->value("due", std::string()));
  if (!due) return std::nullopt;
  TranslationTask task;
  task.letter = e.seq;
  task.title = e.data.value("title", std::string("Letter"));
  task.language = t->value("language", std::string());
  task.due = *due;
  return task;
}

}  // namespace

std::vector<TranslationTask> translationTasks(const CaseState& s) {
  std::vector<TranslationTask> out;
  for (const auto& e : s.events) {
    if (auto task = requested(e)) {
      out.push_back(*task);
      continue;
    }
    if (e.type != event_type::kLetterTranslated) continue;
    const int letter = e.data.value("letter", 0);
    for (auto& t : out)
      if (t.letter == letter) t.attachment = e.data.value("attachment", std::string());
  }
  return out;
}

std::vector<TranslationTask> openTranslations(const CaseState& s) {
  std::vector<TranslationTask> out;
  for (auto& t : translationTasks(s))
    if (!t.done()) out.push_back(std::move(t));
  return out;
}

json translationRequest(std::string_view language, Date due) {
  return {{"language", std::string(language)}, {"due", formatDate(due)}};
}

json languageFields(i18n::PersonLanguage lang, const ContactPreference& pref, const Policy& policy,
                    Date today) {
  json out = {{"language", std::string(i18n::code(lang.lang))}};
  if (lang.other)
    out["translation"] = translationRequest(
        pref.language, policy.working_calendar->addWorkingDays(today, policy.translation_working_days));
  return out;
}

}  // namespace charter
