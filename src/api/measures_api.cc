#include "api/measures_api.h"

#include <fmt/format.h>

#include "api/api_auth.h"
#include "app/authz.h"
#include "app/tsm_publication.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

Response fromError(const Error& e) {
  const int status = e.kind == ErrorKind::kInvalid     ? 422
                     : e.kind == ErrorKind::kNotFound    ? 404
                     : e.kind == ErrorKind::kUnavailable ? 503
                     : e.kind == ErrorKind::kConflict    ? 409
                                                         : 500;
  return jsonError(status, e.field, e.rule, status == 500 ? "The report could not be made." : e.message);
}

Result<measures::Period> periodOf(const Request& r) {
  if (!r.hasQuery("period"))
    return invalid("period", "required",
                   "give a period: a financial year \"2025-26\", a quarter \"2025-26-Q1\" or a "
                   "month \"2025-04\"");
  return measures::parsePeriod(r.queryParam("period"));
}

Response file(std::string body, const char* type, const std::string& name) {
  Response r;
  r.status = 200;
  r.content_type = type;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", name));
  return r;
}

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kCsv = "text/csv; charset=utf-8";

// The handlers below answer for one landlord's ReportService.
using ReportHandler = std::function<Response(const Request&, ReportService&)>;

// Signed in, allowed to view reports, and reading only the principal's own landlord.
http::Handler signedIn(AccountService& accounts, const ReportServiceFor& reports,
                       ReportHandler handler) {
  return withPrincipal(accounts, [reports, handler = std::move(handler)](const Request& request,
                                                                         const Principal& who) {
    if (!allowed(who, Permission::kViewReports))
      return jsonError(403, "role", "forbidden", "Your role does not allow viewing reports.");
    auto service = reports(who.landlord);
    if (!service) return fromError(service.error());
    return handler(request, **service);
  });
}

}  // namespace

json measureJson(const measures::MeasureResult& m) {
  auto v = m.published();
  return json{{"code", m.code},
              {"title", m.title},
              {"value", v ? json(*v) : json(nullptr)},
              {"numerator", m.numerator},
              {"denominator", m.denominator},
              {"target", m.target ? json(*m.target) : json(nullptr)},
              {"met", m.met ? json(*m.met) : json(nullptr)},
              {"unit", m.unit},
              {"tenure", m.tenure},
              {"higher_is_better", m.higher_is_better},
              {"note", m.note}};
}

