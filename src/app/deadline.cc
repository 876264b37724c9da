#include "app/deadline.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "domain/lifecycle.h"

namespace charter {
namespace {

using json = nlohmann::json;

// The policy in force with its calendar read for another nation, built once per (policy,
// nation) and kept.
Result<std::shared_ptr<const Policy>> policyForNation(const Policy& eff, Nation nation) {
  static std::mutex mu;
  static std::map<std::pair<const Policy*, int>, std::shared_ptr<const Policy>> cache;
  std::lock_guard lock(mu);
  auto key = std::make_pair(&eff, static_cast<int>(nation));
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto copy = std::make_shared<Policy>(eff);
  copy->predecessor = nullptr;  // already the policy in force for the receipt
  copy->calendar.nation = nation;
  if (auto built = buildCalendars(*copy); !built) return tl::unexpected(built.error());
  cache.emplace(key, copy);
  return std::shared_ptr<const Policy>(copy);
}

struct Milestone {
  Instant at;
  json action;
};

// The milestones of the question as the actions a complaint would record, in order.
std::vector<Milestone> milestones(const DeadlineQuestion& q) {
  std::vector<Milestone> out;
  auto add = [&out](const std::optional<Instant>& at, json action) {
    if (!at) return;
    action["at"] = formatInstant(*at);
    out.push_back({*at, std::move(action)});
  };
  add(q.acknowledged, {{"action", "acknowledge"}, {"definition", "As received"},
                       {"handler", "Investigating Officer"}});
  add(q.responded, {{"action", "respond"},
                    {"decision", "not_upheld"},
                    {"elements", {{{"summary", "All"}, {"finding", "not_upheld"},
                                   {"reasons", "Deadline calculation"}}}}});
  add(q.escalated, {{"action", "request_escalation"}});
  add(q.acknowledged2, {{"action", "acknowledge"}, {"definition", "As escalated"},
                        {"handler", "Reviewing Manager"}});
  return out;
}

// The complaint's history: received, then each milestone, decided as the lifecycle would.
Result<CaseState> complaintHistory(const Policy& policy, const DeadlineQuestion& q) {
  const json received = {{"kind", "complaint"},
                         {"received_at", formatInstant(q.received)},
                         {"channel", std::string(slug(q.channel))},
                         {"summary", "Deadline calculation"},
                         {"person", {{"name", "-"}}}};
  auto first = decideNew(received, DecisionContext{policy, q.received, "deadline"});
  if (!first) return tl::unexpected(first.error());
  CaseState state = CaseState::fold(0, "-", {*first});
  for (const auto& m : milestones(q)) {
    // Stage 2 by another account than stage 1 (Code 6.13), as the lifecycle requires.
    const char* actor = state.stage == 2 ? "deadline (stage 2)" : "deadline";
    auto events = decideAction(state, m.action, DecisionContext{policy, m.at, actor});
    if (!events) return tl::unexpected(events.error());
    for (auto& e : *events) state.apply(e);
  }
  return state;
}

}  // namespace

Result<Deadlines> workOutDeadlines(const Policy& policy, const DeadlineQuestion& question) {
  if (!policy.working_calendar) return internalError("the policy has no working calendar");
  Deadlines out;
  const Policy* eff = &policy.effectiveFor(policy.working_calendar->localDate(question.received));
  const Policy* base = &policy;  // what the lifecycle decides against
  if (question.nation && (*question.nation != eff->calendar.nation || !eff->working_calendar)) {
    auto p = policyForNation(*eff, *question.nation);
    if (!p) return tl::unexpected(p.error());
    out.for_nation = *p;
    eff = base = out.for_nation.get();
  }
  // Day zero as the Code's clocks read it (Policy::code_calendar).
  const CalendarPtr& code = eff->code_calendar ? eff->code_calendar : policy.code_calendar;
  const WorkingCalendar& cal =
      code ? *code : eff->working_calendar ? *eff->working_calendar : *policy.working_calendar;
  auto state = complaintHistory(*base, question);
  if (!state) return tl::unexpected(state.error());
  out.policy = eff;
  out.day_zero = cal.dayZero(question.received);
  out.clocks = evaluateClocks(*state, *base, out.day_zero.date);
  return out;
}

}  // namespace charter
