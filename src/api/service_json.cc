#include "api/service_json.h"

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
}

}  // namespace charter::api
