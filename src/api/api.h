// The JSON API v1: routes under /api/v1, mapping CaseService results to HTTP.
//
// Status codes: 200/201 with the case; 422 {"error":{"field","rule","message"}} for invalid
// input; 409 with the reason for a transition the Code or the policy forbids; 404 for an unknown
// id; 415 for a non-JSON body; 413 for an oversized one (api/body.h); 401 and 403 for who may
// not (api/errors.h, the one mapping). Never a 5xx for bad input.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "api/case_json.h"
#include "app/accounts.h"
#include "app/authz.h"
#include "app/idempotency.h"
#include "app/case_service.h"
#include "http/server.h"

namespace charter::api {

// The API (`charter serve`), always signed in: every route but health and the OpenAPI document needs
// a principal (api/api_auth.h): 401 without one, 403 for a role that may not, 404 for a case
// the principal may not see (another landlord's, another resident's). Adds the data protection
// routes too (api/api_people.cc). Health answers 503 unless `ready()` (or, without it, unless
// the store answers a one-row list). Everything given must outlive the server.
// With `idempotency` (may be null), POST /cases and POST /cases/{id}/actions honour an
// Idempotency-Key header (app/idempotency.h): the first answer again for the same key and
// request, 422 (field "Idempotency-Key", rule "idempotency-key-reused") for another request,
// 409 "idempotency-key-in-use" while the first is still acting.
void addRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
               std::function<bool()> ready, Idempotency* idempotency = nullptr);
// GET /api/v1/me; GET /api/v1/people/{ref}/views; GET /api/v1/people/{ref}/subject-access
// [?format=pdf]; POST /api/v1/people/{ref}/rectification.
void addDataProtectionRoutes(http::Router& router, AuthorisedCases& cases,
                             AccountService& accounts);

// The OpenAPI 3 document served at /api/v1/openapi.json.
const nlohmann::json& openApiDocument();

}  // namespace charter::api
