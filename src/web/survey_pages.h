// Satisfaction surveys on the web (web/survey_pages.cc; app/surveys.h does the work):
//   GET/POST /survey/{token}  the survey a link opens, answerable without signing in; once
//                             answered, the thanks, and for a dissatisfied answer the choice to
//                             complain (a complaint linked to the case, or for a complaint the
//                             next step of the complaints route)
//   the portal case page's "Tell us how we did" (portalSurveys)
//   the staff case page's "Satisfaction surveys" section (staff::surveysSection)
// Internal to the web layer; every part is absent when WebOptions::surveys is unset.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "web/internal.h"

namespace charter::web {

// The portal case page's surveys: {"open": [{href, what}], "complain": {href, text} | false},
// or false when there is nothing to show.
nlohmann::json portalSurveys(Ctx& ctx, Visit& v, CaseId id);

void addSurveyPages(http::Router& router, Ctx& ctx);

namespace staff {
// "" without surveys or answers; else each survey with its answer or "Not answered yet".
std::string surveysSection(Ctx& ctx, Visit& v, const CaseState& s);
}  // namespace staff

}  // namespace charter::web
