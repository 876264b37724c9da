// The JSON the measures and reports routes answer (api/measures_api.h), beside them: one
// measure, the public summary's entry, and the annual complaints performance report. Pure
// functions of their argument; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "app/reports_service.h"

namespace charter::api {

// {"code","title","value","numerator","denominator","target","met","unit","tenure",
//  "higher_is_better","note"}; value rounded as published.
nlohmann::json measureJson(const measures::MeasureResult& m);
// What the public summary shows of a measure: code, title, value, unit, tenure, target, met.
nlohmann::json publicMeasureJson(const measures::MeasureResult& m);
// The policy's commitments register (policy/policy.h, Commitment), for GET /public/summary.
nlohmann::json commitmentsJson(const Policy& policy);
// {"period","volumes","outcomes","measures","self_assessment"[,"learning"][,"ombudsman"]}.
nlohmann::json annualReportJson(const AnnualReport& r, const std::string& period);

}  // namespace charter::api
