// The data protection routes: who am I, who viewed a person's record, the subject access
// export (JSON or PDF) and rectification. Each needs a principal; the people routes need
// Permission::kDataProtection (403 otherwise).
#include <charconv>

#include "api/api.h"
#include "api/api_auth.h"
#include "app/audit.h"
#include "app/subject_access.h"

namespace charter::api {
namespace {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

std::optional<std::string> personParam(const Request& request) {
  auto it = request.params.find("ref");
  if (it == request.params.end() || it->second.empty() || it->second.size() > 200) {
    return std::nullopt;
  }
  for (char c : it->second) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  }
  return it->second;
}

Response badPerson() {
  return jsonError(422, "ref", "format", "The person reference must be 1 to 200 characters.");
}

std::optional<Response> onlyParams(const Request& request, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query) {
    bool ok = false;
    for (auto k : known) ok |= name == k;
    if (!ok) {
      return jsonError(422, name, "unknown-parameter", "Unknown query parameter '" + name + "'.");
    }
  }
  return std::nullopt;
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

  router.add("GET", p + "/people/{ref}/views",
             withPrincipal(accounts, [&cases](const Request& request, const Principal& who) {
               if (auto r = onlyParams(request, {"limit"})) return *r;
               auto ref = personParam(request);
               if (!ref) return badPerson();
               int limit = 1000;
               if (request.hasQuery("limit")) {
                 std::string v = request.queryParam("limit");
                 auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
                 if (ec != std::errc() || end != v.data() + v.size() || limit < 1 || limit > 10000) {
                   return jsonError(422, "limit", "range", "limit must be from 1 to 10000.");
                 }
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
             }));

  router.add("GET", p + "/people/{ref}/subject-access",
             withPrincipal(accounts, [&cases](const Request& request, const Principal& who) {
               if (auto r = onlyParams(request, {"format"})) return *r;
               auto ref = personParam(request);
               if (!ref) return badPerson();
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
               r.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"subject-access.pdf\"");
               return r;
             }));

  router.add("POST", p + "/people/{ref}/rectification",
             withPrincipal(accounts, [&cases](const Request& request, const Principal& who) {
               if (auto r = onlyParams(request, {})) return *r;
               auto ref = personParam(request);
               if (!ref) return badPerson();
               if (!allowed(who, Permission::kDataProtection)) {
                 return errorFor(forbidden().value(), request);
               }
               json body = json::parse(request.body, nullptr, false);
               if (body.is_discarded() || !body.is_object()) {
                 return jsonError(422, "body", "json", "The body must be a JSON object.");
               }
               auto reason = body.find("reason");
               auto n = rectify(cases, who, *ref, body.value("person", json()),
                                reason != body.end() && reason->is_string()
                                    ? reason->get<std::string>()
                                    : std::string());
               if (!n) return errorFor(n.error(), request);
               return jsonResponse(200, json{{"person_ref", *ref}, {"cases_corrected", *n}});
             }));
}

}  // namespace charter::api
