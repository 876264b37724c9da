// The OpenAPI document's repairs, call-backs and compliments parts (docs/lifecycle.md "Repairs,
// call-backs and compliments"): the new case fields, the repair and compliment actions, the
// case's "repair" and "compliment", and /reports/services and /compliments.
#include <nlohmann/json.hpp>

namespace charter::api {

namespace {

using nlohmann::json;

constexpr const char* kActions = R"json({
  "BookAppointment": {
    "type": "object", "required": ["action", "date", "slot"],
    "description": "Service requests only (409 not-a-service-request). 409 appointment-booked while one awaits its outcome; 409 already-completed. 422 before-previous-event when the date is before the report.",
    "properties": {"action": {"type": "string", "enum": ["book_appointment"]}, "at": {"$ref": "#/components/schemas/At"},
      "date": {"$ref": "#/components/schemas/Date"}, "slot": {"$ref": "#/components/schemas/AppointmentSlot"},
      "contractor": {"type": "string", "maxLength": 200}}
  },
  "RearrangeAppointment": {
    "type": "object", "required": ["action", "date", "slot"],
    "description": "Replaces the appointment awaiting its outcome (409 no-appointment) with a new one; the contractor is carried over unless named.",
    "properties": {"action": {"type": "string", "enum": ["rearrange_appointment"]}, "at": {"$ref": "#/components/schemas/At"},
      "date": {"$ref": "#/components/schemas/Date"}, "slot": {"$ref": "#/components/schemas/AppointmentSlot"},
      "contractor": {"type": "string", "maxLength": 200}, "reason": {"type": "string"}}
  },
  "AppointmentKept": {
    "type": "object", "required": ["action"],
    "description": "The appointment awaiting its outcome was kept (409 no-appointment; 409 appointment-not-due before its date).",
    "properties": {"action": {"type": "string", "enum": ["appointment_kept"]}, "at": {"$ref": "#/components/schemas/At"}}
  },
  "AppointmentMissed": {
    "type": "object", "required": ["action"],
    "description": "The appointment awaiting its outcome was missed (409 no-appointment; 409 appointment-not-due before its date).",
    "properties": {"action": {"type": "string", "enum": ["appointment_missed"]}, "at": {"$ref": "#/components/schemas/At"}, "reason": {"type": "string"}}
  },
  "CompleteRepair": {
    "type": "object", "required": ["action"],
    "description": "The repair is done: the category's repair clock stops (milestone responded) at completed_at (default at; 422 future after at, before-previous-event before the report). 409 already-completed.",
    "properties": {"action": {"type": "string", "enum": ["complete_repair"]}, "at": {"$ref": "#/components/schemas/At"}, "completed_at": {"$ref": "#/components/schemas/Instant"}}
  },
  "PostInspect": {
    "type": "object", "required": ["action", "outcome"],
    "description": "A post-inspection of a completed repair (409 not-completed; 409 already-inspected).",
    "properties": {"action": {"type": "string", "enum": ["post_inspect"]}, "at": {"$ref": "#/components/schemas/At"},
      "outcome": {"type": "string", "enum": ["pass", "fail"]}, "notes": {"type": "string"}, "inspected_on": {"$ref": "#/components/schemas/Date"}}
  },
  "ShareCompliment": {
    "type": "object", "required": ["action", "with"],
    "description": "Compliments only (409 not-a-compliment): passed on to the person or team it praises.",
    "properties": {"action": {"type": "string", "enum": ["share_compliment"]}, "at": {"$ref": "#/components/schemas/At"},
      "with": {"type": "string", "minLength": 1, "maxLength": 200}, "shared_on": {"$ref": "#/components/schemas/Date"}}
  },
  "AppointmentSlot": {"type": "string", "enum": ["am", "pm", "all_day"]},
  "Repair": {
    "type": "object",
    "properties": {
      "appointments": {"type": "array", "items": {"type": "object", "properties": {
        "number": {"type": "integer"}, "date": {"$ref": "#/components/schemas/Date"}, "slot": {"$ref": "#/components/schemas/AppointmentSlot"},
        "contractor": {"type": "string", "nullable": true}, "outcome": {"type": "string", "enum": ["booked", "kept", "missed", "rearranged"]},
        "reason": {"type": "string", "nullable": true}}}},
      "contractor": {"type": "string", "nullable": true},
      "completed_at": {"type": "string", "format": "date-time", "nullable": true},
      "inspection": {"type": "object", "nullable": true, "properties": {"outcome": {"type": "string", "enum": ["pass", "fail"]}, "notes": {"type": "string"}, "inspected_on": {"type": "string", "format": "date", "nullable": true}}}
    }
  },
  "Compliment": {
    "type": "object",
    "properties": {
      "about": {"type": "string", "nullable": true},
      "shared": {"type": "array", "items": {"type": "object", "properties": {"with": {"type": "string"}, "shared_on": {"$ref": "#/components/schemas/Date"}, "by": {"type": "string"}}}}
    }
  },
  "ServicesReport": {
    "type": "object",
    "properties": {
      "period": {"type": "string"},
      "repairs_by_category": {"type": "array", "items": {"$ref": "#/components/schemas/RepairsRow"}},
      "repairs_by_contractor": {"type": "array", "items": {"$ref": "#/components/schemas/RepairsRow"}},
      "compliments_by_about": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "received": {"type": "integer"}, "shared": {"type": "integer"}}}}
    }
  },
  "RepairsRow": {"type": "object", "properties": {"key": {"type": "string", "description": "\"\" when not recorded"}, "completed": {"type": "integer"}, "in_time": {"type": "integer"}, "percent": {"type": "number", "nullable": true}}}
})json";

