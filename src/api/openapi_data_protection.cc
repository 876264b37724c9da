// The OpenAPI document's subject access and data breach parts (docs/lifecycle.md "Subject
// access requests and data breaches"): the two kinds, pause_clock and resume_clock, the
// respond fields of those kinds, and the paused clock with its latest_due.
#include <nlohmann/json.hpp>

#include "api/openapi_reports.h"

namespace charter::api {
namespace {

using nlohmann::json;

constexpr const char* kActions = R"json({
  "PauseClock": {
    "type": "object", "required": ["action", "reason"],
    "description": "Stops a pausable clock (sar.respond) while the landlord waits for the requester: 409 not-pausable when none applies, 409 already-paused, 409 clock-stopped when met. Data-protection permission.",
    "properties": {"action": {"type": "string", "enum": ["pause_clock"]}, "at": {"$ref": "#/components/schemas/At"},
      "reason": {"type": "string", "enum": ["identity", "clarification"]},
      "note": {"type": "string"}, "clock": {"type": "string", "example": "sar.respond"}}
  },
  "ResumeClock": {
    "type": "object", "required": ["action"],
    "description": "Starts the paused clock again (409 not-paused): after identity, a whole new period from this day; after clarification, the due date moves by the days paused.",
    "properties": {"action": {"type": "string", "enum": ["resume_clock"]}, "at": {"$ref": "#/components/schemas/At"},
      "clock": {"type": "string", "example": "sar.respond"}}
  }
})json";

}  // namespace

void addDataProtectionOpenApi(json& doc) {
  auto& schemas = doc["components"]["schemas"];
  const json actions = json::parse(kActions);
  for (const auto& [name, schema] : actions.items()) schemas[name] = schema;
  auto& action = schemas["Action"];
  for (const auto& [slug, name] : {std::pair{"pause_clock", "PauseClock"}, {"resume_clock", "ResumeClock"}}) {
    const std::string ref = std::string("#/components/schemas/") + name;
    action["oneOf"].push_back({{"$ref", ref}});
    action["discriminator"]["mapping"][slug] = ref;
  }
  for (const char* k : {"subject_access_request", "data_breach"}) schemas["Kind"]["enum"].push_back(k);
  auto& respond = schemas["Respond"]["properties"];
  respond["export_person_ref"] = json::parse(R"json({"type": "string", "maxLength": 200, "description": "Subject access requests: whose subject-access export was given (default the case's person.account; 422 required when neither)"})json");
  respond["ico_decision"] = json::parse(R"json({"type": "string", "enum": ["reported", "not_reportable"], "description": "Data breaches: required"})json");
  respond["reason"] = json::parse(R"json({"type": "string", "description": "Data breaches: why it is not reportable (required then)"})json");
  auto& clock = schemas["Clock"]["properties"];
  clock["status"]["enum"].push_back("paused");
  clock["latest_due"] = json::parse(R"json({"type": "string", "format": "date", "nullable": true, "description": "Clocks with a legal cap in months: the latest due date an extension may set (409 extension-beyond-law after it)"})json");
  auto& events = schemas["Event"]["properties"]["type"]["enum"];
  for (const char* t : {"clock_paused", "clock_resumed"}) events.push_back(t);
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() + ", pause_clock, resume_clock";
}

}  // namespace charter::api
