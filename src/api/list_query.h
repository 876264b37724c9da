// GET /api/v1/cases?kind=&stage=&status=&overdue=&due_before=&handler=&q=&limit=&cursor=
// read into a CaseQuery by app's parseCaseListParams (kInvalid naming the parameter and rule).
#pragma once

#include "app/case_store.h"
#include "http/server.h"

namespace charter::api {

// The list query the request asks for, as of `today` (for overdue).
Result<CaseQuery> caseQueryOf(const http::Request& request, Date today);

}  // namespace charter::api
