#include "api/service_json.h"

#include "domain/asb.h"
#include "domain/compliments.h"
#include "domain/location.h"
#include "domain/repairs.h"

namespace charter::api {

using nlohmann::json;

namespace {

json textOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json repairJson(const CaseState& s) {
  RepairRecord r = repairOf(s);
  json appointments = json::array();
  for (const auto& ap : r.appointments) {
    appointments.push_back({{"number", ap.number},
                            {"date", formatDate(ap.date)},
                            {"slot", ap.slot},
                            {"contractor", textOrNull(ap.contractor)},
                            {"outcome", ap.outcome},
                            {"reason", textOrNull(ap.reason)}});
  }
  return json{{"appointments", std::move(appointments)},
              {"contractor", textOrNull(r.contractor)},
              {"completed_at", r.completed_at ? json(formatInstant(*r.completed_at)) : json()},
              {"inspection",
               r.inspection.empty()
                   ? json(nullptr)
                   : json{{"outcome", r.inspection},
                          {"notes", r.inspection_notes},
                          {"inspected_on",
                           r.inspected_on ? json(formatDate(*r.inspected_on)) : json()}}}};
}

json complimentJson(const CaseState& s) {
  json shared = json::array();
  for (const auto& c : sharesOf(s)) {
    shared.push_back({{"with", c.with}, {"shared_on", formatDate(c.shared_on)}, {"by", c.by}});
  }
  return json{{"about", textOrNull(aboutOf(s))}, {"shared", std::move(shared)}};
}

json instantOrNull(const std::optional<Instant>& t) {
  return t ? json(formatInstant(*t)) : json(nullptr);
}

json dateOrNull(const std::optional<Date>& d) { return d ? json(formatDate(*d)) : json(nullptr); }

json asbJson(const CaseState& s) {
  AsbRecord r = asbOf(s);
  json reviews = json::array();
  for (const auto& rv : r.reviews) {
    reviews.push_back({{"reviewed_at", formatInstant(rv.reviewed_at)},
                       {"notes", rv.notes},
                       {"next_review_on", dateOrNull(rv.next_review_on)}});
  }
  return json{{"level", textOrNull(r.level)},
              {"party_ref", textOrNull(r.party_ref)},
              {"hate_incident", r.hate_incident},
              {"contacted_at", instantOrNull(r.contacted_at)},
              {"plan", textOrNull(r.plan)},
              {"plan_agreed_at", instantOrNull(r.plan_agreed_at)},
              {"next_review_on", dateOrNull(r.next_review_on)},
              {"reviews", std::move(reviews)},
              {"closed_at", instantOrNull(r.closed_at)},
              {"outcome", textOrNull(r.outcome)},
              {"satisfaction", textOrNull(r.satisfaction)}};
}

}  // namespace

void addServiceJson(json& out, const CaseState& s) {
  out["category"] = textOrNull(categoryOf(s));
  out["about"] = textOrNull(aboutOf(s));
  const auto resolved = resolvedAtFirstContact(s);
  out["resolved_at_first_contact"] = resolved ? json(*resolved) : json(nullptr);
  const auto location = locationOf(s);
  out["location"] = location ? locationJson(*location) : json(nullptr);
  out["repair"] = s.kind == CaseKind::kServiceRequest ? repairJson(s) : json(nullptr);
  out["compliment"] = s.kind == CaseKind::kCompliment ? complimentJson(s) : json(nullptr);
  out["asb"] = s.kind == CaseKind::kAsbReport ? asbJson(s) : json(nullptr);
}

}  // namespace charter::api
