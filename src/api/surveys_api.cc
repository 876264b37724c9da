// The survey routes of the JSON API v1 (api/surveys_api.h) and their OpenAPI description.
#include "api/surveys_api.h"

#include "api/api_auth.h"
#include "api/body.h"
#include "api/errors.h"
#include "api/params.h"

namespace charter::api {

using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

json surveyJson(const SurveyOffer& s) {
  json answer = nullptr;
  if (s.satisfaction) {
    answer = {{"satisfaction", std::string(slug(*s.satisfaction))},
              {"satisfied", isSatisfied(*s.satisfaction)},
              {"dissatisfied", isDissatisfied(*s.satisfaction)},
              {"comment", s.comment.empty() ? json(nullptr) : json(s.comment)},
              {"answered_at", s.answered_at ? json(formatInstant(*s.answered_at)) : json(nullptr)},
              {"answered_by", s.answered_by}};
  }
  return {{"id", s.trigger},
          {"kind", s.kind},
          {"stage", s.stage == 0 ? json(nullptr) : json(s.stage)},
          {"category", s.category.empty() ? json(nullptr) : json(s.category)},
          {"question", s.question},
          {"question_text", questionText(s.question)},
          {"offered_at", formatInstant(s.offered_at)},
          {"link", "/survey/" + s.token},
          {"answer", answer}};
}

namespace {

Response listSurveys(Surveys& surveys, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto list = surveys.list(who, *id);
  if (!list) return errorFor(list.error(), request);
  json out = json::array();
  for (const auto& s : *list) out.push_back(surveyJson(s));
  return jsonResponse(200, json{{"surveys", out}});
}

Response respond(Surveys& surveys, const Request& request, const Principal& who) {
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto body = jsonBody(request, {.max_bytes = 16 * 1024});
  if (auto* r = std::get_if<Response>(&body)) return *r;
  auto done = surveys.respond(who, *id, request.params.at("survey"), std::get<json>(body));
  if (!done) return errorFor(done.error(), request);
  return jsonResponse(201, surveyJson(*done));
}

constexpr const char* kPaths = R"json({
  "/api/v1/cases/{id}/surveys": {
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
    "get": {
      "tags": ["surveys"], "operationId": "listSurveys",
      "summary": "The satisfaction surveys the case has been offered (after a complaint's response, a repair's completion, an ASB case's closure), with their answers",
      "responses": {
        "200": {"description": "The surveys, oldest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"surveys": {"type": "array", "items": {"$ref": "#/components/schemas/Survey"}}}}}}},
        "401": {"description": "Not signed in"}, "404": {"$ref": "#/components/responses/NotFound"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  },
  "/api/v1/cases/{id}/surveys/{survey}/response": {
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
                   {"name": "survey", "in": "path", "required": true, "schema": {"type": "string"}, "description": "The survey's id (the policy's trigger, e.g. complaint.stage1)"}],
    "post": {
      "tags": ["surveys"], "operationId": "answerSurvey",
      "summary": "Answer a survey (once): how satisfied, and an optional comment",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SurveyAnswer"}}}},
      "responses": {
        "201": {"description": "The survey with its answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Survey"}}}},
        "401": {"description": "Not signed in"}, "404": {"$ref": "#/components/responses/NotFound"},
        "409": {"$ref": "#/components/responses/Conflict"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  }
})json";

constexpr const char* kSatisfactionEnum =
    R"json(["very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied"])json";

constexpr const char* kSurveySchema = R"json({
  "type": "object",
  "properties": {
    "id": {"type": "string", "description": "The policy's trigger: complaint.stage1, complaint.stage2, repair.completed, asb.closed, ..."},
    "kind": {"type": "string"},
    "stage": {"type": "integer", "nullable": true, "description": "Complaints: the stage whose response was surveyed"},
    "category": {"type": "string", "nullable": true, "description": "A repair's priority"},
    "question": {"type": "string", "enum": ["service", "complaint_handling"]},
    "question_text": {"type": "string"},
    "offered_at": {"type": "string", "format": "date-time", "description": "When the case reached the trigger's milestone"},
    "link": {"type": "string", "description": "The survey's page, answerable without signing in"},
    "answer": {"type": "object", "nullable": true, "properties": {
      "satisfaction": {"type": "string"},
      "satisfied": {"type": "boolean"},
      "dissatisfied": {"type": "boolean", "description": "Dissatisfied or very dissatisfied: the resident is offered the complaints route"},
      "comment": {"type": "string", "nullable": true},
      "answered_at": {"type": "string", "format": "date-time"},
      "answered_by": {"type": "string", "description": "link, or the account that recorded it"}}}}
})json";

}  // namespace

void addSurveyRoutes(http::Router& router, Surveys& surveys, AccountService& accounts) {
  router.add("GET", "/api/v1/cases/{id}/surveys",
             withPrincipal(accounts, [&surveys](const Request& request, const Principal& who) {
               return listSurveys(surveys, request, who);
             }));
  router.add("POST", "/api/v1/cases/{id}/surveys/{survey}/response",
             withPrincipal(accounts, [&surveys](const Request& request, const Principal& who) {
               return respond(surveys, request, who);
             }));
}

void addSurveysOpenApi(json& doc) {
  json survey = json::parse(kSurveySchema);
  survey["properties"]["answer"]["properties"]["satisfaction"]["enum"] =
      json::parse(kSatisfactionEnum);
  doc["components"]["schemas"]["Survey"] = survey;
  doc["components"]["schemas"]["SurveyAnswer"] = {
      {"type", "object"},
      {"required", {"satisfaction"}},
      {"properties",
       {{"satisfaction", {{"type", "string"}, {"enum", json::parse(kSatisfactionEnum)}}},
        {"comment", {{"type", "string"}, {"maxLength", kSurveyCommentMax}}}}}};
  const auto paths = json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "surveys"}, {"description", "Satisfaction after each service"}});
}

}  // namespace charter::api
