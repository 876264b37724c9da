// The case JSON's service fields (docs/lifecycle.md "Repairs, call-backs and compliments"):
// category, resolved_at_first_contact, about, and the objects "repair" (service requests),
// "compliment" (compliments) and "asb" (anti-social behaviour reports, domain/asb.h). Pure;
// thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/case.h"

namespace charter::api {

// Adds the fields to `out` (null where they do not apply).
void addServiceJson(nlohmann::json& out, const CaseState& s);

}  // namespace charter::api
