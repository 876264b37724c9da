#include "api/self_assessment_api.h"

#include <fmt/format.h>

#include "api/api_auth.h"
#include "api/body.h"
#include "api/errors.h"
#include "api/params.h"
#include "app/authz.h"

namespace charter::api {

using http::jsonResponse;
using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

Response refused(const Request& request, const std::string& message) {
  Error e = forbidden(message).value();
  e.field = "role";
  return errorFor(e, request);
}

bool mayEdit(const Principal& who) { return who.role == Role::kComplaintsAdmin; }
bool mayReview(const Principal& who) {
  return who.role == Role::kComplaintsAdmin || who.role == Role::kGovernance;
}

std::string actorOf(const Principal& who) {
  return who.display_name.empty() ? who.username : who.display_name;
}

Response answer(const Request& request, const Result<SelfAssessmentView>& v) {
  if (!v) return errorFor(v.error(), request);
  return jsonResponse(200, selfAssessmentJson(*v));
}

Response pdf(const Request& request, const Result<SelfAssessmentView>& v) {
  if (!v) return errorFor(v.error(), request);
  auto body = selfAssessmentPdf(*v);
  if (!body) return errorFor(body.error(), request);
  Response r;
  r.status = 200;
  r.content_type = "application/pdf";
  r.body = std::move(*body);
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("inline; filename=\"self-assessment-{}.pdf\"", v->period));
  return r;
}

Result<std::string> text(const json& b, const char* field, bool required) {
  if (!b.contains(field) || b[field].is_null()) {
    if (required) return invalid(field, "required", "is required");
    return std::string();
  }
  if (!b[field].is_string()) return invalid(field, "type", "must be a string");
  return b[field].get<std::string>();
}

Result<std::vector<SelfAssessmentAnswer>> answersOf(const json& b) {
  if (!b.contains("answers")) return invalid("answers", "required", "give the answers to save");
  if (!b["answers"].is_array()) return invalid("answers", "type", "must be an array");
  std::vector<SelfAssessmentAnswer> out;
  for (std::size_t i = 0; i < b["answers"].size(); ++i) {
    const json& a = b["answers"][i];
    const std::string at = fmt::format("answers[{}]", i);
    if (!a.is_object()) return invalid(at, "type", "must be an object");
    for (const auto& [k, v] : a.items()) {
      if (k != "provision" && k != "answer" && k != "commentary")
        return invalid(at + "." + k, "unknown", "is not a field of an answer");
      if (!v.is_string()) return invalid(at + "." + k, "type", "must be a string");
    }
    if (!a.contains("provision")) return invalid(at + ".provision", "required", "is required");
    out.push_back({a["provision"].get<std::string>(), a.value("answer", ""),
                   a.value("commentary", "")});
  }
  return out;
}

Response getRoute(SelfAssessmentService& s, const Request& request, const Principal& who) {
  if (!allowed(who, Permission::kViewReports))
    return refused(request, "Your role does not allow viewing reports.");
  if (auto ok = onlyQueryParams(request, {"format"}); !ok) return errorFor(ok.error(), request);
  const std::string format = request.queryParam("format");
  if (!format.empty() && format != "json" && format != "pdf")
    return errorFor(invalid("format", "enum", "format is json or pdf").value(), request);
  auto v = s.view(who.landlord, request.params.at("year"));
  return format == "pdf" ? pdf(request, v) : answer(request, v);
}

Response putAnswers(SelfAssessmentService& s, const Request& request, const Principal& who) {
  if (!mayEdit(who)) return refused(request, "Only the complaints team edits the self-assessment.");
  auto body = jsonBody(request);
  if (auto* r = std::get_if<Response>(&body)) return *r;
  auto answers = answersOf(std::get<json>(body));
  if (!answers) return errorFor(answers.error(), request);
  return answer(request, s.saveAnswers(who.landlord, request.params.at("year"), *answers, actorOf(who)));
}

