// The OpenAPI description of the learning and Ombudsman actions and routes, merged into the
// document of openapi.cc (kept apart so the two grow independently).
#include "api/learning_api.h"

namespace charter::api {
namespace {

constexpr const char* kSchemas = R"json({
  "LearningAction": {
    "type": "object", "required": ["action", "lesson", "owner", "due"],
    "description": "A lesson learnt from a complaint (upheld or not, even after it is closed) and the action to take. Its due date is a clock, learning.N. 409 not-a-complaint.",
    "properties": {
      "action": {"type": "string", "enum": ["learning_action"]}, "at": {"$ref": "#/components/schemas/At"},
      "lesson": {"type": "string", "maxLength": 10000}, "owner": {"type": "string", "maxLength": 200},
      "service_area": {"type": "string", "description": "One of the policy's service areas; default the case's"},
      "due": {"$ref": "#/components/schemas/Date"},
      "you_said": {"type": "string", "description": "Public wording of the feedback, without personal details"}}
  },
  "CompleteLearningAction": {
    "type": "object", "required": ["action", "learning_action", "improvement"],
    "description": "409 unknown-learning-action, already-completed. publish needs you_said (here or on the action).",
    "properties": {
      "action": {"type": "string", "enum": ["complete_learning_action"]}, "at": {"$ref": "#/components/schemas/At"},
      "learning_action": {"type": "integer", "minimum": 1}, "improvement": {"type": "string"},
      "completed_on": {"$ref": "#/components/schemas/Date"}, "you_said": {"type": "string"},
      "publish": {"type": "boolean", "default": false}}
  },
  "OmbudsmanReferral": {
    "type": "object", "required": ["action", "reference"],
    "description": "The Housing Ombudsman takes the complaint on: allowed after the final response, a refusal or an overdue response, else 409 internal-process-not-complete (advice at any time is a note). 409 already-referred.",
    "properties": {
      "action": {"type": "string", "enum": ["ombudsman_referral"]}, "at": {"$ref": "#/components/schemas/At"},
      "reference": {"type": "string"}, "referred_on": {"$ref": "#/components/schemas/Date"}}
  },
  "OmbudsmanDetermination": {
    "type": "object", "required": ["action", "outcome"],
    "description": "409 no-referral, already-determined.",
    "properties": {
      "action": {"type": "string", "enum": ["ombudsman_determination"]}, "at": {"$ref": "#/components/schemas/At"},
      "outcome": {"$ref": "#/components/schemas/OmbudsmanOutcome"},
      "findings": {"type": "array", "maxItems": 100, "items": {"type": "object", "required": ["summary", "outcome"], "properties": {"summary": {"type": "string"}, "outcome": {"$ref": "#/components/schemas/OmbudsmanOutcome"}}}},
      "compensation": {"type": "number", "minimum": 0, "description": "Pounds ordered"},
      "determined_on": {"$ref": "#/components/schemas/Date"}}
  },
  "OmbudsmanOrder": {
    "type": "object", "required": ["action", "order", "due"],
    "description": "Its due date is a clock, ombudsman.order.N. 409 no-determination, no-fault-found.",
    "properties": {
      "action": {"type": "string", "enum": ["ombudsman_order"]}, "at": {"$ref": "#/components/schemas/At"},
      "order": {"type": "string"}, "due": {"$ref": "#/components/schemas/Date"}}
  },
  "CompleteOmbudsmanOrder": {
    "type": "object", "required": ["action", "order"],
    "description": "409 unknown-order, already-completed.",
    "properties": {
      "action": {"type": "string", "enum": ["complete_ombudsman_order"]}, "at": {"$ref": "#/components/schemas/At"},
      "order": {"type": "integer", "minimum": 1}, "completed_on": {"$ref": "#/components/schemas/Date"},
      "evidence": {"type": "string"}}
  },
  "OmbudsmanChfo": {
    "type": "object", "required": ["action", "provision", "order", "comply_by"],
    "description": "A Complaint Handling Failure Order the Ombudsman issued against the landlord on this complaint (a finding of non-compliance with the Code, counted in the annual report). Its comply_by date is a clock, chfo.N. 409 not-a-complaint, no-referral (record ombudsman_referral first), too-many; 422 issued_on future or before-previous-event (the referral), comply_by not-later (before issued_on).",
    "properties": {
      "action": {"type": "string", "enum": ["ombudsman_chfo"]}, "at": {"$ref": "#/components/schemas/At"},
      "issued_on": {"$ref": "#/components/schemas/Date"},
      "provision": {"type": "string", "maxLength": 200, "description": "The Code provision failed, e.g. \"Code 6.2\""},
      "order": {"type": "string", "maxLength": 10000, "description": "What the landlord must do"},
      "comply_by": {"$ref": "#/components/schemas/Date"}}
  },
  "CompleteOmbudsmanChfo": {
    "type": "object", "required": ["action", "chfo"],
    "description": "Compliance with a Complaint Handling Failure Order: its clock chfo.N is met when completed_on is on or before comply_by. 409 unknown-chfo, already-completed (field chfo); 422 completed_on future or before-previous-event.",
    "properties": {
      "action": {"type": "string", "enum": ["complete_ombudsman_chfo"]}, "at": {"$ref": "#/components/schemas/At"},
      "chfo": {"type": "integer", "minimum": 1}, "completed_on": {"$ref": "#/components/schemas/Date"},
      "evidence": {"type": "string", "maxLength": 10000}}
  },
  "ShareAttachment": {
    "type": "object", "required": ["action", "name"],
    "description": "A document attached to the case (an attachment_added event on its timeline) shared with the resident, who lists and downloads it from their portal case page; shared false stops sharing. Staff only; finished cases too. 409 unknown-attachment (field name), unchanged (field shared).",
    "properties": {
      "action": {"type": "string", "enum": ["share_attachment"]}, "at": {"$ref": "#/components/schemas/At"},
      "name": {"type": "string", "maxLength": 200}, "shared": {"type": "boolean", "default": true}}
  },
  "CompleteOutstandingAction": {
    "type": "object", "required": ["action", "number", "evidence"],
    "description": "An outstanding action of a response done (Code 6.6), after closure too; its clock action.N is met when completed_on is on or before its due date. 409 unknown-outstanding-action, already-completed; completed_on after the day it is recorded: 422 future.",
    "properties": {
      "action": {"type": "string", "enum": ["complete_outstanding_action"]}, "at": {"$ref": "#/components/schemas/At"},
      "number": {"type": "integer", "minimum": 1, "description": "The action's number across the case (stage 1's first)"},
      "completed_on": {"$ref": "#/components/schemas/Date"}, "evidence": {"type": "string", "maxLength": 10000}}
  },
  "CompleteRemedy": {
    "type": "object", "required": ["action", "number", "evidence"],
    "description": "A remedy followed through (Code 7.3), after closure too; a remedy with a due date has the clock remedy.N. A financial remedy records paid_on (default completed_on); paid_on on any other remedy: 422 financial-only. 409 unknown-remedy, already-completed.",
    "properties": {
      "action": {"type": "string", "enum": ["complete_remedy"]}, "at": {"$ref": "#/components/schemas/At"},
      "number": {"type": "integer", "minimum": 1, "description": "The remedy's number across the case (stage 1's first)"},
      "completed_on": {"$ref": "#/components/schemas/Date"}, "paid_on": {"$ref": "#/components/schemas/Date"},
      "evidence": {"type": "string", "maxLength": 10000}}
  },
  "AgreeUpdates": {
    "type": "object", "required": ["action", "every_working_days"],
    "description": "Complaints: how often the resident will be updated (Code 5.9). Each update due is a clock, update.N, met by log_update on or before it. 0 ends the agreement. 409 not-a-complaint.",
    "properties": {
      "action": {"type": "string", "enum": ["agree_updates"]}, "at": {"$ref": "#/components/schemas/At"},
      "every_working_days": {"type": "integer", "minimum": 0, "maximum": 60},
      "agreed_on": {"$ref": "#/components/schemas/Date"}}
  },
  "LogUpdate": {
    "type": "object", "required": ["action", "text"],
    "description": "An update given to the resident (a contact); it meets the update clock due.",
    "properties": {
      "action": {"type": "string", "enum": ["log_update"]}, "at": {"$ref": "#/components/schemas/At"},
      "text": {"type": "string", "maxLength": 10000}, "channel": {"$ref": "#/components/schemas/Channel"},
      "given_on": {"$ref": "#/components/schemas/Date"}}
  },
  "OmbudsmanOutcome": {"type": "string", "enum": ["severe_maladministration", "maladministration", "service_failure", "reasonable_redress", "no_maladministration", "outside_jurisdiction", "withdrawn"]}
})json";

