// A case's satisfaction surveys through the JSON API (app/surveys.h does the work; the case's
// authorisation applies: 404 for a case the principal may not see):
//
//   GET  /api/v1/cases/{id}/surveys                     {"surveys": [Survey]}, oldest first
//   POST /api/v1/cases/{id}/surveys/{survey}/response   {"satisfaction", "comment"?} -> 201
//                                                        Survey; 422 naming the field and rule;
//                                                        409 "survey-answered" the second time;
//                                                        404 for a survey the case does not owe
//
// {survey} is the survey's id, the policy's trigger ("complaint.stage1", "repair.completed").
#pragma once

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/surveys.h"
#include "http/server.h"

namespace charter::api {

// Both must outlive the server.
void addSurveyRoutes(http::Router& router, Surveys& surveys, AccountService& accounts);

// A survey as the API answers it (also the web's JSON for tests).
nlohmann::json surveyJson(const SurveyOffer& s);

// Adds the routes and the Survey schema to the OpenAPI document.
void addSurveysOpenApi(nlohmann::json& doc);

}  // namespace charter::api
