#include "app/translations.h"

namespace charter {

using nlohmann::json;

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
