#include "api/measures_api.h"

#include <fmt/format.h>

#include "api/api_auth.h"
#include "api/errors.h"
#include "api/params.h"
#include "app/authz.h"
#include "app/tsm_publication.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kCsv = "text/csv; charset=utf-8";

Result<measures::Period> periodOf(const Request& r) {
  if (!r.hasQuery("period"))
    return invalid("period", "required",
                   "give a period: a financial year \"2025-26\", a quarter \"2025-26-Q1\" or a "
                   "month \"2025-04\"");
  return measures::parsePeriod(r.queryParam("period"));
}

// The format asked for: "" (JSON) or one of `allowed`.
Result<std::string> formatOf(const Request& r, std::initializer_list<std::string_view> allowed) {
  const std::string format = r.queryParam("format");
  if (format.empty() || format == "json") return std::string();
  for (auto a : allowed) {
    if (format == a) return format;
  }
  std::string list = "json";
  for (auto a : allowed) list += ", " + std::string(a);
  return invalid("format", "enum", "format is " + list);
}

Response file(std::string body, const char* type, const std::string& name) {
  Response r;
  r.status = 200;
  r.content_type = type;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", name));
  return r;
}

Response file(Result<std::string> body, const char* type, const std::string& name,
              const Request& request) {
  if (!body) return errorFor(body.error(), request);
  return file(std::move(*body), type, name);
}

// The handlers below answer for one landlord's ReportService.
using ReportHandler = Response (*)(const Request&, ReportService&);

// Signed in, allowed to view reports, and reading only the principal's own landlord.
http::Handler signedIn(AccountService& accounts, const ReportServiceFor& reports,
                       ReportHandler handler) {
  return withPrincipal(accounts, [reports, handler](const Request& request,
                                                    const Principal& who) {
    if (!allowed(who, Permission::kViewReports)) {
      Error e = forbidden("Your role does not allow viewing reports.").value();
      e.field = "role";
      return errorFor(e, request);
    }
    auto service = reports(who.landlord);
    if (!service) return errorFor(service.error(), request);
    return handler(request, **service);
  });
}

// The TSM figures for the annual return, refused (409) until the return is complete.
Response tsmReturn(const Request& request, ReportService& reports, const measures::Period& p,
                   const std::vector<measures::MeasureResult>& ms) {
  auto responses = reports.store().surveyResponses(p, "");
  if (!responses) return errorFor(responses.error(), request);
  auto gaps = tsmPublicationGaps(ms, reports.policy(), *responses);
  if (!gaps.empty()) {
    std::string missing;
    for (const auto& g : gaps) missing += (missing.empty() ? "" : "; ") + g.item;
    return jsonError(409, gaps.front().item, "tsm-publication-complete",
                     fmt::format("The TSM return is not complete, so it cannot be exported: "
                                 "{} missing ({}). First: {}.",
                                 gaps.size(), missing, gaps.front().message));
  }
  return file(tsmReturnCsv(ms, reports.policy(), p.label), kCsv, "tsm-" + p.label + ".csv");
}

// GET /measures?period=..[&format=csv|xlsx|tsm]
Response measuresRoute(const Request& request, ReportService& reports) {
  if (auto ok = onlyQueryParams(request, {"period", "format"}); !ok) {
    return errorFor(ok.error(), request);
  }
  auto p = periodOf(request);
  if (!p) return errorFor(p.error(), request);
  auto format = formatOf(request, {"csv", "xlsx", "tsm"});
  if (!format) return errorFor(format.error(), request);
  auto ms = reports.measures(*p);
  if (!ms) return errorFor(ms.error(), request);
  const std::string name = "measures-" + p->label;
  if (*format == "csv") return file(measuresCsv(*ms, p->label), kCsv, name + ".csv");
  if (*format == "tsm") return tsmReturn(request, reports, *p, *ms);
  if (*format == "xlsx") return file(measuresXlsx(*ms, p->label), kXlsx, name + ".xlsx", request);
  json out = json::array();
  for (const auto& m : *ms) out.push_back(measureJson(m));
  return jsonResponse(200, out);
}

// GET /measures/{code}/trend?period=..[&n=1..24]
Response trendRoute(const Request& request, ReportService& reports) {
  if (auto ok = onlyQueryParams(request, {"period", "n"}); !ok) {
    return errorFor(ok.error(), request);
  }
  auto p = periodOf(request);
  if (!p) return errorFor(p.error(), request);
  int n = 5;
  if (request.hasQuery("n")) {
    auto v = parsePositive(request.queryParam("n"));
    if (!v || *v > 24) return jsonError(422, "n", "range", "n is a number of periods from 1 to 24");
    n = static_cast<int>(*v);
  }
  auto t = reports.trend(request.params.at("code"), *p, n);
  if (!t) return errorFor(t.error(), request);
  json out = json::array();
  for (const auto& pt : *t) {
    out.push_back({{"period", pt.period}, {"value", pt.value ? json(*pt.value) : json(nullptr)}});
  }
  return jsonResponse(200, out);
}

// GET /reports/annual?period=..[&format=csv|xlsx|pdf]
Response annualRoute(const Request& request, ReportService& reports) {
  if (auto ok = onlyQueryParams(request, {"period", "format"}); !ok) {
    return errorFor(ok.error(), request);
  }
  auto p = periodOf(request);
  if (!p) return errorFor(p.error(), request);
  auto format = formatOf(request, {"csv", "xlsx", "pdf"});
  if (!format) return errorFor(format.error(), request);
  auto r = reports.annualReport(*p);
  if (!r) return errorFor(r.error(), request);
  const std::string name = "annual-report-" + p->label;
  if (*format == "pdf") return file(annualReportPdf(*r), "application/pdf", name + ".pdf", request);
  if (*format == "csv") return file(annualReportCsv(*r), kCsv, name + ".csv");
  if (*format == "xlsx") return file(annualReportXlsx(*r), kXlsx, name + ".xlsx", request);
  return jsonResponse(200, annualReportJson(*r, p->label));
}

// GET /public/summary: the published measures of the last complete financial year.
Response publicSummary(const ReportServiceFor& for_landlord, const PublicReports& public_reports,
                       const Request& request) {
  auto reports = for_landlord(public_reports.landlord);
  if (!reports) return errorFor(reports.error(), request);
  const auto p = measures::financialYearOf(public_reports.today()).previous();
  auto ms = (*reports)->measures(p);
  if (!ms) return errorFor(ms.error(), request);
  json out = json::array();
  for (const auto& m : *ms) out.push_back(publicMeasureJson(m));
  return jsonResponse(200, json{{"period", p.label}, {"measures", out},
                                {"commitments", commitmentsJson((*reports)->policy())}});
}

}  // namespace

void addMeasureRoutes(http::Router& router, AccountService& accounts, ReportServiceFor for_landlord,
                      PublicReports public_reports) {
  router.add("GET", "/api/v1/public/summary",
             [for_landlord, public_reports](const Request& request) {
               return publicSummary(for_landlord, public_reports, request);
             });
  router.add("GET", "/api/v1/measures", signedIn(accounts, for_landlord, measuresRoute));
  router.add("GET", "/api/v1/measures/{code}/trend", signedIn(accounts, for_landlord, trendRoute));
  router.add("GET", "/api/v1/reports/annual", signedIn(accounts, for_landlord, annualRoute));
}

}  // namespace charter::api
