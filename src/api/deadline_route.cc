// GET /api/v1/calendar/deadline: day zero and the Code's due dates for a complaint received
// at a given time, with the explanation.
#include "api/deadline_route.h"

#include <map>
#include <mutex>

#include "api/case_json.h"
#include "api/errors.h"
#include "calendar/working_calendar.h"

namespace charter::api {

using http::jsonError;
using http::jsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response errorResponse(const Error& e, const Request& request) { return errorFor(e, request); }

// ---- the deadline helper -------------------------------------------------------------

// The effective policy with its calendar read for another nation, built once per (policy,
// nation) and kept (a calendar table is a few hundred kilobytes).
Result<std::shared_ptr<const Policy>> policyForNation(const Policy& eff, Nation nation) {
  static std::mutex mu;
  static std::map<std::pair<const Policy*, int>, std::shared_ptr<const Policy>> cache;
  std::lock_guard lock(mu);
  auto key = std::make_pair(&eff, static_cast<int>(nation));
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto copy = std::make_shared<Policy>(eff);
  copy->predecessor = nullptr;  // already the policy in force for the receipt
  copy->calendar.nation = nation;
  auto cal = WorkingCalendar::build(copy->calendar);
  if (!cal) return tl::unexpected(cal.error());
  copy->working_calendar = *cal;
  cache.emplace(key, copy);
  return std::shared_ptr<const Policy>(copy);
}

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
  const Policy& policy = service.policy();
  if (!policy.working_calendar) return jsonError(500, "", "internal", "The policy has no calendar.");
  const Policy* eff = &policy.effectiveFor(policy.working_calendar->localDate(*received));
  std::shared_ptr<const Policy> keep;
  if (request.hasQuery("nation")) {
    auto nation = parseNation(request.queryParam("nation"), "nation");
    if (!nation) return errorResponse(nation.error(), request);
    if (*nation != eff->calendar.nation || !eff->working_calendar) {
      auto p = policyForNation(*eff, *nation);
      if (!p) return errorResponse(p.error(), request);
      keep = *p;
      eff = keep.get();
    }
  }
  const WorkingCalendar& cal = eff->working_calendar ? *eff->working_calendar
                                                     : *policy.working_calendar;
  Event e;
  e.seq = 1;
  e.type = std::string(event_type::kReceived);
  e.at = *received;
  e.recorded_at = *received;
  e.actor = "deadline";
  e.data = json{{"kind", "complaint"}, {"channel", std::string(slug(channel))},
                {"summary", ""}, {"policy", eff->id}};
  CaseState state = CaseState::fold(0, "", {e});
  DayZero zero = cal.dayZero(*received);
  json clocks = json::array();
  for (const auto& c : evaluateClocks(state, *eff, zero.date)) clocks.push_back(clockJson(c));
  return jsonResponse(200, json{{"received_at", formatInstant(*received)},
                                {"nation", std::string(nationSlug(eff->calendar.nation))},
                                {"policy", eff->id},
                                {"local_time", zero.local_time},
                                {"day_zero", formatDate(zero.date)},
                                {"explanation", zero.explanation},
                                {"clocks", std::move(clocks)}});
}

}  // namespace charter::api
