#include "domain/follow_through.h"

#include <fmt/format.h>

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;

int numberOf(const json& d) {
  auto it = d.find("number");
  return it != d.end() && it->is_number_integer() ? it->get<int>() : 0;
}

template <class T, class F>
void forEachItem(CaseState& s, std::vector<T> StageRecord::*list, F f) {
  for (auto* st : {&s.stage1, &s.stage2}) {
    for (auto& item : st->*list) f(item);
  }
}

template <class T>
const T* findItem(const CaseState& s, std::vector<T> StageRecord::*list, int n) {
  for (const auto* st : {&s.stage1, &s.stage2}) {
    for (const auto& item : st->*list) {
      if (item.number == n) return &item;
    }
  }
  return nullptr;
}

template <class T>
std::size_t countItems(const CaseState& s, std::vector<T> StageRecord::*list) {
  return (s.stage1.*list).size() + (s.stage2.*list).size();
}

// The local date of the response that promised an item of `stage`.
Date promisedOn(const AftercareStep& a, int stage) {
  const StageRecord& r = stage == 2 ? a.state.stage2 : a.state.stage1;
  return r.responded_at ? a.cal.localDate(*r.responded_at) : a.cal.localDate(a.state.received_at);
}

std::vector<Event> one(std::string_view type, Instant at, json data) {
  Event e;
  e.type = std::string(type);
  e.at = at;
  e.data = std::move(data);
  return {std::move(e)};
}

std::string itemsWord(std::size_t n, std::string_view what) {
  return n == 0 ? fmt::format("no {}s", what)
                : fmt::format("{} {}{} (1 to {})", n, what, n == 1 ? "" : "s", n);
}

}  // namespace

bool isFollowThroughEvent(std::string_view t) {
  return t == event_type::kOutstandingActionCompleted || t == event_type::kRemedyCompleted;
}

void applyFollowThrough(CaseState& s, const Event& e) {
  const json& d = e.data;
  const int n = numberOf(d);
  if (e.type == event_type::kOutstandingActionCompleted) {
    forEachItem(s, &StageRecord::outstanding_actions, [&](OutstandingAction& a) {
      if (a.number != n) return;
      a.completed_on = dataDate(d, "completed_on");
      a.evidence = dataText(d, "evidence");
    });
  } else if (e.type == event_type::kRemedyCompleted) {
    forEachItem(s, &StageRecord::remedies, [&](Remedy& r) {
      if (r.number != n) return;
      r.completed_on = dataDate(d, "completed_on");
      r.paid_on = dataDate(d, "paid_on");
      r.evidence = dataText(d, "evidence");
    });
  }
}

std::vector<Clock> followThroughClocks(const CaseState& s, const WorkingCalendar& cal,
                                       Date today) {
  std::vector<Clock> out;
  for (const auto* st : {&s.stage1, &s.stage2}) {
    if (!st->responded_at) continue;
    const Date promised = cal.localDate(*st->responded_at);
    const int stage = st == &s.stage2 ? 2 : 1;
    for (const auto& a : st->outstanding_actions) {
      Clock c = dateClock(fmt::format("action.{}", a.number),
                          fmt::format("Outstanding action {}: {}", a.number, clipText(a.description, 60)),
                          promised, a.due, a.completed_on, today,
                          fmt::format("Promised in the stage {} response on {}, for {} to "
                                      "complete by {}.",
                                      stage, formatDateLong(promised), a.owner,
                                      formatDateLong(a.due)));
      c.provision = "Code 6.6";
      out.push_back(std::move(c));
    }
    for (const auto& r : st->remedies) {
      if (!r.due || (r.superseded && !r.completed_on)) continue;
      Clock c = dateClock(fmt::format("remedy.{}", r.number),
                          fmt::format("Remedy {}: {}", r.number, clipText(r.description, 60)),
                          promised, *r.due, r.completed_on, today,
                          fmt::format("Offered in the stage {} response on {}, to be done by {}.",
                                      stage, formatDateLong(promised), formatDateLong(*r.due)));
      c.provision = "Code 7.3";
      out.push_back(std::move(c));
    }
  }
  return out;
}

RemediesOffered remediesOffered(const CaseState& s) {
  RemediesOffered out;
  for (const auto* st : {&s.stage1, &s.stage2}) {
    for (const auto& r : st->remedies) {
      if (r.superseded) continue;
      ++out.count;
      out.compensation += r.amount;
    }
  }
  return out;
}

bool decisionNeedsRemedy(std::string_view decision) {
  return decision == "upheld" || decision == "partly_upheld";
}

namespace follow_through {

Result<std::vector<Event>> completeOutstandingAction(const AftercareStep& a) {
  CHARTER_TRY(n, aftercare::itemNumber(a, "number"));
  const auto* item = findItem(a.state, &StageRecord::outstanding_actions, n);
  if (item == nullptr) {
    return conflict("unknown-outstanding-action",
                    fmt::format("This case has no outstanding action {}; it has {}.", n,
                                itemsWord(countItems(a.state, &StageRecord::outstanding_actions),
                                          "outstanding action")),
                    "number");
  }
  if (item->completed_on) {
    return conflict("already-completed",
                    fmt::format("Outstanding action {} was already completed on {}.", n,
                                formatDateLong(*item->completed_on)),
                    "number");
  }
  CHARTER_TRY(evidence, a.body.text("evidence", kLongText, true));
  CHARTER_TRY(on, aftercare::happenedOn(a, "completed_on", promisedOn(a, item->stage),
                                        "the response that promised it"));
  return one(event_type::kOutstandingActionCompleted, a.at,
             {{"number", n}, {"completed_on", formatDate(on)}, {"evidence", evidence}});
}

Result<std::vector<Event>> completeRemedy(const AftercareStep& a) {
  CHARTER_TRY(n, aftercare::itemNumber(a, "number"));
  const auto* item = findItem(a.state, &StageRecord::remedies, n);
  if (item == nullptr) {
    return conflict("unknown-remedy",
                    fmt::format("This case has no remedy {}; it has {}.", n,
                                itemsWord(countItems(a.state, &StageRecord::remedies), "remedy")),
                    "number");
  }
  if (item->completed_on) {
    return conflict("already-completed",
                    fmt::format("Remedy {} was already completed on {}.", n,
                                formatDateLong(*item->completed_on)),
                    "number");
  }
  CHARTER_TRY(evidence, a.body.text("evidence", kLongText, true));
  const Date promised = promisedOn(a, item->stage);
  CHARTER_TRY(on, aftercare::happenedOn(a, "completed_on", promised, "the response that offered it"));
  json data = {{"number", n}, {"completed_on", formatDate(on)}, {"evidence", evidence}};
  if (item->type == "financial") {
    CHARTER_TRY(paid, a.body.date("paid_on", false));
    Date paid_on = paid.value_or(on);
    if (paid_on > a.date) {
      return invalid("paid_on", "future",
                     fmt::format("is after the date this is recorded ({}); record a payment once "
                                 "it is made",
                                 formatDateLong(a.date)));
    }
    if (paid_on < promised) {
      return invalid("paid_on", "before-previous-event",
                     fmt::format("is before the response that offered it ({})",
                                 formatDateLong(promised)));
    }
    data["paid_on"] = formatDate(paid_on);
  } else if (a.body.has("paid_on")) {
    return invalid("paid_on", "financial-only",
                   fmt::format("applies only to a financial remedy; remedy {} is {}", n,
                               item->type));
  }
  return one(event_type::kRemedyCompleted, a.at, std::move(data));
}

}  // namespace follow_through
}  // namespace charter
