// GET /api/v1/cases?kind=&stage=&status=&overdue=&due_before=&handler=&owner=&service_area=
// &received_from=&received_to=&q=&order=&limit=&cursor=&format=
// read into a CaseQuery by app's parseCaseListParams (kInvalid naming the parameter and rule).
#pragma once

#include "app/case_store.h"
#include "http/server.h"

namespace charter::api {

// The list query the request asks for, as of `today` (for overdue).
Result<CaseQuery> caseQueryOf(const http::Request& request, Date today);

// True when the list is asked for as CSV: ?format=csv, or no format and an Accept header
// naming text/csv.
bool wantsCsv(const http::Request& request);
// True when the list is asked for as an XLSX workbook: ?format=xlsx, or no format and an Accept
// header naming the spreadsheetml type.
bool wantsXlsx(const http::Request& request);

inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace charter::api