constexpr const char* kPaths = R"json({
  "/api/v1/learning-actions": {
    "get": {
      "tags": ["learning"], "operationId": "learningActionPlan",
      "summary": "The quarterly learning action plans per service area",
      "parameters": [
        {"name": "period", "in": "query", "required": true, "schema": {"type": "string"}, "example": "2025-26"},
        {"name": "service_area", "in": "query", "schema": {"type": "string"}}],
      "responses": {
        "200": {"description": "Per quarter, per service area, the actions due in it and those carried over", "content": {"application/json": {"schema": {"type": "object"}}}},
        "401": {"description": "Not signed in"}, "403": {"description": "The role may not see reports"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  },
  "/api/v1/public/you-said-we-did": {
    "get": {
      "tags": ["learning"], "operationId": "youSaidWeDid", "security": [],
      "summary": "Public: what residents said and what the landlord did (no sign-in, no personal data)",
      "responses": {"200": {"description": "The published improvements, newest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {"service_area": {"type": "string"}, "you_said": {"type": "string"}, "we_did": {"type": "string"}, "month": {"type": "string"}}}}}}}}}}
    }
  }
})json";

}  // namespace

void addLearningOpenApi(nlohmann::json& doc) {
  auto schemas = nlohmann::json::parse(kSchemas);
  auto& components = doc["components"]["schemas"];
  auto& action = components["Action"];
  for (const auto& [name, schema] : schemas.items()) {
    components[name] = schema;
    if (name == "OmbudsmanOutcome") continue;
    const std::string ref = "#/components/schemas/" + name;
    action["oneOf"].push_back({{"$ref", ref}});
    const auto slug = schema["properties"]["action"]["enum"][0].get<std::string>();
    action["discriminator"]["mapping"][slug] = ref;
  }
  const auto paths = nlohmann::json::parse(kPaths);  // kept alive: items() only views it
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "learning"},
                         {"description", "Learning actions, service improvements and the Ombudsman"}});
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() +
            ", learning_action, complete_learning_action, ombudsman_referral, "
            "ombudsman_determination, ombudsman_order, complete_ombudsman_order, ombudsman_chfo, "
            "complete_ombudsman_chfo, share_attachment, "
            "complete_outstanding_action, complete_remedy, agree_updates, log_update";
}

}  // namespace charter::api
