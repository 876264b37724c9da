// Contact warnings and restrictions on a person (app/restriction_service.h; docs/restrictions.md).
// Staff only (residents: 403).
//
//   GET  /api/v1/people/{ref}/restrictions
//        {person_ref, restricted, warnings[], restrictions[], clocks[]}
//   POST /api/v1/people/{ref}/restrictions                    {"action": "warn" | "impose", ...}
//        201 with the same document
//   POST /api/v1/people/{ref}/restrictions/{number}/actions   {"action": "review" | "lift", ...}
//        200 with the same document
//
// Errors as the case actions: 422 naming `field` and `rule`; 409 `policy-4.16` (no warning
// first), `unknown-restriction`, `already-lifted`, `concurrent-change`.
#pragma once

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/restriction_service.h"
#include "http/server.h"

namespace charter::api {

// `restrictions` and `accounts` must outlive the server.
void addRestrictionRoutes(http::Router& router, RestrictionService& restrictions,
                          AccountService& accounts);

// Adds the routes and schemas to the OpenAPI document (api/openapi_restrictions.cc).
void addRestrictionsOpenApi(nlohmann::json& doc);

}  // namespace charter::api
