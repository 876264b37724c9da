// The self-assessment part of the OpenAPI document (api/self_assessment_api.h).
#include "api/self_assessment_api.h"

namespace charter::api {
namespace {

constexpr const char* kSchemas = R"json({
  "SelfAssessmentRow": {"type": "object", "properties": {
    "section": {"type": "string"}, "provision": {"type": "string", "example": "6.2"},
    "requirement": {"type": "string"},
    "status": {"type": "string", "enum": ["met", "not_met", "to_complete"]},
    "decided_by": {"type": "string", "enum": ["data", "landlord", ""]},
    "comply": {"type": "string", "enum": ["Yes", "No", ""]},
    "figure": {"type": "string", "example": "46 of 50 (92.0%)"},
    "evidence": {"type": "string"},
    "link": {"type": "string", "description": "The staff page listing the cases behind the figure"},
    "answer": {"type": "string", "enum": ["yes", "no", ""]}, "commentary": {"type": "string"}}},
  "SelfAssessment": {"type": "object", "properties": {
    "year": {"type": "string", "example": "2025-26"}, "period_name": {"type": "string"},
    "landlord_name": {"type": "string"},
    "status": {"type": "string", "enum": ["draft", "reviewed", "published"]},
    "due": {"type": "string", "format": "date", "description": "Due with the annual report: 30 June after the year ends"},
    "published_at": {"type": "string", "format": "date-time", "nullable": true},
    "published_by": {"type": "string"},
    "review": {"type": "object", "nullable": true, "properties": {
      "reviewed_on": {"type": "string", "format": "date"}, "reviewed_by": {"type": "string"},
      "response": {"type": "string"}, "recorded_by": {"type": "string"}}},
    "counts": {"type": "object", "properties": {"met": {"type": "integer"}, "not_met": {"type": "integer"}, "to_complete": {"type": "integer"}}},
    "figures": {"type": "object", "additionalProperties": {"type": "integer"}},
    "rows": {"type": "array", "items": {"$ref": "#/components/schemas/SelfAssessmentRow"}}}},
  "SelfAssessmentAnswers": {"type": "object", "required": ["answers"], "properties": {
    "answers": {"type": "array", "items": {"type": "object", "required": ["provision"], "additionalProperties": false, "properties": {
      "provision": {"type": "string"}, "answer": {"type": "string", "enum": ["yes", "no", ""]},
      "commentary": {"type": "string", "maxLength": 4000}}}}}},
  "SelfAssessmentReview": {"type": "object", "required": ["reviewed_on", "reviewed_by", "response"], "properties": {
    "reviewed_on": {"type": "string", "format": "date"}, "reviewed_by": {"type": "string"},
    "response": {"type": "string", "maxLength": 8000}}}
})json";

constexpr const char* kPaths = R"json({
  "/api/v1/self-assessments/{year}": {
    "parameters": [{"$ref": "#/components/parameters/Year"}],
    "get": {
      "tags": ["self-assessment"], "operationId": "getSelfAssessment",
      "summary": "The year's self-assessment against the Code: live figures for a draft, frozen once published",
      "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "pdf"], "default": "json"}}],
      "responses": {
        "200": {"description": "The self-assessment", "content": {
          "application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessment"}},
          "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        "403": {"description": "The role may not view reports", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    },
    "put": {
      "tags": ["self-assessment"], "operationId": "saveSelfAssessmentAnswers",
      "summary": "Merge the complaints team's answers and commentary (by provision); clears a recorded review",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessmentAnswers"}}}},
      "responses": {
        "200": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessment"}}}},
        "403": {"description": "Not the complaints team", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "409": {"description": "published: the year is published and frozen", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/self-assessments/{year}/review": {
    "parameters": [{"$ref": "#/components/parameters/Year"}],
    "put": {
      "tags": ["self-assessment"], "operationId": "recordSelfAssessmentReview",
      "summary": "Record the governing body's review and response (Code 8.2)",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessmentReview"}}}},
      "responses": {
        "200": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessment"}}}},
        "403": {"description": "Neither the complaints team nor governance", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "409": {"description": "published", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/self-assessments/{year}/publish": {
    "parameters": [{"$ref": "#/components/parameters/Year"}],
    "post": {
      "tags": ["self-assessment"], "operationId": "publishSelfAssessment",
      "summary": "Freeze the year's rows and figures and publish them on the public site",
      "responses": {
        "200": {"description": "Published", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessment"}}}},
        "403": {"description": "Not the complaints team", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "409": {"description": "code-8.2 (no governing body review), incomplete (rows to complete) or published", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/public/self-assessments/{year}": {
    "parameters": [{"$ref": "#/components/parameters/Year"}],
    "get": {
      "tags": ["self-assessment"], "operationId": "publicSelfAssessment", "security": [],
      "summary": "Public: a published self-assessment, as frozen when published",
      "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "pdf"], "default": "json"}}],
      "responses": {
        "200": {"description": "The published self-assessment", "content": {
          "application/json": {"schema": {"$ref": "#/components/schemas/SelfAssessment"}},
          "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        "404": {"description": "Not published", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  }
})json";

}  // namespace

void addSelfAssessmentOpenApi(nlohmann::json& doc) {
  const auto schemas = nlohmann::json::parse(kSchemas);
  for (const auto& [name, schema] : schemas.items()) doc["components"]["schemas"][name] = schema;
  doc["components"]["parameters"]["Year"] = {
      {"name", "year"}, {"in", "path"}, {"required", true},
      {"description", "A financial year"}, {"schema", {{"type", "string"}}}, {"example", "2025-26"}};
  const auto paths = nlohmann::json::parse(kPaths);  // kept alive: items() only views it
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  doc["tags"].push_back({{"name", "self-assessment"},
                         {"description", "The annual self-assessment against the Complaint Handling Code"}});
}

}  // namespace charter::api
