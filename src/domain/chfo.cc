#include "domain/chfo.h"

#include <fmt/format.h>

namespace charter {
namespace {

using json = nlohmann::json;

int numberOf(const json& d) {
  auto it = d.find("number");
  return it != d.end() && it->is_number_integer() ? it->get<int>() : 0;
}

std::vector<Event> one(std::string_view type, Instant at, json data) {
  Event e;
  e.type = std::string(type);
  e.at = at;
  e.data = std::move(data);
  return {std::move(e)};
}

const OmbudsmanChfo* findChfo(const CaseState& s, int n) {
  if (!s.ombudsman) return nullptr;
  for (const auto& c : s.ombudsman->chfos) {
    if (c.number == n) return &c;
  }
  return nullptr;
}

}  // namespace

bool isChfoEvent(std::string_view t) {
  return t == event_type::kOmbudsmanChfoIssued || t == event_type::kOmbudsmanChfoCompleted;
}

void applyChfo(CaseState& s, const Event& e) {
  if (!s.ombudsman) return;
  const json& d = e.data;
  if (e.type == event_type::kOmbudsmanChfoIssued) {
    OmbudsmanChfo c;
    c.number = numberOf(d);
    c.issued_on = dataDate(d, "issued_on").value_or(Date{});
    c.provision = dataText(d, "provision");
    c.order = dataText(d, "order");
    c.comply_by = dataDate(d, "comply_by").value_or(Date{});
    s.ombudsman->chfos.push_back(std::move(c));
    return;
  }
  for (auto& c : s.ombudsman->chfos) {
    if (c.number != numberOf(d)) continue;
    c.completed_on = dataDate(d, "completed_on");
    c.evidence = dataText(d, "evidence");
  }
}

std::vector<Clock> chfoClocks(const CaseState& s, Date today) {
  std::vector<Clock> out;
  if (!s.ombudsman) return out;
  for (const auto& c : s.ombudsman->chfos) {
    Clock k = dateClock(
        fmt::format("chfo.{}", c.number),
        fmt::format("Complaint Handling Failure Order {}: {}", c.number, clipText(c.order, 60)),
        c.issued_on, c.comply_by, c.completed_on, today,
        fmt::format("Complaint Handling Failure Order issued by the Housing Ombudsman on {} ({}) "
                    "for a failure under {}, to be complied with by {}.",
                    formatDateLong(c.issued_on), s.ombudsman->reference, c.provision,
                    formatDateLong(c.comply_by)));
    k.statutory = true;
    k.provision = "Housing Ombudsman Scheme (Complaint Handling Failure Order)";
    out.push_back(std::move(k));
  }
  return out;
}

namespace aftercare {

Result<std::vector<Event>> issueChfo(const AftercareStep& a) {
  if (a.state.kind != CaseKind::kComplaint) {
    return conflict("not-a-complaint",
                    fmt::format("\"ombudsman_chfo\" applies only to complaints; this case is a {}.",
                                displayName(a.state.kind)));
  }
  const auto& om = a.state.ombudsman;
  if (!om) {
    return conflict("no-referral",
                    "A Complaint Handling Failure Order is issued on a complaint the Ombudsman "
                    "holds: record the Ombudsman referral first; it may be "
                    "recorded once a response is overdue.");
  }
  if (om->chfos.size() >= fields::kMaxItems) {
    return conflict("too-many", fmt::format("A case holds at most {} Complaint Handling Failure "
                                            "Orders.", fields::kMaxItems));
  }
  CHARTER_TRY(issued_on, happenedOn(a, "issued_on", om->referred_on, "the referral"));
  CHARTER_TRY(provision, a.body.text("provision", fields::kShortText, true));
  CHARTER_TRY(text, a.body.text("order", fields::kLongText, true));
  CHARTER_TRY(comply_by, a.body.date("comply_by", true));
  if (*comply_by < issued_on) {
    return invalid("comply_by", "not-later",
                   fmt::format("must be on or after the day the order was issued ({})",
                               formatDateLong(issued_on)));
  }
  return one(event_type::kOmbudsmanChfoIssued, a.at,
             {{"number", static_cast<int>(om->chfos.size()) + 1},
              {"issued_on", formatDate(issued_on)},
              {"provision", provision},
              {"order", text},
              {"comply_by", formatDate(*comply_by)}});
}

Result<std::vector<Event>> completeChfo(const AftercareStep& a) {
  CHARTER_TRY(n, itemNumber(a, "chfo"));
  const OmbudsmanChfo* c = findChfo(a.state, n);
  if (c == nullptr) {
    return conflict("unknown-chfo",
                    fmt::format("This case has no Complaint Handling Failure Order {}.", n),
                    "chfo");
  }
  if (c->completed_on) {
    return conflict("already-completed",
                    fmt::format("Complaint Handling Failure Order {} was already complied with "
                                "on {}.",
                                n, formatDateLong(*c->completed_on)),
                    "chfo");
  }
  CHARTER_TRY(on, happenedOn(a, "completed_on", c->issued_on, "the day it was issued"));
  CHARTER_TRY(evidence, a.body.text("evidence", fields::kLongText, false));
  json data = {{"number", n}, {"completed_on", formatDate(on)}};
  if (!evidence.empty()) data["evidence"] = evidence;
  return one(event_type::kOmbudsmanChfoCompleted, a.at, std::move(data));
}

}  // namespace aftercare
}  // namespace charter
