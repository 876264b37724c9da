// The Open311 routes: who is asking (api_key), the parameters read from the query or the form
// body, one call to app/open311.h, and every answer or error in GeoReport v2's JSON shapes.
#include "api/open311_api.h"

#include <memory>
#include <variant>

#include <spdlog/spdlog.h>

#include "api/errors.h"
#include "app/open311.h"
#include "domain/location.h"

namespace charter::api {

using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxForm = 64 * 1024;
constexpr std::string_view kBase = "/open311/v2";

// GeoReport v2's error list, with Charter's field and rule.
Response open311Error(int status, std::string_view field, std::string_view rule,
                      std::string_view message) {
  json e = {{"code", status},
            {"description", field.empty() ? std::string(message)
                                          : std::string(field) + ": " + std::string(message)}};
  if (!field.empty()) e["field"] = field;
  if (!rule.empty()) e["rule"] = rule;
  return jsonResponse(status, json::array({std::move(e)}));
}

// The app's Error in Open311's mapping: the spec's 400 for an invalid parameter and 403 for a
// bad key; the rest as api/errors.h maps them.
Response open311Error(const Error& e, const Request& request) {
  int status = statusFor(e.kind);
  if (e.kind == ErrorKind::kInvalid) status = 400;
  if (e.kind == ErrorKind::kUnauthenticated) status = 403;
  if (status >= 500) {
    spdlog::error("request {} {} {}: {} ({})", request.request_id, request.method, request.path,
                  e.message, e.rule);
  }
  if (status == 500) {
    return open311Error(500, "", "internal",
                        "Something went wrong on our side. Quote request id " +
                            request.request_id + " if you report it.");
  }
  Response r = open311Error(status, e.field, e.rule.empty() ? "invalid" : e.rule, e.message);
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

// The parameters: the query's, then (POST) the form body's.
std::variant<Open311Fields, Response> fieldsOf(const Request& request) {
  Open311Fields fields(request.query.begin(), request.query.end());
  if (request.method != "POST") return fields;
  const std::string type = request.header("content-type");
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0) {
    return open311Error(415, "Content-Type", "media-type",
                        "send the report as application/x-www-form-urlencoded");
  }
  if (request.body.size() > kMaxForm) {
    return open311Error(413, "body", "size", "the report may be at most 64 KB");
  }
  auto form = http::parseQuery(request.body);
  if (!form) return open311Error(400, "body", "encoding", "the form is not well encoded UTF-8");
  fields.insert(form->begin(), form->end());
  return fields;
}

std::string first(const Open311Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

// The principal the api_key (or a bearer token) names, of the landlord any jurisdiction_id
// names; or the 403/400 to send.
std::variant<Principal, Response> principalOf(AuthorisedCases& cases, AccountService& accounts,
                                              const Request& request, const Open311Fields& f) {
  Credentials c;
  c.bearer = first(f, "api_key");
  if (c.bearer.empty()) {
    const std::string auth = request.header("authorization");
    if (auth.rfind("Bearer ", 0) == 0) c.bearer = auth.substr(7);
  }
  if (c.bearer.empty()) {
    return open311Error(403, "api_key", "required", "give the landlord's api_key");
  }
  auto who = accounts.bearer(c.bearer);
  if (!who) {
    if (isUnauthenticated(who.error()) || who.error().kind == ErrorKind::kNotFound) {
      return open311Error(403, "api_key", "invalid", "the api_key is not valid");
    }
    return open311Error(who.error(), request);
  }
  const std::string jurisdiction = first(f, "jurisdiction_id");
  if (!jurisdiction.empty()) {
    auto landlord = cases.landlords().landlord(who->landlord);
    if (!landlord) return open311Error(landlord.error(), request);
    if (landlord->slug != jurisdiction) {
      return open311Error(400, "jurisdiction_id", "enum",
                          "the api_key belongs to the jurisdiction " + landlord->slug);
    }
  }
  return *who;
}

json serviceJson(const Open311Service& s) {
  return json{{"service_code", s.code},     {"service_name", s.name},
              {"description", s.description}, {"metadata", false},
              {"type", "realtime"},           {"keywords", s.category.empty() ? "" : "repair"},
              {"group", "Repairs"}};
}

json nullIfEmpty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Why a request is closed, in words; null while open.
json statusNotes(CaseStatus status) {
  switch (status) {
    case CaseStatus::kOpen: return nullptr;
    case CaseStatus::kResponded: return "Done: the landlord has answered or completed it.";
    case CaseStatus::kClosed: return "Closed.";
    case CaseStatus::kRefused: return "Refused.";
    case CaseStatus::kWithdrawn: return "Withdrawn.";
  }
  return nullptr;
}

json requestJson(const CaseView& view, const Policy& policy) {
  const CaseState& s = view.state;
  const std::string code = open311ServiceCode(s);
  std::string name = code;
  for (const auto& service : open311Services(policy)) {
    if (service.code == code) name = service.name;
  }
  const auto location = locationOf(s);
  const auto expected = open311ExpectedAt(view, policy);
  Instant updated = s.received_at;
  for (const auto& e : s.events) updated = std::max(updated, e.recorded_at);
  return json{
      {"service_request_id", s.reference},
      {"status", open311Status(s.status)},
      {"status_notes", statusNotes(s.status)},
      {"service_name", name},
      {"service_code", code},
      {"description", s.summary},
      {"agency_responsible", nullIfEmpty(s.owner)},
      {"service_notice", nullptr},
      {"requested_datetime", formatInstant(s.received_at)},
      {"updated_datetime", formatInstant(updated)},
      {"expected_datetime", expected ? json(formatInstant(*expected)) : json(nullptr)},
      {"address", location ? nullIfEmpty(location->address) : json(nullptr)},
      {"address_id", nullptr},
      {"zipcode", nullptr},
      {"lat", location && location->latitude ? json(*location->latitude) : json(nullptr)},
      {"long", location && location->longitude ? json(*location->longitude) : json(nullptr)},
      {"media_url", nullptr}};
}

// The routes' shared state.
struct Open311 {
  AuthorisedCases& cases;
  AccountService& accounts;
  Idempotency* keys;
};

Response services(Open311& o, const Request& request) {
  auto f = fieldsOf(request);
  if (auto* r = std::get_if<Response>(&f)) return *r;
  const auto& fields = std::get<Open311Fields>(f);
  LandlordId landlord = 0;
  const std::string jurisdiction = first(fields, "jurisdiction_id");
  if (!first(fields, "api_key").empty() || jurisdiction.empty()) {
    auto who = principalOf(o.cases, o.accounts, request, fields);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    landlord = std::get<Principal>(who).landlord;
  } else {
    auto record = o.cases.landlords().bySlug(jurisdiction);
    if (!record) {
      return record.error().kind == ErrorKind::kNotFound
                 ? open311Error(404, "jurisdiction_id", "not-found", "no such jurisdiction")
                 : open311Error(record.error(), request);
    }
    landlord = record->id;
  }
  auto policy = o.cases.landlords().policy(landlord);
  if (!policy) return open311Error(policy.error(), request);
  json out = json::array();
  for (const auto& s : open311Services(**policy)) out.push_back(serviceJson(s));
  return jsonResponse(200, out);
}

Response postRequest(Open311& o, const Request& request, const Principal& who,
                     const Open311Fields& fields) {
  auto view = logOpen311Request(o.cases, who, fields);
  if (!view) return open311Error(view.error(), request);
  json out = json::array({json{{"service_request_id", view->state.reference},
                               {"service_notice", nullptr},
                               {"account_id", nullptr}}});
  Response r = jsonResponse(201, out);
  r.headers.emplace_back("Location", std::string(kBase) + "/requests/" +
                                         view->state.reference + ".json");
  return r;
}

// A route's work once the parameters are read and the api_key names a principal.
using KeyedHandler = Response (*)(Open311&, const Request&, const Principal&,
                                  const Open311Fields&);

http::Handler withKey(std::shared_ptr<Open311> o, KeyedHandler handler) {
  return [o = std::move(o), handler](const Request& request) {
    auto f = fieldsOf(request);
    if (auto* r = std::get_if<Response>(&f)) return *r;
    const auto& fields = std::get<Open311Fields>(f);
    auto who = principalOf(o->cases, o->accounts, request, fields);
    if (auto* r = std::get_if<Response>(&who)) return *r;
    return handler(*o, request, std::get<Principal>(who), fields);
  };
}

// POST requests.json, once per Idempotency-Key (app/idempotency.h) when keys are kept.
Response createRequest(Open311& o, const Request& request, const Principal& p,
                       const Open311Fields& fields) {
  if (!o.keys || !request.headers.count("idempotency-key")) {
    return postRequest(o, request, p, fields);
  }
  const std::string key = request.header("idempotency-key");
  if (auto ok = checkIdempotencyKey(key); !ok) return open311Error(ok.error(), request);
  const std::string principal = idempotencyPrincipal(p);
  auto firstAnswer = o.keys->begin(
      p.landlord, principal, key,
      idempotencyFingerprint(request.method, request.target, request.body));
  if (!firstAnswer) return open311Error(firstAnswer.error(), request);
  if (*firstAnswer) {
    Response r;
    r.status = (*firstAnswer)->status;
    r.body = (*firstAnswer)->body;
    r.headers.emplace_back("Idempotent-Replayed", "true");
    return r;
  }
  Response r = postRequest(o, request, p, fields);
  if (auto kept = o.keys->finish(p.landlord, principal, key, r.status, r.body); !kept) {
    r.headers.emplace_back("Idempotent-Kept", "false");
  }
  return r;
}

// The requests `filter` finds, as Open311 lists them; with `one`, 404 when there are none.
Response answerRequests(Open311& o, const Request& request, const Principal& who,
                        const Open311Filter& filter, bool one = false) {
  auto policy = o.cases.landlords().policy(who.landlord);
  if (!policy) return open311Error(policy.error(), request);
  auto views = findOpen311Requests(o.cases, who, filter);
  if (!views) return open311Error(views.error(), request);
  if (one && views->empty()) {
    return open311Error(404, "service_request_id", "not-found", "no such service request");
  }
  json out = json::array();
  for (const auto& v : *views) out.push_back(requestJson(v, **policy));
  return jsonResponse(200, out);
}

Response listRequests(Open311& o, const Request& request, const Principal& who,
                      const Open311Fields& fields) {
  auto filter = open311FilterOf(fields);
  if (!filter) return open311Error(filter.error(), request);
  return answerRequests(o, request, who, *filter);
}

// GET requests/{id}.json: the path segment is "CH-000123.json" (or "123.json").
Response getRequest(Open311& o, const Request& request, const Principal& who,
                    const Open311Fields&) {
  std::string id = request.params.count("id") ? request.params.at("id") : std::string();
  constexpr std::string_view kJson = ".json";
  if (id.size() <= kJson.size() || id.compare(id.size() - kJson.size(), kJson.size(), kJson) != 0) {
    return open311Error(404, "path", "not-found", "ask for /open311/v2/requests/ID.json");
  }
  id.resize(id.size() - kJson.size());
  Open311Filter filter;
  filter.ids = {id};
  return answerRequests(o, request, who, filter, true);
}

}  // namespace

void addOpen311Routes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
                      Idempotency* idempotency) {
  auto o = std::make_shared<Open311>(Open311{cases, accounts, idempotency});
  const std::string base(kBase);
  router.add("GET", base + "/services.json", [o](const Request& r) { return services(*o, r); });
  router.add("GET", base + "/requests.json", withKey(o, listRequests));
  router.add("POST", base + "/requests.json", withKey(o, createRequest));
  router.add("GET", base + "/requests/{id}", withKey(o, getRequest));
}

}  // namespace charter::api
