// The JSON the API answers for a case and its parts, beside the routes that answer it.
// The shapes are those of the OpenAPI document's Case, CaseSummary and Clock schemas
// (api/openapi.cc). Pure functions of their argument; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "app/case_service.h"

namespace charter::api {

// "/api/v1/cases/{id}".
std::string caseLocation(CaseId id);

// The case as the API answers it: id, reference, kind, ..., clocks, and (with_events) events.
nlohmann::json caseJson(const CaseView& view, bool with_events = true);
nlohmann::json clockJson(const Clock& clock);
// One row of a case list.
nlohmann::json summaryJson(const CaseSummary& s);
// {"cases": [...], "limit": N, "next_cursor": "ID" | null}.
nlohmann::json casePageJson(const CasePage& page, int limit);

}  // namespace charter::api
