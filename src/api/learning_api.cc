#include "api/learning_api.h"

#include "api/api_auth.h"
#include "api/errors.h"
#include "api/params.h"
#include "app/authz.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using json = nlohmann::json;

namespace {

json optionalDate(const std::optional<Date>& d) { return d ? json(formatDate(*d)) : json(nullptr); }

}  // namespace

json actionPlanJson(const ActionPlan& plan) {
  json quarters = json::array();
  for (const auto& q : plan.quarters) {
    json areas = json::array();
    for (const auto& area : q.areas) {
      json actions = json::array();
      for (const auto& item : area.actions) {
        const auto& a = item.action;
        actions.push_back({{"case_id", std::to_string(a.case_id)},
                           {"reference", a.reference},
                           {"number", a.number},
                           {"lesson", a.lesson},
                           {"owner", a.owner},
                           {"raised_on", formatDate(a.raised_on)},
                           {"due", formatDate(a.due)},
                           {"completed_on", optionalDate(a.completed_on)},
                           {"improvement", a.improvement},
                           {"published", a.published},
                           {"status", item.status},
                           {"carried_over", item.carried_over}});
      }
      areas.push_back({{"service_area", area.service_area}, {"actions", std::move(actions)}});
    }
    quarters.push_back({{"quarter", q.quarter.label},
                        {"title", q.quarter.displayName()},
                        {"service_areas", std::move(areas)}});
  }
  return {{"period", plan.period.label},
          {"service_area", plan.service_area.empty() ? json(nullptr) : json(plan.service_area)},
          {"quarters", std::move(quarters)}};
}

json youSaidWeDidJson(const std::vector<PublicImprovement>& list) {
  json items = json::array();
  for (const auto& i : list) {
    items.push_back({{"service_area", i.service_area},
                     {"you_said", i.you_said},
                     {"we_did", i.we_did},
                     {"month", formatDate(i.completed_on).substr(0, 7)}});
  }
  return {{"items", std::move(items)}};
}

namespace {

// GET /learning-actions?period=..[&service_area=..]: signed in, a role that may see reports.
Response actionPlanRoute(LearningService& learning, const Request& request, const Principal& who) {
  if (!allowed(who, Permission::kViewReports)) return errorFor(forbidden().value(), request);
  if (auto ok = onlyQueryParams(request, {"period", "service_area"}); !ok) {
    return errorFor(ok.error(), request);
  }
  if (!request.hasQuery("period")) {
    return jsonError(422, "period", "required",
                     "give a period: a financial year \"2025-26\" or a quarter \"2025-26-Q1\"");
  }
  auto period = measures::parsePeriod(request.queryParam("period"));
  if (!period) return errorFor(period.error(), request);
  auto plan = learning.actionPlan(who.landlord, *period, request.queryParam("service_area"));
  if (!plan) return errorFor(plan.error(), request);
  return jsonResponse(200, actionPlanJson(*plan));
}

// GET /public/you-said-we-did: no sign-in.
Response youSaidWeDidRoute(LearningService& learning, LandlordId landlord,
                           const Request& request) {
  auto list = learning.youSaidWeDid(landlord);
  if (!list) return errorFor(list.error(), request);
  return jsonResponse(200, youSaidWeDidJson(*list));
}

}  // namespace

void addLearningRoutes(http::Router& router, LearningService& learning, AccountService& accounts,
                       LandlordId public_landlord) {
  router.add("GET", "/api/v1/learning-actions",
             withPrincipal(accounts, [&learning](const Request& request, const Principal& who) {
               return actionPlanRoute(learning, request, who);
             }));
  router.add("GET", "/api/v1/public/you-said-we-did",
             [&learning, public_landlord](const Request& request) {
               return youSaidWeDidRoute(learning, public_landlord, request);
             });
}

}  // namespace charter::api
