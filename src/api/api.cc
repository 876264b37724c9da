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
  virtual Result<CaseView> get(const Principal& p, CaseId id) = 0;
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
  Result<CaseView> get(const Principal& p, CaseId id) override { return c_.get(p, id, "api"); }
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

Response listCases(Cases& cases, const Principal& who, const Request& request) {
  auto service = cases.service(who);
  if (!service) return errorFor(service.error(), request);
  auto query = caseQueryOf(request, (*service)->today());
  if (!query) return errorFor(query.error(), request);
  const int limit = query->limit;
  auto page = cases.list(who, std::move(*query));
  if (!page) return errorFor(page.error(), request);
  return jsonResponse(200, casePageJson(*page, limit));
}

Response getCase(Cases& cases, const Principal& who, const Request& request) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto id = caseIdParam(request);
  if (!id) return errorFor(id.error(), request);
  auto view = cases.get(who, *id);
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
                   std::function<bool()> ready) {
  const std::string p = "/api/v1";
  router.add("GET", p + "/health", [cases, ready = std::move(ready)](const Request&) {
    return health(*cases, ready);
  });
  router.add("GET", p + "/openapi.json",
             [](const Request&) { return jsonResponse(200, openApiDocument()); });
  router.add("GET", p + "/calendar/deadline", signedIn(cases, calendarDeadline));
  router.add("POST", p + "/cases", signedIn(cases, createCase));
  router.add("GET", p + "/cases", signedIn(cases, listCases));
  router.add("GET", p + "/cases/{id}", signedIn(cases, getCase));
  router.add("POST", p + "/cases/{id}/actions", signedIn(cases, actOnCase));
}

}  // namespace

void addRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
               std::function<bool()> ready) {
  addCaseRoutes(router, std::make_shared<SignedInCases>(cases, accounts), std::move(ready));
  addDataProtectionRoutes(router, cases, accounts);
}

}  // namespace charter::api
