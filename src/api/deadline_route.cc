// GET /api/v1/calendar/deadline: day zero and the Code's due dates for a complaint received
// at a given time, with the explanation (the working out is app/deadline.h's).
#include "api/deadline_route.h"

#include "api/case_json.h"
#include "api/errors.h"
#include "app/deadline.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response errorResponse(const Error& e, const Request& request) { return errorFor(e, request); }

}  // namespace

Response deadline(CaseService& service, const Request& request) {
  for (const auto& [name, value] : request.query) {
    if (name != "received_at" && name != "nation" && name != "channel") {
      return jsonError(422, name, "unknown-parameter",
                       "Unknown query parameter '" + name +
                           "'. Known: received_at, nation, channel.");
    }
    if (request.query.count(name) > 1) {
      return jsonError(422, name, "repeated", "The query parameter '" + name + "' is given twice.");
    }
  }
  if (!request.hasQuery("received_at")) {
    return jsonError(422, "received_at", "required",
                     "received_at is required: when the complaint was received, e.g. "
                     "2025-03-21T17:30:00Z.");
  }
  auto received = parseInstant(request.queryParam("received_at"), "received_at");
  if (!received) return errorResponse(received.error(), request);
  const auto min = std::chrono::sys_days{std::chrono::year{1995} / 1 / 2};
  const auto max = std::chrono::sys_days{std::chrono::year{2099} / 12 / 1};
  if (*received < min || *received > max) {
    return jsonError(422, "received_at", "range",
                     "received_at must be between 1995 and 2099.");
  }
  Channel channel = Channel::kPhone;
  if (request.hasQuery("channel")) {
    auto c = parseChannel(request.queryParam("channel"), "channel");
    if (!c) return errorResponse(c.error(), request);
    channel = *c;
  }
  DeadlineQuestion question;
  question.received = *received;
  question.channel = channel;
  if (request.hasQuery("nation")) {
    auto nation = parseNation(request.queryParam("nation"), "nation");
    if (!nation) return errorResponse(nation.error(), request);
    question.nation = *nation;
  }
  auto d = workOutDeadlines(service.policy(), question);
  if (!d) return errorResponse(d.error(), request);
  json clocks = json::array();
  for (const auto& c : d->clocks) clocks.push_back(clockJson(c));
  return jsonResponse(200, json{{"received_at", formatInstant(*received)},
                                {"nation", std::string(nationSlug(d->policy->calendar.nation))},
                                {"policy", d->policy->id},
                                {"local_time", d->day_zero.local_time},
                                {"day_zero", formatDate(d->day_zero.date)},
                                {"explanation", d->day_zero.explanation},
                                {"clocks", std::move(clocks)}});
}

}  // namespace charter::api
