// The self-assessment against the Complaint Handling Code (app/self_assessment.h):
//   GET  /api/v1/self-assessments/{year}[?format=pdf]   the year's rows: live for a draft, frozen
//        once published (view reports)
//   PUT  /api/v1/self-assessments/{year}          {"answers":[{"provision","answer","commentary"}]}
//        merges the complaints team's answers (complaints team only); clears a recorded review
//   PUT  /api/v1/self-assessments/{year}/review   {"reviewed_on","reviewed_by","response"}: the
//        governing body's review and response, Code 8.2 (complaints team or governance)
//   POST /api/v1/self-assessments/{year}/publish  freezes and publishes the year (complaints
//        team); 409 code-8.2 without the review, 409 incomplete, 409 published
//   GET  /api/v1/public/self-assessments/{year}   public, no sign-in: a published year only
// Errors name `field` and `rule` (api/errors.h). A role that may not: 403 with field "role".
#pragma once

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/self_assessment.h"
#include "http/server.h"

namespace charter::api {

// `service` and `accounts` must outlive the server; `public_landlord` is whose published years
// the public route shows.
void addSelfAssessmentRoutes(http::Router& router, SelfAssessmentService& service,
                             AccountService& accounts, LandlordId public_landlord);

nlohmann::json selfAssessmentJson(const SelfAssessmentView& v);

// The paths and schemas above, for the OpenAPI document (api/openapi.cc).
void addSelfAssessmentOpenApi(nlohmann::json& doc);

}  // namespace charter::api
