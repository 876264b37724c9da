// A person's contact preference in the OpenAPI document (domain/contact_preferences.h): the
// change_contact_preference case action, and the Event type it adds.
#include <nlohmann/json.hpp>

#include "api/openapi_reports.h"

namespace charter::api {
namespace {

constexpr const char* kChange = R"json({
  "type": "object", "required": ["action"],
  "description": "How the person wants to hear from us (Code 5.10), on any case, finished ones too; staff who log contacts, and a resident on their own case. Replaces the whole preference (a field left out is cleared) and is shown in the timeline. Letters then default to its channel and format. 422 naming the field on a channel or format not in the list, a malformed date, or a review_date before the day of the change (rule range).",
  "properties": {
    "action": {"type": "string", "enum": ["change_contact_preference"]}, "at": {"$ref": "#/components/schemas/At"},
    "channel": {"type": "string", "enum": ["letter", "email", "sms", "phone", "portal"]},
    "format": {"type": "string", "enum": ["standard", "large_print", "braille", "audio", "easy_read"]},
    "language": {"type": "string", "maxLength": 35, "description": "As given: cy, Polish, ..."},
    "needs_interpreter": {"type": "boolean", "default": false},
    "review_date": {"$ref": "#/components/schemas/Date"},
    "reason": {"type": "string", "maxLength": 10000}}
})json";

}  // namespace

void addContactPreferenceOpenApi(nlohmann::json& doc) {
  auto& components = doc["components"]["schemas"];
  components["ChangeContactPreference"] = nlohmann::json::parse(kChange);
  auto& action = components["Action"];
  action["oneOf"].push_back({{"$ref", "#/components/schemas/ChangeContactPreference"}});
  action["discriminator"]["mapping"]["change_contact_preference"] =
      "#/components/schemas/ChangeContactPreference";
  components["Event"]["properties"]["type"]["enum"].push_back("contact_preference_changed");
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() + ", change_contact_preference";
}

}  // namespace charter::api
