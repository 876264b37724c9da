// The data protection routes: who am I, who viewed a person's record, the subject access
// export (JSON or PDF) and rectification. Each needs a principal; the people routes need
// Permission::kDataProtection (403 otherwise). Also the session routes for programs that keep
// a cookie.
#include "api/api.h"
#include "api/api_auth.h"
#include "api/body.h"
#include "api/errors.h"
#include "api/params.h"
#include "app/audit.h"
#include "app/authz.h"
#include "app/subject_access.h"

namespace charter::api {
namespace {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

// GET /people/{ref}/views[?limit=1..10000]: who read the person's cases, newest first.
Response personViews(AuthorisedCases& cases, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {"limit"}); !ok) return errorFor(ok.error(), request);
  auto ref = personRefParam(request);
  if (!ref) return errorFor(ref.error(), request);
  int limit = 1000;
  if (request.hasQuery("limit")) {
    auto n = parsePositive(request.queryParam("limit"));
    if (!n || *n > 10000) return jsonError(422, "limit", "range", "limit must be from 1 to 10000.");
    limit = static_cast<int>(*n);
  }
  auto views = viewsOfPerson(cases.landlords().accountStore(), who, *ref, limit);
  if (!views) return errorFor(views.error(), request);
  json out = json::array();
  for (const auto& v : *views) {
    out.push_back(json{{"case_id", v.case_id},
                       {"reference", caseReference(v.case_id)},
                       {"viewer", v.viewer},
                       {"viewer_role", v.viewer_role},
                       {"purpose", v.purpose},
                       {"at", formatInstant(v.at)}});
  }
  return jsonResponse(200, json{{"person_ref", *ref}, {"views", std::move(out)}});
}

// GET /people/{ref}/subject-access[?format=json|pdf]: everything held about the person.
Response subjectAccessExport(AuthorisedCases& cases, const Request& request,
                             const Principal& who) {
  if (auto ok = onlyQueryParams(request, {"format"}); !ok) return errorFor(ok.error(), request);
  auto ref = personRefParam(request);
  if (!ref) return errorFor(ref.error(), request);
  std::string format = request.hasQuery("format") ? request.queryParam("format") : "json";
  if (format != "json" && format != "pdf") {
    return jsonError(422, "format", "enum", "format must be json or pdf.");
  }
  auto doc = subjectAccess(cases, who, *ref);
  if (!doc) return errorFor(doc.error(), request);
  if (format == "json") return jsonResponse(200, *doc);
  auto pdf = subjectAccessPdf(*doc);
  if (!pdf) return errorFor(pdf.error(), request);
  Response r;
  r.status = 200;
  r.content_type = "application/pdf";
  r.body = std::move(*pdf);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"subject-access.pdf\"");
  return r;
}

// POST /people/{ref}/rectification {"person": {...}, "reason": "..."}: corrects the person's
// details on every case about them.
Response rectification(AuthorisedCases& cases, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto ref = personRefParam(request);
  if (!ref) return errorFor(ref.error(), request);
  if (!allowed(who, Permission::kDataProtection)) return errorFor(forbidden().value(), request);
  auto parsed = jsonBody(request);
  if (auto* r = std::get_if<Response>(&parsed)) return *r;
  const json& body = std::get<json>(parsed);
  auto reason = body.find("reason");
  auto n = rectify(cases, who, *ref, body.value("person", json()),
                   reason != body.end() && reason->is_string() ? reason->get<std::string>()
                                                               : std::string());
  if (!n) return errorFor(n.error(), request);
  return jsonResponse(200, json{{"person_ref", *ref}, {"cases_corrected", *n}});
}

using PeopleHandler = Response (*)(AuthorisedCases&, const Request&, const Principal&);

http::Handler people(AuthorisedCases& cases, AccountService& accounts, PeopleHandler handler) {
  return withPrincipal(accounts, [&cases, handler](const Request& request, const Principal& who) {
    return handler(cases, request, who);
  });
}

// GET /api/v1/me: who the credentials are.
Response me(const Request&, const Principal& who) {
  return jsonResponse(200, json{{"landlord", who.landlord},
                                {"username", who.username},
                                {"display_name", who.display_name},
                                {"role", std::string(slug(who.role))},
                                {"person_ref", who.person_ref},
                                {"api_token", who.api_token}});
}

}  // namespace

void addDataProtectionRoutes(http::Router& router, AuthorisedCases& cases,
                             AccountService& accounts) {
  const std::string p = "/api/v1";

  addSessionRoutes(router, accounts);

  router.add("GET", p + "/me", withPrincipal(accounts, me));
  router.add("GET", p + "/people/{ref}/views", people(cases, accounts, personViews));
  router.add("GET", p + "/people/{ref}/subject-access",
             people(cases, accounts, subjectAccessExport));
  router.add("POST", p + "/people/{ref}/rectification", people(cases, accounts, rectification));
}

}  // namespace charter::api
