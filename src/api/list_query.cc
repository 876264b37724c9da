#include "api/list_query.h"

#include "app/case_query.h"

namespace charter::api {

Result<CaseQuery> caseQueryOf(const http::Request& request, Date today) {
  return parseCaseListParams(request.query, today);
}

bool wantsCsv(const http::Request& request) {
  if (request.hasQuery("format")) return request.queryParam("format") == "csv";
  return request.header("accept").find("text/csv") != std::string::npos;
}

bool wantsXlsx(const http::Request& request) {
  if (request.hasQuery("format")) return request.queryParam("format") == "xlsx";
  return request.header("accept").find(kXlsxType) != std::string::npos;
}

}  // namespace charter::api