Response putReview(SelfAssessmentService& s, const Request& request, const Principal& who) {
  if (!mayReview(who))
    return refused(request, "Only the complaints team or governance records the governing body's review.");
  auto body = jsonBody(request);
  if (auto* r = std::get_if<Response>(&body)) return *r;
  const json& b = std::get<json>(body);
  auto on = text(b, "reviewed_on", true);
  if (!on) return errorFor(on.error(), request);
  auto date = parseDate(*on, "reviewed_on");
  if (!date) return errorFor(date.error(), request);
  auto by = text(b, "reviewed_by", true);
  if (!by) return errorFor(by.error(), request);
  auto response = text(b, "response", true);
  if (!response) return errorFor(response.error(), request);
  return answer(request, s.recordReview(who.landlord, request.params.at("year"),
                                        {*date, *by, *response, actorOf(who)}));
}

Response postPublish(SelfAssessmentService& s, const Request& request, const Principal& who) {
  if (!mayEdit(who)) return refused(request, "Only the complaints team publishes the self-assessment.");
  return answer(request, s.publish(who.landlord, request.params.at("year"), actorOf(who)));
}

using Route = Response (*)(SelfAssessmentService&, const Request&, const Principal&);
http::Handler signedIn(AccountService& accounts, SelfAssessmentService& s, Route route) {
  return withPrincipal(accounts, [&s, route](const Request& request, const Principal& who) {
    return route(s, request, who);
  });
}

}  // namespace

json selfAssessmentJson(const SelfAssessmentView& v) {
  json rows = json::array();
  for (const auto& r : v.rows) {
    rows.push_back({{"section", r.section}, {"provision", r.provision},
                    {"requirement", r.requirement}, {"status", r.status},
                    {"decided_by", r.decided_by}, {"comply", r.comply}, {"figure", r.figure},
                    {"evidence", r.evidence}, {"link", r.link}, {"answer", r.answer},
                    {"commentary", r.commentary}});
  }
  json review = nullptr;
  if (v.review)
    review = {{"reviewed_on", formatDate(v.review->reviewed_on)},
              {"reviewed_by", v.review->reviewed_by}, {"response", v.review->response},
              {"recorded_by", v.review->recorded_by}};
  const auto& f = v.figures;
  return {{"year", v.period}, {"period_name", v.period_name}, {"landlord_name", v.landlord_name},
          {"status", v.status}, {"due", formatDate(v.due)},
          {"published_at", v.published_at ? json(formatInstant(*v.published_at)) : json(nullptr)},
          {"published_by", v.published_by}, {"review", review},
          {"counts", {{"met", v.met}, {"not_met", v.not_met}, {"to_complete", v.to_complete}}},
          {"figures", {{"stage1_received", f.stage1_received}, {"stage1_responded", f.stage1_responded},
                       {"stage2_received", f.stage2_received}, {"stage2_responded", f.stage2_responded},
                       {"refusals", f.refusals}, {"remedies", f.remedies},
                       {"ombudsman_determinations", f.ombudsman_determinations},
                       {"ombudsman_fault_findings", f.ombudsman_fault_findings}}},
          {"rows", rows}};
}

void addSelfAssessmentRoutes(http::Router& router, SelfAssessmentService& s,
                             AccountService& accounts, LandlordId public_landlord) {
  router.add("GET", "/api/v1/self-assessments/{year}", signedIn(accounts, s, getRoute));
  router.add("PUT", "/api/v1/self-assessments/{year}", signedIn(accounts, s, putAnswers));
  router.add("PUT", "/api/v1/self-assessments/{year}/review", signedIn(accounts, s, putReview));
  router.add("POST", "/api/v1/self-assessments/{year}/publish", signedIn(accounts, s, postPublish));
  router.add("GET", "/api/v1/public/self-assessments/{year}",
             [&s, public_landlord](const Request& request) {
               auto v = s.published(public_landlord, request.params.at("year"));
               return request.queryParam("format") == "pdf" ? pdf(request, v) : answer(request, v);
             });
}

}  // namespace charter::api
