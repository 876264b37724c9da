// Letters in languages other than English and Welsh: a translation request is a task with a
// due date, recorded with the letter, and closed when the translated letter comes back.
//
// When a letter is issued for a person whose recorded language (contact preference) is neither
// English nor Welsh (util/i18n.h personLanguage), the letter is made in English and its
// letter_issued event carries "translation": {"language": "Polish", "due": "2026-12-18"}, due
// the policy's translation_working_days (10 in the bases) working days after the day it was
// issued. The translated letter is uploaded as an attachment of the case (app/attachments.h)
// and attached to the letter by LetterService::attachTranslation, a "letter_translated" event
// {"letter": n, "language", "attachment": name}, which closes the task (domain/translations.h:
// the tasks, and their clocks "translation.<n>"). Pages show the open tasks on the case, on
// the resident's portal and in My work.
//
// Pure: no I/O, no clock. Threading: as the values it reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/case.h"
#include "domain/translations.h"
#include "policy/policy.h"
#include "util/i18n.h"

namespace charter {

// The "translation" field of a letter_issued event.
nlohmann::json translationRequest(std::string_view language, Date due);

// The language fields of a letter_issued event for a letter in `lang` to a person who asked for
// `pref`: {"language": "en"|"cy"} and, when their language is neither English nor Welsh,
// "translation" due policy.translation_working_days working days after `today`.
nlohmann::json languageFields(i18n::PersonLanguage lang, const ContactPreference& pref,
                              const Policy& policy, Date today);

}  // namespace charter
