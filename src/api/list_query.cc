#include "api/list_query.h"

#include "app/case_query.h"

namespace charter::api {

Result<CaseQuery> caseQueryOf(const http::Request& request, Date today) {
  return parseCaseListParams(request.query, today);
}

}  // namespace charter::api
