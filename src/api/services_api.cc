#include "api/services_api.h"

#include "api/api_auth.h"
#include "api/errors.h"
#include "api/params.h"
#include "app/authz.h"
#include "app/service_reports.h"
#include "measures/arithmetic.h"

namespace charter::api {

using http::jsonResponse;
using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

constexpr int kComplimentLimit = 200;

json breakdownJson(const std::vector<ServiceBreakdown>& rows, const char* total,
                   const char* counted, bool percent) {
  json out = json::array();
  for (const auto& r : rows) {
    json row = {{"key", r.key}, {total, r.total}, {counted, r.counted}};
    if (percent) {
      row["percent"] = r.total == 0 ? json(nullptr)
                                    : json(measures::roundHalfUp(100.0 * r.counted / r.total));
    }
    out.push_back(std::move(row));
  }
  return out;
}

Response servicesReport(const Request& request, const Principal& who,
                        const ReportServiceFor& reports) {
  if (!allowed(who, Permission::kViewReports)) {
    Error e = forbidden("Your role does not allow viewing reports.").value();
    e.field = "role";
    return errorFor(e, request);
  }
  if (auto ok = onlyQueryParams(request, {"period"}); !ok) return errorFor(ok.error(), request);
  if (!request.hasQuery("period")) {
    return errorFor(invalid("period", "required", "give a period: \"2025-26\", \"2025-26-Q1\" "
                                                  "or \"2025-04\"")
                        .value(),
                    request);
  }
  auto p = measures::parsePeriod(request.queryParam("period"));
  if (!p) return errorFor(p.error(), request);
  auto service = reports(who.landlord);
  if (!service) return errorFor(service.error(), request);
  ServiceReports& store = (*service)->store().services();
  auto category = store.serviceBreakdown(*p, "category");
  auto contractor = store.serviceBreakdown(*p, "contractor");
  auto about = store.serviceBreakdown(*p, "about");
  for (const auto* r : {&category, &contractor, &about}) {
    if (!*r) return errorFor(r->error(), request);
  }
  return jsonResponse(
      200, json{{"period", p->label},
                {"repairs_by_category", breakdownJson(*category, "completed", "in_time", true)},
                {"repairs_by_contractor", breakdownJson(*contractor, "completed", "in_time", true)},
                {"compliments_by_about", breakdownJson(*about, "received", "shared", false)}});
}

Response compliments(const Request& request, const Principal& who,
                     const ReportServiceFor& reports) {
  if (!who.isStaff()) {
    Error e = forbidden("Compliments are listed for staff.").value();
    e.field = "role";
    return errorFor(e, request);
  }
  if (auto ok = onlyQueryParams(request, {"about"}); !ok) return errorFor(ok.error(), request);
  std::vector<std::string> names;
  if (request.hasQuery("about")) {
    std::string about = request.queryParam("about");
    if (about.empty() || about.size() > 200) {
      return errorFor(invalid("about", "format", "is a name of up to 200 characters").value(),
                      request);
    }
    names.push_back(about);
  } else {
    names.push_back(who.username);
    if (!who.display_name.empty()) names.push_back(who.display_name);
  }
  auto service = reports(who.landlord);
  if (!service) return errorFor(service.error(), request);
  ServiceReports& store = (*service)->store().services();
  auto rows = store.complimentsAbout(names, kComplimentLimit);
  if (!rows) return errorFor(rows.error(), request);
  json out = json::array();
  for (const auto& c : *rows) {
    out.push_back({{"id", c.case_id}, {"reference", c.reference}, {"summary", c.summary},
                   {"received_on", formatDate(c.received)}, {"about", c.about},
                   {"shared", c.shared}, {"href", "/api/v1/cases/" + std::to_string(c.case_id)}});
  }
  return jsonResponse(200, json{{"about", names}, {"compliments", out}});
}

}  // namespace

void addServiceRoutes(http::Router& router, AccountService& accounts, ReportServiceFor reports) {
  router.add("GET", "/api/v1/reports/services",
             withPrincipal(accounts, [reports](const Request& r, const Principal& who) {
               return servicesReport(r, who, reports);
             }));
  router.add("GET", "/api/v1/compliments",
             withPrincipal(accounts, [reports](const Request& r, const Principal& who) {
               return compliments(r, who, reports);
             }));
}

}  // namespace charter::api
