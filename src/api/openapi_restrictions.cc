// The OpenAPI description of contact warnings and restrictions (api/restrictions_api.h) and of
// the offer_complaint action, merged into the document of openapi.cc.
#include "api/restrictions_api.h"

namespace charter::api {
namespace {

constexpr const char* kSchemas = R"json({
  "RestrictionKind": {"type": "string", "enum": ["single_point_of_contact", "written_only", "set_times", "essential_services_only"]},
  "PersonAction": {
    "type": "object", "required": ["action"],
    "description": "warn: a recorded warning about the person's behaviour (fields behaviour, warned_on). impose: a restriction (fields kind, behaviour, starts_on, review_on, immediate, immediate_reason); it needs a warning recorded on or before starts_on unless immediate (violence or threats) with immediate_reason: 409 policy-4.16, field immediate. review_on after starts_on (422 not-later); dates not after today (422 future); other fields 422 unknown. letter_sent: the warning or restriction letter (letter: its number, the letter.number of the warning or restriction) was sent to the person (fields letter, channel, sent_on); 409 unknown-letter (field letter), already-sent; sent_on before the warning or the restriction's start: 422 before-previous-event.",
    "properties": {
      "action": {"type": "string", "enum": ["warn", "impose", "letter_sent"]},
      "behaviour": {"type": "string", "maxLength": 10000, "description": "The behaviour that led to it"},
      "warned_on": {"$ref": "#/components/schemas/Date"},
      "kind": {"$ref": "#/components/schemas/RestrictionKind"},
      "starts_on": {"$ref": "#/components/schemas/Date"},
      "review_on": {"$ref": "#/components/schemas/Date"},
      "immediate": {"type": "boolean", "default": false},
      "immediate_reason": {"type": "string", "maxLength": 10000},
      "letter": {"type": "integer", "minimum": 1, "description": "letter_sent: the letter's number"},
      "channel": {"type": "string", "enum": ["post", "email", "by_hand"], "description": "letter_sent: how it was sent"},
      "sent_on": {"$ref": "#/components/schemas/Date"}}
  },
  "PersonLetter": {
    "type": "object", "description": "The letter of a warning or restriction (GET /staff/people/{ref}/restrictions/letters/{number} shows it); sent_on and channel null until its sending is recorded (letter_sent).",
    "properties": {"number": {"type": "integer"}, "sent_on": {"type": "string", "format": "date", "nullable": true}, "channel": {"type": "string", "nullable": true}}
  },
  "RestrictionAction": {
    "type": "object", "required": ["action"],
    "description": "review: the restriction stays, with reasons, until the next review_on (after reviewed_on: 422 not-later). lift: it ends (reason required). Both meet the review clock. 409 unknown-restriction (field number), already-lifted.",
    "properties": {
      "action": {"type": "string", "enum": ["review", "lift"]},
      "reasons": {"type": "string", "maxLength": 10000}, "reviewed_on": {"$ref": "#/components/schemas/Date"},
      "review_on": {"$ref": "#/components/schemas/Date"},
      "reason": {"type": "string", "maxLength": 10000}, "lifted_on": {"$ref": "#/components/schemas/Date"}}
  },
  "PersonRestrictions": {
    "type": "object",
    "properties": {
      "person_ref": {"type": "string"}, "restricted": {"type": "boolean", "description": "A restriction is in force"},
      "warnings": {"type": "array", "items": {"type": "object", "properties": {"number": {"type": "integer"}, "behaviour": {"type": "string"}, "warned_on": {"$ref": "#/components/schemas/Date"}, "given_by": {"type": "string"}, "letter": {"$ref": "#/components/schemas/PersonLetter"}}}},
      "restrictions": {"type": "array", "items": {"type": "object", "properties": {
        "number": {"type": "integer"}, "kind": {"$ref": "#/components/schemas/RestrictionKind"}, "kind_title": {"type": "string"},
        "status": {"type": "string", "enum": ["active", "lifted"]}, "behaviour": {"type": "string"},
        "decided_by": {"type": "string", "description": "The account that imposed it"},
        "starts_on": {"$ref": "#/components/schemas/Date"}, "review_on": {"$ref": "#/components/schemas/Date"},
        "immediate": {"type": "boolean"}, "immediate_reason": {"type": "string"},
        "reviews": {"type": "array", "items": {"type": "object"}},
        "lifted_on": {"type": "string", "format": "date", "nullable": true}, "lift_reason": {"type": "string"}, "letter": {"$ref": "#/components/schemas/PersonLetter"}}}},
      "clocks": {"type": "array", "description": "Each review due: restriction.N.review.K", "items": {"type": "object"}}}
  }
})json";

constexpr const char* kOfferComplaint = R"json({
  "type": "object", "required": ["action", "choice"],
  "description": "Service requests (409 not-a-service-request), finished ones too: the resident was offered the choice to complain (Code 1.3) and what they chose. complain raises the complaint in the same transaction, as convert_to_complaint, and answers it.",
  "properties": {
    "action": {"type": "string", "enum": ["offer_complaint"]}, "at": {"$ref": "#/components/schemas/At"},
    "choice": {"type": "string", "enum": ["complain", "not_now", "declined"]},
    "note": {"type": "string", "maxLength": 10000}}
})json";

constexpr const char* kPaths = R"json({
  "/api/v1/people/{ref}/restrictions": {
    "get": {
      "tags": ["restrictions"], "operationId": "personRestrictions",
      "summary": "A person's contact warnings and restrictions, with their review clocks (staff only)",
      "parameters": [{"$ref": "#/components/parameters/PersonRef"}],
      "responses": {
        "200": {"description": "The person's restrictions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PersonRestrictions"}}}},
        "403": {"description": "The role may not see restrictions"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    },
    "post": {
      "tags": ["restrictions"], "operationId": "warnOrRestrict",
      "summary": "Record a warning to the person, or impose a restriction",
      "parameters": [{"$ref": "#/components/parameters/PersonRef"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PersonAction"}}}},
      "responses": {
        "201": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PersonRestrictions"}}}},
        "403": {"description": "The role may not record restrictions"},
        "409": {"$ref": "#/components/responses/Conflict"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  },
  "/api/v1/people/{ref}/restrictions/{number}/actions": {
    "post": {
      "tags": ["restrictions"], "operationId": "reviewOrLiftRestriction",
      "summary": "Review (extend) or lift a restriction",
      "parameters": [{"$ref": "#/components/parameters/PersonRef"},
        {"name": "number", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RestrictionAction"}}}},
      "responses": {
        "200": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PersonRestrictions"}}}},
        "403": {"description": "The role may not record restrictions"},
        "409": {"$ref": "#/components/responses/Conflict"},
        "422": {"$ref": "#/components/responses/Invalid"}}
    }
  }
})json";

}  // namespace

void addRestrictionsOpenApi(nlohmann::json& doc) {
  auto schemas = nlohmann::json::parse(kSchemas);
  for (const auto& [name, schema] : schemas.items()) doc["components"]["schemas"][name] = schema;
  auto& components = doc["components"]["schemas"];
  components["OfferComplaint"] = nlohmann::json::parse(kOfferComplaint);
  auto& action = components["Action"];
  action["oneOf"].push_back({{"$ref", "#/components/schemas/OfferComplaint"}});
  action["discriminator"]["mapping"]["offer_complaint"] = "#/components/schemas/OfferComplaint";
  const auto paths = nlohmann::json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "restrictions"},
                         {"description", "Contact warnings and restrictions on a person (001 §4.16)"}});
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() + ", offer_complaint";
}

}  // namespace charter::api
