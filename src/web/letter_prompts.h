// The case page's prompts for the letters a complaint's actions call for (which ones is the
// domain's rule, domain/letters_owed.h), so a resident is never left without the letter the
// Code says they get. Rendered from templates/partials/letters_owed.mustache and
// letter_send_form.mustache.
#pragma once

#include <string>

#include "domain/case.h"
#include "app/letters.h"

namespace charter::web {

// A warning naming the letters still to send, each with its own "Check and send" button (a
// form posting letter=<kind> to `post_action`); "" when none is owed.
std::string lettersOwedHtml(const CaseState& s, const std::string& post_action,
                            const std::string& csrf_token);

// The banner after an action (`done` is the action's slug): "Saved" and, when that action
// calls for a letter not yet sent, the prompt to send it.
std::string afterActionBanner(const CaseState& s, const std::string& done,
                              const std::string& post_action, const std::string& csrf_token);

}  // namespace charter::web
