#include "app/learning_service.h"

#include <set>

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

namespace charter {

using measures::Period;

Date LearningService::today() const {
  return policy_->working_calendar ? policy_->working_calendar->localDate(time_.now())
                                   : std::chrono::floor<std::chrono::days>(time_.now());
}

std::string learningStatus(const LearningActionRow& a, Date on) {
  if (a.completed_on && *a.completed_on <= on) {
    return *a.completed_on <= a.due ? "completed" : "completed_late";
  }
  return on > a.due ? "overdue" : "open";
}

namespace {

std::vector<Period> quartersOf(const Period& p) {
  if (p.kind != measures::PeriodKind::kYear) return {p};
  const int y = std::stoi(p.label.substr(0, 4));
  std::vector<Period> out;
  for (int q = 1; q <= 4; ++q) out.push_back(measures::quarter(y, q));
  return out;
}

}  // namespace

Result<ActionPlan> LearningService::actionPlan(LandlordId landlord, const Period& period,
                                               const std::string& service_area) {
  const auto& areas = policy_->service_areas;
  if (!service_area.empty() && !areas.empty() &&
      std::find(areas.begin(), areas.end(), service_area) == areas.end()) {
    std::string list;
    for (const auto& a : areas) list += (list.empty() ? "" : ", ") + a;
    return invalid("service_area", "enum",
                   fmt::format("must be one of the policy's service areas: {}", list));
  }
  auto rows = store_.learningActions(landlord, period.start, period.end);
  if (!rows) return tl::unexpected(rows.error());
  ActionPlan plan{period, service_area, {}};
  for (const Period& q : quartersOf(period)) {
    std::map<std::string, std::vector<PlanItem>> by_area;
    const Date on = std::min(q.end, today());
    for (const auto& a : *rows) {
      if (!service_area.empty() && a.service_area != service_area) continue;
      if (a.raised_on > q.end) continue;
      const bool due_here = q.contains(a.due);
      // Overdue from before the quarter and still not done when it began: carried into it.
      const bool carried = a.due < q.start && (!a.completed_on || *a.completed_on >= q.start);
      if (!due_here && !carried) continue;
      by_area[a.service_area].push_back({a, learningStatus(a, on), carried});
    }
    PlanQuarter pq{q, {}};
    for (auto& [area, items] : by_area) pq.areas.push_back({area, std::move(items)});
    plan.quarters.push_back(std::move(pq));
  }
  return plan;
}

Result<std::vector<PublicImprovement>> LearningService::youSaidWeDid(LandlordId landlord,
                                                                     int limit) {
  auto rows = store_.publishedActions(landlord, limit);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PublicImprovement> out;
  std::set<std::pair<std::string, std::string>> listed;  // one entry per improvement
  for (const auto& a : *rows) {
    if (!a.published || !a.completed_on || a.you_said.empty()) continue;
    if (!listed.emplace(a.you_said, a.improvement).second) continue;
    out.push_back({a.service_area, a.you_said, a.improvement, *a.completed_on});
  }
  return out;
}

Result<LearningFigures> LearningService::learningFigures(LandlordId landlord, const Period& p) {
  auto rows = store_.learningActions(landlord, p.start, p.end);
  if (!rows) return tl::unexpected(rows.error());
  LearningFigures f;
  const Date on = asOf(p);
  std::map<std::string, long> areas;
  for (const auto& a : *rows) {
    if (p.contains(a.raised_on)) {
      ++f.raised;
      ++areas[a.service_area];
    }
    if (a.completed_on && p.contains(*a.completed_on)) {
      ++f.completed;
      if (*a.completed_on <= a.due) ++f.completed_on_time;
      if (a.published) ++f.published;
      if (f.improvements.size() < 50) {
        f.improvements.push_back(fmt::format("{}: {}", a.service_area, a.improvement));
      }
    }
    if (a.due < on && (!a.completed_on || *a.completed_on > on)) ++f.overdue;
  }
  for (auto& [k, n] : areas) f.raised_by_service_area.push_back({k, n});
  return f;
}

Result<OmbudsmanFigures> LearningService::ombudsmanFigures(LandlordId landlord, const Period& p) {
  auto cases = store_.ombudsmanCases(landlord, p.start, p.end);
  if (!cases) return tl::unexpected(cases.error());
  auto orders = store_.ombudsmanOrders(landlord, p.start, p.end);
  if (!orders) return tl::unexpected(orders.error());
  OmbudsmanFigures f;
  std::map<std::string, long> outcomes;
  for (const auto& c : *cases) {
    if (p.contains(c.referred_on)) ++f.referrals;
    if (c.determined_on && p.contains(*c.determined_on)) {
      ++f.determinations;
      ++outcomes[c.outcome];
      if (c.outcome == "severe_maladministration" || c.outcome == "maladministration" ||
          c.outcome == "service_failure") {
        ++f.fault_findings;
      }
      f.compensation += c.compensation;
    }
  }
  for (std::string_view o : {"severe_maladministration", "maladministration", "service_failure",
                             "reasonable_redress", "no_maladministration", "outside_jurisdiction",
                             "withdrawn"}) {
    auto it = outcomes.find(std::string(o));
    f.by_outcome.push_back({std::string(o), it == outcomes.end() ? 0 : it->second});
  }
  const Date on = asOf(p);
  for (const auto& o : *orders) {
    if (p.contains(o.made_on)) ++f.orders_made;
    if (p.contains(o.due) && o.due <= on) {
      ++f.orders_due;
      if (o.completed_on && *o.completed_on <= o.due) ++f.orders_on_time;
    }
    if (o.due < on && (!o.completed_on || *o.completed_on > on)) ++f.orders_open_overdue;
  }
  auto chfos = store_.ombudsmanChfos(landlord, p.start, p.end);
  if (!chfos) return tl::unexpected(chfos.error());
  for (const auto& c : *chfos) {
    if (p.contains(c.issued_on)) ++f.chfos_issued;
    if (p.contains(c.comply_by) && c.comply_by <= on) {
      ++f.chfos_due;
      if (c.completed_on && *c.completed_on <= c.comply_by) ++f.chfos_on_time;
    }
    if (c.comply_by < on && (!c.completed_on || *c.completed_on > on)) ++f.chfos_open_overdue;
  }
  return f;
}

}  // namespace charter
