// The learning and Ombudsman API. The actions themselves (learning_action,
// complete_learning_action, ombudsman_referral, ombudsman_determination, ombudsman_order,
// complete_ombudsman_order) go through POST /api/v1/cases/{id}/actions like every other.
//
//   GET /api/v1/learning-actions?period=2025-26[&service_area=repairs]
//       the quarterly action plans: per quarter, per service area, the actions due (and those
//       carried over overdue), with owner, due date, status and the improvement made. Signed
//       in, a role that may see reports (governance included: it only reads).
//   GET /api/v1/public/you-said-we-did
//       the public list: what residents said and what the landlord did, by service area and
//       month. No sign-in; no case reference, name or owner, only what staff chose to publish.
#pragma once

#include "app/accounts.h"
#include "app/learning_service.h"
#include "http/server.h"

namespace charter::api {

// Everything given must outlive the server. `public_landlord` is whose list the public route
// shows (the landlord the public pages are served for).
void addLearningRoutes(http::Router& router, LearningService& learning, AccountService& accounts,
                       LandlordId public_landlord = 1);

// Adds the learning actions, their routes and schemas to the OpenAPI document.
void addLearningOpenApi(nlohmann::json& doc);

nlohmann::json actionPlanJson(const ActionPlan& plan);
nlohmann::json youSaidWeDidJson(const std::vector<PublicImprovement>& list);

}  // namespace charter::api
