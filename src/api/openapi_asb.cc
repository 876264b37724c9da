// The OpenAPI document's anti-social behaviour parts (docs/lifecycle.md "Anti-social
// behaviour"): the asb_report fields of a new case, the contact, action-plan and review
// actions, the close fields of an asb_report, and the case's "asb".
#include <nlohmann/json.hpp>

#include "api/openapi_reports.h"

namespace charter::api {
namespace {

using nlohmann::json;

constexpr const char* kSchemas = R"json({
  "ContactReporter": {
    "type": "object", "required": ["action"],
    "description": "Anti-social behaviour reports only (409 not-an-asb-report): the first contact with the reporter, at `at`; stops the level's contact clock (milestone asb.contacted). 409 already-contacted.",
    "properties": {"action": {"type": "string", "enum": ["contact_reporter"]}, "at": {"$ref": "#/components/schemas/At"}, "notes": {"type": "string"}}
  },
  "AgreeActionPlan": {
    "type": "object", "required": ["action", "plan", "review_on"],
    "description": "The action plan agreed with the reporter; stops the level's plan clock (milestone asb.plan_agreed). 409 not-contacted before the first contact; 409 plan-agreed when one exists (review it instead); 422 not-after when review_on is not after the day recorded.",
    "properties": {"action": {"type": "string", "enum": ["agree_action_plan"]}, "at": {"$ref": "#/components/schemas/At"},
      "plan": {"type": "string", "minLength": 1}, "review_on": {"$ref": "#/components/schemas/Date"}}
  },
  "ReviewActionPlan": {
    "type": "object", "required": ["action", "notes"],
    "description": "A review of the action plan (409 no-action-plan before one is agreed), with the next review date (422 not-after when not after the day recorded).",
    "properties": {"action": {"type": "string", "enum": ["review_action_plan"]}, "at": {"$ref": "#/components/schemas/At"},
      "notes": {"type": "string", "minLength": 1}, "next_review_on": {"$ref": "#/components/schemas/Date"}}
  },
  "Asb": {
    "type": "object",
    "properties": {
      "level": {"type": "string", "nullable": true, "description": "The case's category: one of the policy's ASB levels"},
      "party_ref": {"type": "string", "nullable": true},
      "hate_incident": {"type": "boolean"},
      "contacted_at": {"type": "string", "format": "date-time", "nullable": true},
      "plan": {"type": "string", "nullable": true},
      "plan_agreed_at": {"type": "string", "format": "date-time", "nullable": true},
      "next_review_on": {"type": "string", "format": "date", "nullable": true},
      "reviews": {"type": "array", "items": {"type": "object", "properties": {
        "reviewed_at": {"type": "string", "format": "date-time"}, "notes": {"type": "string"},
        "next_review_on": {"type": "string", "format": "date", "nullable": true}}}},
      "closed_at": {"type": "string", "format": "date-time", "nullable": true},
      "outcome": {"type": "string", "nullable": true, "enum": ["resolved", "no_further_action", "referred_to_partner", null]},
      "satisfaction": {"type": "string", "nullable": true, "enum": ["satisfied", "dissatisfied", "not_asked", null]}
    }
  }
})json";

}  // namespace

void addAsbOpenApi(json& doc) {
  auto& schemas = doc["components"]["schemas"];
  const json added = json::parse(kSchemas);
  for (const auto& [name, schema] : added.items()) schemas[name] = schema;
  auto& action = schemas["Action"];
  for (const auto& [slug, name] : {std::pair{"contact_reporter", "ContactReporter"},
                                   {"agree_action_plan", "AgreeActionPlan"},
                                   {"review_action_plan", "ReviewActionPlan"}}) {
    const std::string ref = std::string("#/components/schemas/") + name;
    action["oneOf"].push_back({{"$ref", ref}});
    action["discriminator"]["mapping"][slug] = ref;
  }
  auto& fresh = schemas["NewCase"]["properties"];
  fresh["category"]["description"] = "A service request's repair priority (its repair clock) or an anti-social behaviour report's level (required then when the policy defines levels; 422 required): one of the policy's categories for the kind (422 enum); other kinds 422 service-request-only";
  fresh["party_ref"] = json::parse(R"json({"type": "string", "maxLength": 200, "description": "Anti-social behaviour reports only (422 asb-report-only): who the report is about; reports about the same party while its case is open are one NM01 case"})json");
  fresh["hate_incident"] = json::parse(R"json({"type": "boolean", "description": "Anti-social behaviour reports only (422 asb-report-only): the report involves a hate incident (NM01-2)"})json");
  auto& close = schemas["Close"];
  close["description"] = "Closes the case. An anti-social behaviour report needs outcome and satisfaction (422 required, enum) and its first contact (409 not-contacted); other kinds refuse them (422 asb-report-only).";
  close["properties"]["outcome"] = json::parse(R"json({"type": "string", "enum": ["resolved", "no_further_action", "referred_to_partner"]})json");
  close["properties"]["satisfaction"] = json::parse(R"json({"type": "string", "enum": ["satisfied", "dissatisfied", "not_asked"], "description": "The reporter's satisfaction with how the case was handled, asked at closure"})json");
  schemas["Case"]["properties"]["asb"] = json::parse(R"json({"allOf": [{"$ref": "#/components/schemas/Asb"}], "nullable": true, "description": "Anti-social behaviour reports; null otherwise"})json");
  auto& events = schemas["Event"]["properties"]["type"]["enum"];
  for (const char* t : {"asb_contact_made", "asb_plan_agreed", "asb_plan_reviewed"}) {
    events.push_back(t);
  }
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() + ", contact_reporter, agree_action_plan, review_action_plan";
}

}  // namespace charter::api
