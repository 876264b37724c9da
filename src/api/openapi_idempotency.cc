// The Idempotency-Key header in the OpenAPI document: on POST /api/v1/cases and on case actions.
#include <nlohmann/json.hpp>

#include "api/openapi_reports.h"

namespace charter::api {

void addIdempotencyOpenApi(nlohmann::json& doc) {
  auto& components = doc["components"];
  components["parameters"]["IdempotencyKey"] = {
      {"name", "Idempotency-Key"},
      {"in", "header"},
      {"required", false},
      {"description",
       "Makes a retry safe: the same key from the same caller (per landlord and principal) within "
       "24 hours is answered with the first answer, status and body, without acting again (the "
       "answer carries Idempotent-Replayed: true). The same key with a different request (path or "
       "body) is 422 with field Idempotency-Key and rule idempotency-key-reused; while the first "
       "request is still being acted on, 409 idempotency-key-in-use. A 5xx answer is not kept. "
       "Kept in the database, so it holds across a restart. A UUID is a good key."},
      {"schema", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}, {"pattern", "^[!-~]+$"}}}};
  const nlohmann::json replayed = {
      {"description", "Present (true) when this is the first answer to the request's Idempotency-Key, given again"},
      {"schema", {{"type", "string"}, {"enum", {"true"}}}}};
  for (const auto& [path, method] : {std::pair{"/api/v1/cases", "post"},
                                     std::pair{"/api/v1/cases/{id}/actions", "post"}}) {
    auto& op = doc["paths"][path][method];
    op["parameters"].push_back({{"$ref", "#/components/parameters/IdempotencyKey"}});
    for (auto& [status, response] : op["responses"].items()) {
      if (status.front() == '2') response["headers"]["Idempotent-Replayed"] = replayed;
    }
    if (!op["responses"].contains("409")) op["responses"]["409"] = {{"$ref", "#/components/responses/Conflict"}};
  }
}

}  // namespace charter::api
