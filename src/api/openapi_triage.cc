// The OpenAPI document's triage and Code 6.13 parts: the assign action, the owner and
// unassigned list filters, and the case's owner, tenure and each stage's acknowledged_by and
// responded_by (docs/lifecycle.md).
#include <nlohmann/json.hpp>

namespace charter::api {

void addTriageOpenApi(nlohmann::json& doc) {
  using nlohmann::json;
  auto& schemas = doc["components"]["schemas"];
  schemas["Assign"] = json::parse(R"json({
    "type": "object",
    "required": ["action", "owner"],
    "description": "Gives any open case an owner, or moves it to another (an 'assigned' event with who and why). 422 on owner: required, or enum when no active staff account has that username; 422 required on reason when reassigning; 409 already-assigned when the owner would not change; 409 case-finished on a finished case.",
    "properties": {
      "action": {"type": "string", "enum": ["assign"]},
      "at": {"$ref": "#/components/schemas/At"},
      "owner": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The username of an active staff account (front line, investigating or reviewing manager, complaints team)"},
      "reason": {"type": "string", "description": "Why; required when the case already has an owner"}
    }
  })json");
  auto& action = schemas["Action"];
  action["oneOf"].push_back({{"$ref", "#/components/schemas/Assign"}});
  action["discriminator"]["mapping"]["assign"] = "#/components/schemas/Assign";

  auto& list = doc["paths"]["/api/v1/cases"]["get"]["parameters"];
  list.push_back(json::parse(R"json({"name": "owner", "in": "query", "description": "Only cases assigned to this username", "schema": {"type": "string", "minLength": 1, "maxLength": 200}})json"));
  list.push_back(json::parse(R"json({"name": "unassigned", "in": "query", "description": "true: only open cases (not closed, refused or withdrawn) without an owner: the triage queue", "schema": {"type": "boolean"}})json"));

  const json owner = json::parse(R"json({"type": "string", "nullable": true, "description": "Who has the case (a username); null until assigned"})json");
  schemas["Case"]["properties"]["owner"] = owner;
  schemas["Case"]["properties"]["tenure"] = json::parse(R"json({"type": "string", "nullable": true, "enum": ["social_rent", "shared_ownership", "leasehold", "other", null]})json");
  schemas["CaseSummary"]["properties"]["owner"] = owner;
  auto& stage = schemas["Stage"]["properties"];
  stage["acknowledged_by"] = json::parse(R"json({"type": "string", "nullable": true, "description": "The account (username or token name) that acknowledged this stage; at stage 2 it may not be an account that acknowledged or responded at stage 1 (409 code-6.13)"})json");
  stage["responded_by"] = json::parse(R"json({"type": "string", "nullable": true, "description": "The account that sent this stage's response; at stage 2 not one that acknowledged or responded at stage 1 (409 code-6.13)"})json");
  schemas["ConvertToComplaint"]["properties"]["tenure"] = json::parse(R"json({"type": "string", "enum": ["social_rent", "shared_ownership", "leasehold", "other"], "description": "The household's tenure; default the source case's"})json");
  auto& events = schemas["Event"]["properties"]["type"]["enum"];
  events.push_back("assigned");
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() + ", assign";
}

}  // namespace charter::api
