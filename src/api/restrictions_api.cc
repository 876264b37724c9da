#include "api/restrictions_api.h"

#include "api/api_auth.h"
#include "api/body.h"
#include "api/errors.h"
#include "api/params.h"

namespace charter::api {
namespace {

using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

Response answer(RestrictionService& service, const Principal& who,
                const Result<PersonRestrictions>& r, const Request& request, int status) {
  if (!r) return errorFor(r.error(), request);
  auto today = service.today(who);
  if (!today) return errorFor(today.error(), request);
  return jsonResponse(status, restrictionsJson(*r, *today));
}

Response list(RestrictionService& service, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto ref = personRefParam(request);
  if (!ref) return errorFor(ref.error(), request);
  return answer(service, who, service.get(who, *ref), request, 200);
}

Response create(RestrictionService& service, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto ref = personRefParam(request);
  if (!ref) return errorFor(ref.error(), request);
  auto parsed = jsonBody(request);
  if (auto* r = std::get_if<Response>(&parsed)) return *r;
  return answer(service, who, service.act(who, *ref, std::get<json>(parsed)), request, 201);
}

Response act(RestrictionService& service, const Request& request, const Principal& who) {
  if (auto ok = onlyQueryParams(request, {}); !ok) return errorFor(ok.error(), request);
  auto ref = personRefParam(request);
  if (!ref) return errorFor(ref.error(), request);
  auto it = request.params.find("number");
  auto number = parsePositive(it == request.params.end() ? "" : it->second);
  if (!number || *number > 100000) {
    return errorFor(Error{ErrorKind::kInvalid, "number", "format",
                          "The restriction number must be a positive whole number."},
                    request);
  }
  auto parsed = jsonBody(request);
  if (auto* r = std::get_if<Response>(&parsed)) return *r;
  return answer(service, who,
                service.actOn(who, *ref, static_cast<int>(*number), std::get<json>(parsed)),
                request, 200);
}

using Handler = Response (*)(RestrictionService&, const Request&, const Principal&);

http::Handler route(RestrictionService& service, AccountService& accounts, Handler h) {
  return withPrincipal(accounts, [&service, h](const Request& request, const Principal& who) {
    return h(service, request, who);
  });
}

}  // namespace

void addRestrictionRoutes(http::Router& router, RestrictionService& restrictions,
                          AccountService& accounts) {
  const std::string p = "/api/v1/people/{ref}/restrictions";
  router.add("GET", p, route(restrictions, accounts, list));
  router.add("POST", p, route(restrictions, accounts, create));
  router.add("POST", p + "/{number}/actions", route(restrictions, accounts, act));
}

}  // namespace charter::api
