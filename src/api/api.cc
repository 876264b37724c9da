// The case routes of the JSON API v1: who is asking, then the request checked at the edge
// (api/body.h for the body, api/params.h and api/list_query.h for parameters), then one call
// to the case use cases, its Error mapped by api/errors.h. Responses are dumped with invalid
// UTF-8 replaced, so no input can make a handler throw.
#include "api/api.h"

#include <variant>

#include "api/api_auth.h"
#include "api/body.h"
#include "api/case_json.h"
#include "api/deadline_route.h"
#include "api/errors.h"
#include "api/list_query.h"
#include "api/params.h"
#include "app/authz.h"
#include "app/case_list_csv.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// The case use cases the routes call, for the principal of one request: AuthorisedCases, for
// signed-in people and API tokens (the one way into cases).
class Cases {
 public:
  virtual ~Cases() = default;
  // Who is asking, or the 401/403 to answer.
  virtual std::variant<Principal, Response> who(const Request& request) = 0;
  virtual Result<CaseView> create(const Principal& p, json body) = 0;
  virtual Result<CaseView> act(const Principal& p, CaseId id, const json& body) = 0;
  // The case to show (GET /cases/{id}): its view is durable before the response is sent
  // (AuthorisedCases::show).
  virtual Result<CaseView> show(const Principal& p, CaseId id) = 0;
  virtual Result<CasePage> list(const Principal& p, CaseQuery query) = 0;
  virtual Result<CaseService*> service(const Principal& p) = 0;
};

class SignedInCases final : public Cases {
 public:
  SignedInCases(AuthorisedCases& c, AccountService& a) : c_(c), a_(a) {}
  std::variant<Principal, Response> who(const Request& request) override {
    return authenticate(request, a_);
  }
  Result<CaseView> create(const Principal& p, json body) override {
    return c_.create(p, std::move(body));
  }
  Result<CaseView> act(const Principal& p, CaseId id, const json& body) override {
    return c_.act(p, id, body);
  }
  Result<CaseView> show(const Principal& p, CaseId id) override { return c_.show(p, id, "api"); }
  Result<CasePage> list(const Principal& p, CaseQuery query) override {
    return c_.list(p, std::move(query));
  }
  Result<CaseService*> service(const Principal& p) override { return c_.service(p); }

 private:
  AuthorisedCases& c_;
  AccountService& a_;
};

// The principal of the request, with X-Charter-Actor checked and (for API tokens) taken as
// whom the calling system acts for; or the response to send instead.
std::variant<Principal, Response> principalOf(Cases& cases, const Request& request) {
  auto who = cases.who(request);
  if (std::holds_alternative<Response>(who)) return who;
  Principal p = std::get<Principal>(std::move(who));
  auto actor = actorOf(request);
  if (!actor) return errorFor(actor.error(), request);
  if (p.api_token && request.headers.count("x-charter-actor")) p.acting_for = *actor;
  return p;
}

// A route handler given the principal (already authenticated) and the case use cases.
using CaseHandler = Response (*)(Cases&, const Principal&, const Request&);

http::Handler signedIn(std::shared_ptr<Cases> cases, CaseHandler handler) {
  return [cases = std::move(cases), handler](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    return handler(*cases, std::get<Principal>(who), request);
  };
}

// The first answer to a keyed request, given again.
Response replayed(const IdempotentAnswer& first) {
  Response r;
  r.status = first.status;
  r.body = first.body;
  r.headers.emplace_back("Idempotent-Replayed", "true");
  if (first.status == 201) {
    auto j = json::parse(first.body, nullptr, false);
    if (j.is_object() && j.contains("id") && j["id"].is_number_integer())
      r.headers.emplace_back("Location", caseLocation(j["id"].get<CaseId>()));
  }
  return r;
}

// A signed-in write that honours an Idempotency-Key header (app/idempotency.h) when `keys` is
// set: checked, claimed, acted on once, its answer kept; a repeat gets the first answer.
http::Handler keyed(std::shared_ptr<Cases> cases, CaseHandler handler, Idempotency* keys) {
  return [cases = std::move(cases), handler, keys](const Request& request) {
    auto who = principalOf(*cases, request);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    const Principal& p = std::get<Principal>(who);
    if (!keys || !request.headers.count("idempotency-key")) return handler(*cases, p, request);
    const std::string key = request.header("idempotency-key");
    if (auto ok = checkIdempotencyKey(key); !ok) return errorFor(ok.error(), request);
    const std::string principal = idempotencyPrincipal(p);
    auto first = keys->begin(p.landlord, principal, key,
                             idempotencyFingerprint(request.method, request.target, request.body));
    if (!first) return errorFor(first.error(), request);
    if (*first) return replayed(**first);
    Response r = handler(*cases, p, request);
    if (auto kept = keys->finish(p.landlord, principal, key, r.status, r.body); !kept)
      r.headers.emplace_back("Idempotent-Kept", "false");
    return r;
  };
}

