#include "api/openapi_reports.h"

namespace charter::api {
namespace {

constexpr const char* kReportSchemas = R"json({
  "Measure": {
    "type": "object",
    "required": ["code", "title", "value"],
    "properties": {
      "code": {"type": "string", "example": "CH01-1"},
      "title": {"type": "string"},
      "value": {"type": "number", "nullable": true, "description": "As published: 1 decimal place, half up; null when there is nothing to measure"},
      "numerator": {"type": "number"},
      "denominator": {"type": "number"},
      "target": {"type": "number", "nullable": true},
      "met": {"type": "boolean", "nullable": true, "description": "null without a value or a target"},
      "unit": {"type": "string"},
      "tenure": {"type": "string"},
      "higher_is_better": {"type": "boolean"},
      "note": {"type": "string"}
    }
  },
  "PublicMeasure": {
    "type": "object",
    "properties": {
      "code": {"type": "string"}, "title": {"type": "string"},
      "value": {"type": "number", "nullable": true}, "unit": {"type": "string"},
      "tenure": {"type": "string"}, "target": {"type": "number", "nullable": true},
      "met": {"type": "boolean", "nullable": true}
    }
  },
  "Commitment": {
    "type": "object",
    "description": "One entry of the policy's commitments register: measured by the standards (clocks) and measures measured_by names, or not measured for the reason not_measured gives (exactly one of the two is non-empty)",
    "required": ["text", "source", "measured_by", "not_measured"],
    "properties": {
      "text": {"type": "string"}, "source": {"type": "string"},
      "measured_by": {"type": "array", "items": {"type": "string"}, "description": "Standard ids and measure codes of the policy"},
      "not_measured": {"type": "string", "description": "Why it is not measured; empty when measured_by is not"}
    }
  },
  "Breakdown": {"type": "object", "properties": {"key": {"type": "string"}, "count": {"type": "integer"}}},
  "AnnualReport": {
    "type": "object",
    "required": ["period", "volumes", "outcomes", "measures", "self_assessment"],
    "properties": {
      "period": {"type": "string"},
      "volumes": {"type": "object", "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/Breakdown"}}, "description": "by_kind, by_service_area, by_theme, by_channel"},
      "outcomes": {"type": "object", "description": "Stage 1 and 2 received and responded, elements upheld, overturned, extensions, remedies, compensation, refusals"},
      "measures": {"type": "array", "items": {"$ref": "#/components/schemas/Measure"}},
      "self_assessment": {"type": "array", "items": {"type": "object", "properties": {"section": {"type": "string"}, "provision": {"type": "string"}, "requirement": {"type": "string"}, "comply": {"type": "string"}, "evidence": {"type": "string"}, "commentary": {"type": "string"}}}},
      "learning": {"type": "object", "description": "Learning actions raised, completed (on time), overdue, published"},
      "ombudsman": {"type": "object", "description": "Referrals, determinations by outcome, orders made, due and met; Complaint Handling Failure Orders issued (chfos_issued: the findings of non-compliance), due, complied with on time and overdue"}
    }
  }
})json";

