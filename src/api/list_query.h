// GET /api/v1/cases?kind=&stage=&status=&overdue=&due_before=&handler=&q=&limit=&cursor=
// read into a CaseQuery. Each parameter is checked here (kInvalid naming it: unknown,
// repeated, enum, boolean, format, length, range), so the service gets a query it can run.
#pragma once

#include "app/case_store.h"
#include "http/server.h"

namespace charter::api {

inline constexpr int kDefaultListLimit = 50;
inline constexpr int kMaxListLimit = 200;

// The list query the request asks for, as of `today` (for overdue).
Result<CaseQuery> caseQueryOf(const http::Request& request, Date today);

}  // namespace charter::api