Response created(const CaseView& view) {
  Response r = jsonResponse(201, caseJson(view));
  r.headers.emplace_back("Location", caseLocation(view.state.id));
  return r;
}

// GET /health: 200 when the store answers (ready(), else a one-row list), 503 otherwise.
Response health(Cases& cases, const std::function<bool()>& ready) {
  std::string why;
  if (ready) {
    if (!ready()) why = "The store is not ready.";
  } else {
    Principal admin;
    admin.landlord = 1;
    admin.role = Role::kComplaintsAdmin;
    auto service = cases.service(admin);
    CaseQuery q;
    q.limit = 1;
    auto page = service ? (*service)->list(q) : Result<CasePage>(tl::unexpected(service.error()));
    if (!page) why = page.error().message.empty() ? "Not ready." : page.error().message;
  }
  if (!why.empty()) {
    Response r = jsonError(503, "", "unavailable", why);
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  return jsonResponse(200, json{{"status", "ok"}});
}

Response calendarDeadline(Cases& cases, const Principal& who, const Request& request) {
  auto service = cases.service(who);
  if (!service) return errorFor(service.error(), request);
  return deadline(**service, request);
}

Response createCase(Cases& cases, const Principal& who, const Request& request) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto body = jsonBody(request);
  if (auto* r = std::get_if<Response>(&body)) return *r;
  auto view = cases.create(who, std::get<json>(std::move(body)));
  if (!view) return errorFor(view.error(), request);
  return created(*view);
}

// A whole list as a file to download.
Response download(std::string type, std::string filename, std::string body) {
  Response r;
  r.status = 200;
  r.content_type = std::move(type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

// GET /cases: JSON pages, or with ?format=csv (or Accept: text/csv and no format) every
// matching case as one CSV file, with ?format=xlsx as one XLSX workbook (app/case_list_csv.h).
Response listCases(Cases& cases, const Principal& who, const Request& request) {
  auto service = cases.service(who);
  if (!service) return errorFor(service.error(), request);
  auto query = caseQueryOf(request, (*service)->today());
  if (!query) return errorFor(query.error(), request);
  auto lister = [&](const CaseQuery& q) { return cases.list(who, q); };
  if (wantsCsv(request) || wantsXlsx(request)) {
    const bool csv = wantsCsv(request);
    auto file = csv ? caseListCsv(lister, *query) : caseListXlsx(lister, *query);
    if (!file) return errorFor(file.error(), request);
    return csv ? download("text/csv; charset=utf-8", "cases.csv", std::move(*file))
               : download(kXlsxType, "cases.xlsx", std::move(*file));
  }
  const int limit = query->limit;
  auto page = cases.list(who, std::move(*query));
  if (!page) return errorFor(page.error(), request);
  return jsonResponse(200, casePageJson(*page, limit));
}

Response getCase(Cases& cases, const Principal& who, const Request& request) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto view = cases.show(who, *id);
  if (!view) return errorFor(view.error(), request);
  return jsonResponse(200, caseJson(*view));
}

// POST /cases/{id}/actions: 200 with the case; 201 with the new complaint for
// convert_to_complaint, log_separately and offer_complaint with "complain".
Response actOnCase(Cases& cases, const Principal& who, const Request& request) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto body = jsonBody(request);
  if (auto* r = std::get_if<Response>(&body)) return *r;
  const json& b = std::get<json>(body);
  auto view = cases.act(who, *id, b);
  if (!view) return errorFor(view.error(), request);
  // convert_to_complaint, log_separately (and offer_complaint choosing "complain") answer the
  // new complaint.
  const bool converted = view->state.id != *id;
  return converted ? created(*view) : jsonResponse(200, caseJson(*view));
}

void addCaseRoutes(http::Router& router, const std::shared_ptr<Cases>& cases,
                   std::function<bool()> ready, Idempotency* keys) {
  const std::string p = "/api/v1";
  router.add("GET", p + "/health", [cases, ready = std::move(ready)](const Request&) {
    return health(*cases, ready);
  });
  router.add("GET", p + "/openapi.json",
             [](const Request&) { return jsonResponse(200, openApiDocument()); });
  router.add("GET", p + "/calendar/deadline", signedIn(cases, calendarDeadline));
  router.add("POST", p + "/cases", keyed(cases, createCase, keys));
  router.add("GET", p + "/cases", signedIn(cases, listCases));
  router.add("GET", p + "/cases/{id}", signedIn(cases, getCase));
  router.add("POST", p + "/cases/{id}/actions", keyed(cases, actOnCase, keys));
}

}  // namespace

void addRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
               std::function<bool()> ready, Idempotency* idempotency) {
  addCaseRoutes(router, std::make_shared<SignedInCases>(cases, accounts), std::move(ready),
                idempotency);
  addDataProtectionRoutes(router, cases, accounts);
}

}  // namespace charter::api
