// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) for service requests, JSON only,
// beside the JSON API v1; the rules are app/open311.h's, the guide docs/open311.md.
//
//   GET  /open311/v2/services.json         the services (one per repair category)
//   POST /open311/v2/requests.json         a report (application/x-www-form-urlencoded, at most
//                                          64 KB): [{"service_request_id", "service_notice",
//                                          "account_id"}], 201
//   GET  /open311/v2/requests.json         reports, newest first (filters: service_request_id,
//                                          service_code, start_date, end_date, status)
//   GET  /open311/v2/requests/{id}.json    one report, as a list of one
//
// Who: `api_key` (a query or form parameter; `Authorization: Bearer` also works) is an API token
// of the landlord (`charter token create`): the report is logged by the token's account and the
// landlord is the token's. services.json may instead name the landlord by `jurisdiction_id` (its
// slug); given with a key, jurisdiction_id must be the key's landlord. Reading requests needs a
// key (they are residents' reports).
//
// Errors, in Open311's format, a list of one: [{"code": STATUS, "description": "...", "field":
// "...", "rule": "..."}] (field and rule, Charter's additions, name what was wrong): 400 for an
// invalid parameter (the spec's code for it), 403 for a missing, wrong or revoked api_key or a
// role that may not, 404 for an unknown request or path, 405, 413, 415; never a 5xx for bad
// input. With `idempotency`, POST honours an Idempotency-Key header as /api/v1 does.
#pragma once

#include "app/accounts.h"
#include "app/authz.h"
#include "app/idempotency.h"
#include "http/server.h"

namespace charter::api {

void addOpen311Routes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
                      Idempotency* idempotency = nullptr);

}  // namespace charter::api