constexpr const char* kPaths = R"json({
  "/api/v1/reports/services": {
    "get": {
      "tags": ["reports"], "operationId": "servicesReport",
      "summary": "Repairs completed in the period in time by category and by contractor; compliments received by whom they praise",
      "parameters": [{"$ref": "#/components/parameters/Period"}],
      "responses": {
        "200": {"description": "The breakdowns", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServicesReport"}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  },
  "/api/v1/compliments": {
    "get": {
      "tags": ["cases"], "operationId": "listCompliments",
      "summary": "Compliments about a person or team, newest first (at most 200); without about, those about the signed-in account (username or display name). Staff only.",
      "parameters": [{"name": "about", "in": "query", "schema": {"type": "string", "minLength": 1, "maxLength": 200}}],
      "responses": {
        "200": {"description": "The compliments", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "about": {"type": "array", "items": {"type": "string"}},
          "compliments": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "reference": {"type": "string"}, "summary": {"type": "string"},
            "received_on": {"$ref": "#/components/schemas/Date"}, "about": {"type": "string"}, "shared": {"type": "integer"}, "href": {"type": "string"}}}}}}}}},
        "422": {"$ref": "#/components/responses/Invalid"},
        "503": {"$ref": "#/components/responses/Unavailable"}}
    }
  }
})json";

}  // namespace

void addServicesOpenApi(json& doc) {
  auto& schemas = doc["components"]["schemas"];
  const json actions = json::parse(kActions);
  for (const auto& [name, schema] : actions.items()) schemas[name] = schema;
  auto& action = schemas["Action"];
  for (const auto& [slug, name] :
       {std::pair{"book_appointment", "BookAppointment"}, {"rearrange_appointment", "RearrangeAppointment"},
        {"appointment_kept", "AppointmentKept"}, {"appointment_missed", "AppointmentMissed"},
        {"complete_repair", "CompleteRepair"}, {"post_inspect", "PostInspect"},
        {"share_compliment", "ShareCompliment"}}) {
    const std::string ref = std::string("#/components/schemas/") + name;
    action["oneOf"].push_back({{"$ref", ref}});
    action["discriminator"]["mapping"][slug] = ref;
  }
  auto& fresh = schemas["NewCase"]["properties"];
  fresh["category"] = json::parse(R"json({"type": "string", "maxLength": 200, "description": "Service requests only (422 service-request-only): one of the policy's categories, the repair priority whose clock applies (422 enum)"})json");
  fresh["about"] = json::parse(R"json({"type": "string", "maxLength": 200, "description": "Compliments only (422 compliment-only): the staff member or team praised"})json");
  fresh["resolved_at_first_contact"] = json::parse(R"json({"type": "boolean", "description": "Whether it was resolved when logged; false on an enquiry or service request starts the policy's call-back clock"})json");
  fresh["location"] = json::parse(R"json({"type": "object", "additionalProperties": false, "description": "Where the problem is, recorded at receipt: a point (both latitude and longitude, WGS 84; 422 range, required) and/or an address as reported", "properties": {"latitude": {"type": "number", "minimum": -90, "maximum": 90}, "longitude": {"type": "number", "minimum": -180, "maximum": 180}, "address": {"type": "string", "maxLength": 1000}}})json");
  auto& c = schemas["Case"]["properties"];
  c["location"] = json::parse(R"json({"type": "object", "nullable": true, "description": "Where the problem is (null when not recorded)", "properties": {"latitude": {"type": "number", "nullable": true}, "longitude": {"type": "number", "nullable": true}, "address": {"type": "string", "nullable": true}}})json");
  c["category"] = json::parse(R"json({"type": "string", "nullable": true})json");
  c["about"] = json::parse(R"json({"type": "string", "nullable": true})json");
  c["resolved_at_first_contact"] = json::parse(R"json({"type": "boolean", "nullable": true})json");
  c["repair"] = json::parse(R"json({"allOf": [{"$ref": "#/components/schemas/Repair"}], "nullable": true, "description": "Service requests; null otherwise"})json");
  c["compliment"] = json::parse(R"json({"allOf": [{"$ref": "#/components/schemas/Compliment"}], "nullable": true, "description": "Compliments; null otherwise"})json");
  auto& events = schemas["Event"]["properties"]["type"]["enum"];
  for (const char* t : {"appointment_booked", "appointment_kept", "appointment_missed",
                        "appointment_rearranged", "repair_completed", "repair_inspected",
                        "compliment_shared"}) {
    events.push_back(t);
  }
  const json paths = json::parse(kPaths);
  for (const auto& [path, item] : paths.items()) doc["paths"][path] = item;
  auto& summary = doc["paths"]["/api/v1/cases/{id}/actions"]["post"]["summary"];
  summary = summary.get<std::string>() +
            ", book_appointment, appointment_kept, appointment_missed, rearrange_appointment, "
            "complete_repair, post_inspect, share_compliment";
}

}  // namespace charter::api
