// A person's contact preference on the pages (domain/contact_preferences.h): the fields that
// record it (on the new-contact form, the case's "Change how they want to hear from us" action
// and the resident's portal), the body the API takes built from them, the preference in words
// with its review flag (Code 5.10), and the timeline's line for a change. Internal to the web
// layer.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/contact_preferences.h"
#include "util/i18n.h"
#include "web/components.h"

namespace charter::web {

// The inputs, named `prefix` + channel, format, language, needs_interpreter, review_date (a
// three-part date). Their values come from the form when it was sent, else from `held`.
// `you`: worded for the resident ("How do you want ...") rather than staff, in `lang` (staff's
// wording is English only).
std::string contactPreferenceFields(const std::string& prefix, const Form& f,
                                    const ContactPreference& held, const FormErrors& e,
                                    bool you = false, i18n::Lang lang = i18n::Lang::kEn);
// The ids of those inputs, in page order (error mapping); the review date's is the last.
std::vector<std::string> contactPreferenceIds(const std::string& prefix);
// The fields as the API's JSON (only those given). A review date typed that is not a real date
// is an error in `errors`.
nlohmann::json contactPreferenceBody(const std::string& prefix, const Form& f, FormErrors& errors);

// "By email, in large print, language: Welsh (cy), needs an interpreter"; "" when none. In
// Welsh it is worded for the resident ("Drwy eich cyfrif ar-lein, mewn print bras, ...").
std::string contactText(const ContactPreference& c, i18n::Lang lang = i18n::Lang::kEn);
// The preference for a summary list (HTML): its words, "Review by ..." or, once the review date
// has come, a red "Review due since Mon 1 Sep 2025" tag.
std::string contactHtml(const ContactPreference& c, Date today);
// The timeline's line for a contact_preference_changed event ("" when `e` is not one).
std::string contactEventText(const Event& e);
// The timeline's words for a letter sent otherwise than the person asked: "Sent by post
// instead of by email: <reason>" ("" when it went as they asked).
std::string letterInsteadText(const nlohmann::json& letter_data);

}  // namespace charter::web