constexpr const char* kReportPaths = R"json({
  "/api/v1/measures": {
    "get": {
      "tags": ["reports"], "operationId": "measures",
      "summary": "Every measure for a period, as JSON, CSV, XLSX or the TSM annual return (CSV)",
      "parameters": [
        {"$ref": "#/components/parameters/Period"},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx", "tsm"], "default": "json"}}],
      "responses": {
        "200": {"description": "The measures", "content": {
          "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Measure"}}},
          "text/csv": {"schema": {"type": "string"}},
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
        "409": {"description": "format=tsm: the TSM return is not complete (the error names the first item missing)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/measures/{code}/trend": {
    "get": {
      "tags": ["reports"], "operationId": "measureTrend",
      "summary": "A measure's published value over the n periods ending with the one given",
      "parameters": [
        {"name": "code", "in": "path", "required": true, "schema": {"type": "string"}, "example": "CH01-1"},
        {"$ref": "#/components/parameters/Period"},
        {"name": "n", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 24, "default": 5}}],
      "responses": {
        "200": {"description": "Oldest first", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {"period": {"type": "string"}, "value": {"type": "number", "nullable": true}}}}}}},
        "404": {"description": "No such measure", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/reports/annual": {
    "get": {
      "tags": ["reports"], "operationId": "annualReport",
      "summary": "The annual complaints performance and service improvement report",
      "parameters": [
        {"$ref": "#/components/parameters/Period"},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "xlsx", "pdf"], "default": "json"}}],
      "responses": {
        "200": {"description": "The report", "content": {
          "application/json": {"schema": {"$ref": "#/components/schemas/AnnualReport"}},
          "text/csv": {"schema": {"type": "string"}},
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
          "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/public/summary": {
    "get": {
      "tags": ["reports"], "operationId": "publicSummary", "security": [],
      "summary": "Public: the published measures (value, target, met) of the last complete financial year, and the commitments register",
      "responses": {
        "200": {"description": "The summary", "content": {"application/json": {"schema": {"type": "object", "properties": {"period": {"type": "string"}, "measures": {"type": "array", "items": {"$ref": "#/components/schemas/PublicMeasure"}}, "commitments": {"type": "array", "description": "The commitments register, in the policy's order (empty when the policy has none)", "items": {"$ref": "#/components/schemas/Commitment"}}}}}}},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  }
})json";

constexpr const char* kPeoplePaths = R"json({
  "/api/v1/people/{ref}/views": {
    "get": {
      "tags": ["data protection"], "operationId": "personViews",
      "summary": "Who read the cases about a person, and why (the view log), newest first",
      "parameters": [
        {"$ref": "#/components/parameters/PersonRef"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}}],
      "responses": {
        "200": {"description": "The views", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "person_ref": {"type": "string"},
          "views": {"type": "array", "items": {"type": "object", "properties": {"case_id": {"type": "integer"}, "reference": {"type": "string"}, "viewer": {"type": "string"}, "viewer_role": {"type": "string"}, "purpose": {"type": "string"}, "at": {"$ref": "#/components/schemas/Instant"}}}}}}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/people/{ref}/subject-access": {
    "get": {
      "tags": ["data protection"], "operationId": "subjectAccess",
      "summary": "Everything held about a person (a subject access request), as JSON or PDF",
      "parameters": [
        {"$ref": "#/components/parameters/PersonRef"},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "pdf"], "default": "json"}}],
      "responses": {
        "200": {"description": "The export", "content": {
          "application/json": {"schema": {"type": "object"}},
          "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        "404": {"description": "Nothing is held about this person", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/people/{ref}/rectification": {
    "post": {
      "tags": ["data protection"], "operationId": "rectification",
      "summary": "Correct a person's details on every case about them, with the reason",
      "parameters": [{"$ref": "#/components/parameters/PersonRef"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["person", "reason"], "properties": {
        "person": {"$ref": "#/components/schemas/Person"},
        "reason": {"type": "string", "minLength": 1, "maxLength": 2000}}}}}},
      "responses": {
        "200": {"description": "Corrected", "content": {"application/json": {"schema": {"type": "object", "properties": {"person_ref": {"type": "string"}, "cases_corrected": {"type": "integer"}}}}}},
        "404": {"description": "Nothing is held about this person", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  }
})json";

void addPaths(nlohmann::json& doc, const char* text) {
  const auto paths = nlohmann::json::parse(text);  // kept alive: items() only views it
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
}

}  // namespace

void addReportsOpenApi(nlohmann::json& doc) {
  const auto schemas = nlohmann::json::parse(kReportSchemas);
  for (const auto& [name, schema] : schemas.items()) doc["components"]["schemas"][name] = schema;
  doc["components"]["parameters"]["Period"] = {
      {"name", "period"}, {"in", "query"}, {"required", true},
      {"description", "A financial year (2025-26), a quarter (2025-26-Q1) or a month (2025-04)"},
      {"schema", {{"type", "string"}}}, {"example", "2025-26"}};
  addPaths(doc, kReportPaths);
  doc["tags"].push_back({{"name", "reports"},
                         {"description", "Measures, the TSM return and the annual report"}});
}

void addPeopleOpenApi(nlohmann::json& doc) {
  doc["components"]["parameters"]["PersonRef"] = {
      {"name", "ref"}, {"in", "path"}, {"required", true},
      {"description", "The landlord's reference for the person (a case's person.account)"},
      {"schema", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}}};
  addPaths(doc, kPeoplePaths);
  doc["tags"].push_back({{"name", "data protection"},
                         {"description", "The view log, subject access and rectification"}});
}

}  // namespace charter::api
