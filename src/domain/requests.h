// Reading the parts of request bodies into the normalised JSON stored in events: a new case,
// and a response's elements, remedies and outstanding actions. Internal to the domain layer.
#pragma once

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/fields.h"
#include "domain/lifecycle.h"

namespace charter::requests {

inline constexpr std::array<std::string_view, 3> kStage1Findings = {"upheld", "partly_upheld",
                                                                    "not_upheld"};
// At stage 2 each element says whether the stage 1 finding stands.
inline constexpr std::array<std::string_view, 2> kStage2Findings = {"upheld", "overturned"};

// The fields a POST /cases body may carry.
extern const std::array<std::string_view, 19> kNewCaseFields;
// The resident's tenure, for the Regulator's tenure splits (tsm.md §2): LCRA, LCHO, other.
inline constexpr std::array<std::string_view, 4> kTenures = {"social_rent", "shared_ownership",
                                                            "leasehold", "other"};

// The "received" event's data from a POST /cases body (received_at is read by the caller).
Result<nlohmann::json> readNewCase(const fields::Reader& body, const DecisionContext& ctx);

Result<nlohmann::json> readElements(const fields::Reader& body, int stage);
// `elements`: how many elements the response has (a remedy's `element` names one).
Result<nlohmann::json> readRemedies(const fields::Reader& body, int stage, std::size_t elements);
Result<nlohmann::json> readOutstandingActions(const fields::Reader& body);
// true/false, or the apology's text; null when absent.
Result<nlohmann::json> readApology(const fields::Reader& body);

}  // namespace charter::requests
