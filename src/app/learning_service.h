// LearningService: the quarterly learning action plans per service area, the public "you said,
// we did" list and the learning and Ombudsman figures of the annual report (Code 8.1(c)-(d),
// 9.1-9.7; 001 §5). Reads only through the LearningStore port; the figures are worked out here
// from the rows, so both stores count alike.
#pragma once

#include <string>
#include <vector>

#include "app/learning_store.h"
#include "app/reports.h"
#include "measures/period.h"
#include "policy/policy.h"
#include "util/time.h"

namespace charter {

struct LearningFigures {
  long raised = 0;             // raised in the period
  long completed = 0;          // completed in the period (each with its improvement)
  long completed_on_time = 0;  // of those, on or before the due date
  long overdue = 0;            // not completed by their due date, as at the period's end (or today)
  long published = 0;          // completed in the period and on "you said, we did"
  std::vector<Breakdown> raised_by_service_area;
  std::vector<std::string> improvements;  // "Repairs: ..." completed in the period (at most 50)
};

struct OmbudsmanFigures {
  long referrals = 0;        // referred in the period
  long determinations = 0;   // determined in the period
  std::vector<Breakdown> by_outcome;  // determinations, by outcome (the seven, in order)
  long fault_findings = 0;   // severe maladministration, maladministration, service failure
  double compensation = 0;   // pounds ordered in determinations of the period
  long orders_made = 0;      // in the period
  long orders_due = 0;       // due in the period (by its end or today)
  long orders_on_time = 0;   // of those, complied with by the due date
  long orders_open_overdue = 0;  // past due, not complied with (as at the period's end or today)
  // Complaint Handling Failure Orders (domain/chfo.h): the Ombudsman's findings of
  // non-compliance with the Code (001 §5), counted like the orders above.
  long chfos_issued = 0;         // issued in the period
  long chfos_due = 0;            // due in the period (by its end or today)
  long chfos_on_time = 0;        // of those, complied with by the date
  long chfos_open_overdue = 0;   // past due, not complied with
};

struct PlanItem {
  LearningActionRow action;
  std::string status;         // open | overdue | completed | completed_late
  bool carried_over = false;  // due before the quarter and not completed when it began
};

struct PlanArea {
  std::string service_area;
  std::vector<PlanItem> actions;
};

struct PlanQuarter {
  measures::Period quarter;
  std::vector<PlanArea> areas;
};

struct ActionPlan {
  measures::Period period;
  std::string service_area;  // "" for every area
  std::vector<PlanQuarter> quarters;
};

// One entry of the public list: no case reference, no names, only what was published.
struct PublicImprovement {
  std::string service_area;
  std::string you_said;
  std::string we_did;
  Date completed_on{};
};

class LearningService {
 public:
  LearningService(LearningStore& store, PolicyPtr policy, const TimeSource& time)
      : store_(store), policy_(std::move(policy)), time_(time) {}

  const Policy& policy() const { return *policy_; }
  Date today() const;

  // The plan for each quarter of `period` (a year has four; a quarter or month is its own):
  // the actions due in it, and those carried over overdue. `service_area` "" for all; else it
  // must be one of the policy's (422 enum).
  Result<ActionPlan> actionPlan(LandlordId landlord, const measures::Period& period,
                                const std::string& service_area);
  // "You said, we did": published, completed actions, each improvement (the same "you said"
  // and "we did") once however many actions record it.
  Result<std::vector<PublicImprovement>> youSaidWeDid(LandlordId landlord, int limit = 100);
  Result<LearningFigures> learningFigures(LandlordId landlord, const measures::Period& period);
  Result<OmbudsmanFigures> ombudsmanFigures(LandlordId landlord, const measures::Period& period);

 private:
  Date asOf(const measures::Period& p) const { return std::min(p.end, today()); }

  LearningStore& store_;
  PolicyPtr policy_;
  const TimeSource& time_;
};

// "open", "overdue", "completed" or "completed_late" for an action as at `on`.
std::string learningStatus(const LearningActionRow& a, Date on);

}  // namespace charter
