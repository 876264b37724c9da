// The measures, reports and data protection parts of the OpenAPI document (api/openapi.cc):
// /measures, /measures/{code}/trend, /reports/annual, /public/summary and /people/{ref}/*,
// with their parameters, responses and schemas.
#pragma once

#include <nlohmann/json.hpp>

namespace charter::api {

void addReportsOpenApi(nlohmann::json& doc);
void addPeopleOpenApi(nlohmann::json& doc);
// Triage and Code 6.13 (api/openapi_triage.cc): the assign action, the owner and unassigned
// filters, owner, tenure, acknowledged_by and responded_by.
void addTriageOpenApi(nlohmann::json& doc);
// Repairs, call-backs and compliments (api/openapi_services.cc).
void addServicesOpenApi(nlohmann::json& doc);
// Subject access requests and data breaches (api/openapi_data_protection.cc).
void addDataProtectionOpenApi(nlohmann::json& doc);
// Anti-social behaviour reports (api/openapi_asb.cc).
void addAsbOpenApi(nlohmann::json& doc);
// The Idempotency-Key header on POST /cases and case actions (api/openapi_idempotency.cc).
void addIdempotencyOpenApi(nlohmann::json& doc);
// The change_contact_preference action (api/openapi_contact.cc).
void addContactPreferenceOpenApi(nlohmann::json& doc);

}  // namespace charter::api
