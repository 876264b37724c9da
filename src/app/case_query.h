// The case list query, validated once: CaseQuery (case_store.h) carries typed filters, and
// checkCaseQuery is the one place its rules live, so the stores trust what they are given.
// parseCaseListParams reads the API's query parameters (?kind=complaint&stage=1&...) into a
// CaseQuery, naming the parameter and the rule in every error. Pure.
#pragma once

#include <map>
#include <optional>
#include <string_view>
#include <string>

#include "app/case_store.h"

namespace charter {

// The largest page any caller gets; a larger limit is lowered to it.
inline constexpr int kMaxCasePage = 500;

// `q` made ready for a store: kInvalid (field "stage") when stage is not 1 or 2; the limit
// brought into 1..kMaxCasePage; an empty text filter dropped; kInvalid (field "received_to")
// when received_to is before received_from.
Result<CaseQuery> checkCaseQuery(CaseQuery q);

// The first instant of local day `d` in the calendar's zone: where a landlord-local date range
// (received_from, received_to) begins and ends.
Instant localDayStart(const WorkingCalendar& cal, Date d);

// The positive whole number (1 to 18 digits, no sign) `s` spells, or nullopt.
std::optional<std::int64_t> parsePositive(std::string_view s);

// The API's list parameters: kind, stage, status, overdue, unassigned (true|false), due_before,
// handler, owner, service_area, received_from and received_to (YYYY-MM-DD, landlord-local,
// inclusive), q, order (newest|oldest, default oldest), limit (1..200, default 50), cursor and
// format (json|csv|xlsx: checked here, read by the caller), each at most once; any other name is
// refused.
Result<CaseQuery> parseCaseListParams(const std::multimap<std::string, std::string>& params,
                                      Date today);

}  // namespace charter