void addMeasureRoutes(http::Router& router, AccountService& accounts, ReportServiceFor for_landlord,
                      PublicReports public_reports) {
  router.add("GET", "/api/v1/public/summary", [for_landlord, public_reports](const Request&) {
    auto reports = for_landlord(public_reports.landlord);
    if (!reports) return fromError(reports.error());
    const auto p = measures::financialYearOf(public_reports.today()).previous();
    auto ms = (*reports)->measures(p);
    if (!ms) return fromError(ms.error());
    json out = json::array();
    for (const auto& m : *ms) {
      auto v = m.published();
      out.push_back({{"code", m.code}, {"title", m.title}, {"value", v ? json(*v) : json(nullptr)},
                     {"unit", m.unit}, {"tenure", m.tenure},
                     {"target", m.target ? json(*m.target) : json(nullptr)},
                     {"met", m.met ? json(*m.met) : json(nullptr)}});
    }
    return jsonResponse(200, json{{"period", p.label}, {"measures", out}});
  });

  router.add("GET", "/api/v1/measures", signedIn(accounts, for_landlord, [](const Request& request, ReportService& reports) {
    auto p = periodOf(request);
    if (!p) return fromError(p.error());
    const std::string format = request.queryParam("format");
    if (!format.empty() && format != "json" && format != "csv" && format != "xlsx" && format != "tsm")
      return jsonError(422, "format", "enum", "format is json, csv, xlsx or tsm");
    auto ms = reports.measures(*p);
    if (!ms) return fromError(ms.error());
    if (format == "csv") return file(measuresCsv(*ms, p->label), kCsv, "measures-" + p->label + ".csv");
    if (format == "tsm") {
      // The return is refused until it is complete (tsm.md §9 example 21).
      auto responses = reports.store().surveyResponses(*p, "");
      if (!responses) return fromError(responses.error());
      auto gaps = tsmPublicationGaps(*ms, reports.policy(), *responses);
      if (!gaps.empty()) {
        std::string missing;
        for (const auto& g : gaps) missing += (missing.empty() ? "" : "; ") + g.item;
        return jsonError(409, gaps.front().item, "tsm-publication-complete",
                         fmt::format("The TSM return is not complete, so it cannot be exported: "
                                     "{} missing ({}). First: {}.",
                                     gaps.size(), missing, gaps.front().message));
      }
      return file(tsmReturnCsv(*ms, reports.policy(), p->label), kCsv, "tsm-" + p->label + ".csv");
    }
    if (format == "xlsx") {
      auto x = measuresXlsx(*ms, p->label);
      if (!x) return fromError(x.error());
      return file(std::move(*x), kXlsx, "measures-" + p->label + ".xlsx");
    }
    json out = json::array();
    for (const auto& m : *ms) out.push_back(measureJson(m));
    return jsonResponse(200, out);
  }));

  router.add("GET", "/api/v1/measures/{code}/trend", signedIn(accounts, for_landlord, [](const Request& request, ReportService& reports) {
    auto p = periodOf(request);
    if (!p) return fromError(p.error());
    int n = 5;
    if (request.hasQuery("n")) {
      const std::string s = request.queryParam("n");
      if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(s) < 1 || std::stoi(s) > 24)
        return jsonError(422, "n", "range", "n is a number of periods from 1 to 24");
      n = std::stoi(s);
    }
    auto t = reports.trend(request.params.at("code"), *p, n);
    if (!t) return fromError(t.error());
    json out = json::array();
    for (const auto& pt : *t)
      out.push_back({{"period", pt.period}, {"value", pt.value ? json(*pt.value) : json(nullptr)}});
    return jsonResponse(200, out);
  }));

  router.add("GET", "/api/v1/reports/annual", signedIn(accounts, for_landlord, [](const Request& request, ReportService& reports) {
    auto p = periodOf(request);
    if (!p) return fromError(p.error());
    const std::string format = request.queryParam("format");
    if (!format.empty() && format != "json" && format != "csv" && format != "xlsx" && format != "pdf")
      return jsonError(422, "format", "enum", "format is json, csv, xlsx or pdf");
    auto r = reports.annualReport(*p);
    if (!r) return fromError(r.error());
    if (format == "pdf") {
      auto pdf = annualReportPdf(*r);
      if (!pdf) return fromError(pdf.error());
      return file(std::move(*pdf), "application/pdf", "annual-report-" + p->label + ".pdf");
    }
    if (format == "csv") return file(annualReportCsv(*r), kCsv, "annual-report-" + p->label + ".csv");
    if (format == "xlsx") {
      auto x = annualReportXlsx(*r);
      if (!x) return fromError(x.error());
      return file(std::move(*x), kXlsx, "annual-report-" + p->label + ".xlsx");
    }
    const auto& o = r->outcomes;
    auto list = [](const std::vector<Breakdown>& bs) {
      json a = json::array();
      for (const auto& b : bs) a.push_back({{"key", b.key}, {"count", b.count}});
      return a;
    };
    json ms = json::array();
    for (const auto& m : r->measures) ms.push_back(measureJson(m));
    json sa = json::array();
    for (const auto& s : r->self_assessment)
      sa.push_back({{"section", s.section}, {"provision", s.provision}, {"requirement", s.requirement},
                    {"comply", s.comply}, {"evidence", s.evidence}, {"commentary", s.commentary}});
    json out = {{"period", p->label},
                {"volumes", {{"by_kind", list(r->by_kind)}, {"by_service_area", list(r->by_service_area)},
                             {"by_theme", list(r->by_theme)}, {"by_channel", list(r->by_channel)}}},
                {"outcomes", {{"stage1_received", o.stage1_received}, {"stage2_received", o.stage2_received},
                              {"stage1_responded", o.stage1_responded}, {"stage2_responded", o.stage2_responded},
                              {"elements", o.elements}, {"elements_upheld", o.elements_upheld},
                              {"stage2_overturned", o.stage2_overturned}, {"extensions", o.extensions},
                              {"remedies", o.remedies}, {"compensation", o.compensation},
                              {"resolved_at_stage1", o.resolved_at_stage1},
                              {"refusals", list(o.refusals)}}},
                {"measures", ms},
                {"self_assessment", sa}};
    if (r->learning) {
      const auto& l = *r->learning;
      out["learning"] = {{"raised", l.raised}, {"completed", l.completed},
                         {"completed_on_time", l.completed_on_time}, {"overdue", l.overdue},
                         {"published", l.published}, {"improvements", l.improvements},
                         {"raised_by_service_area", list(l.raised_by_service_area)}};
    }
    if (r->ombudsman) {
      const auto& m = *r->ombudsman;
      out["ombudsman"] = {{"referrals", m.referrals}, {"determinations", m.determinations},
                          {"by_outcome", list(m.by_outcome)}, {"fault_findings", m.fault_findings},
                          {"orders_made", m.orders_made}, {"orders_due", m.orders_due},
                          {"orders_on_time", m.orders_on_time},
                          {"orders_open_overdue", m.orders_open_overdue},
                          {"compensation", m.compensation}};
    }
    return jsonResponse(200, out);
  }));
}

}  // namespace charter::api
