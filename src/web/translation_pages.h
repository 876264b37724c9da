// Letters waiting for a translation (domain/translations.h) on the staff pages: My work's
// "Translations to attach" (due date, case, language, letter), and the page that attaches an
// uploaded translated letter to its letter:
//
//   GET  /staff/cases/{id}/letters/{n}/translation   the case's attachments to choose from
//   POST /staff/cases/{id}/letters/{n}/translation   attachment=NAME (LetterService::
//                                                    attachTranslation; CSRF), then the case
//
// Cost: My work finds the cases through the clock rows (CaseQuery::open_clock_prefix) and reads
// only those. Internal to the web layer.
#pragma once

#include <string>

#include "web/internal.h"

namespace charter::web {

// My work's section, or "" when no letter is waiting for a translation.
std::string translationsSection(Ctx& ctx, Visit& v, Date today);

// The attach page's routes (only when ctx.options.letters is set).
void addTranslationPages(http::Router& router, Ctx& ctx);

}  // namespace charter::web
