// What the measure engine reads: counts over the store's projections and imports for one
// landlord. Implemented by the report stores (src/store/*/report_*.cc) behind app/reports.h;
// tests may implement it in memory for the pure arithmetic, but every worked example of
// tsm.md §9 also runs through the real SQLite store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "measures/period.h"
#include "util/result.h"

namespace charter::measures {

// Which cases a count takes.
struct CaseCount {
  std::string kind = "complaint";  // case kind slug
  int stage = 0;           // complaints: 1 = received (stage 1), 2 = escalated to stage 2
  std::string tenure;      // "" = every tenure
  std::string service_area;
  std::string theme;
};

// Clocks stopped (met_on) within a period: all stopped, stopped on or before the due date as
// extended under the Code, and on or before the original due date.
struct ClockTally {
  long stopped = 0;
  long met_with_extensions = 0;
  long met_strict = 0;
};

// Survey answers to one question in a period, after the filter question and with "don't
// know" / not applicable / refused left out of the base (tsm.md §5.2).
struct SurveyTally {
  long responses = 0;        // answered the question at all (filter passed)
  long excluded = 0;         // don't know / not applicable / refused
  long base = 0;             // responses - excluded
  long satisfied = 0;        // very + fairly satisfied (TP08: strongly agree + agree)
  double weighted_base = 0;
  double weighted_satisfied = 0;
  long reweighted = 0;       // valid answers whose weight is not 1 (the survey is weighted)
};

// Homes needing a check at the period's end, and those with every required check done.
struct ComplianceTally {
  long required = 0;
  long compliant = 0;
};

struct SeriesPoint {
  double numerator = 0;
  double denominator = 0;
};

// Calls or reception visits in a period (by their local day), and those dealt with within a
// wait (measures/contact.h).
struct WaitTally {
  long total = 0;
  long within = 0;
};

// Which answers to Charter's own satisfaction surveys (app/surveys.h, docs/surveys.md) a
// satisfaction_percent measure takes: those answered in the period about cases of `kind`.
struct SatisfactionQuery {
  std::string kind;      // case kind slug; "" = every kind
  int stage = 0;         // complaints: the stage whose response was surveyed; 0 = either
  std::string category;  // the case's category (a repair's priority); "" = any
};

// Answers counted, and those very satisfied or satisfied.
struct SatisfactionTally {
  long answers = 0;
  long satisfied = 0;
};

class MeasureSource {
 public:
  virtual ~MeasureSource() = default;
  // Cases received (stage 1) or escalated (stage 2) whose local date lies in the period.
  virtual Result<long> countCases(const CaseCount& q, const Period& p) = 0;
  // Clocks named `clock` stopped in the period, of cases of `tenure` ("" = all).
  virtual Result<ClockTally> tallyClocks(const std::string& clock, const std::string& tenure,
                                         const Period& p) = 0;
  // Homes owned at `as_of` (the latest stock count on or before it), "" = every tenure.
  virtual Result<std::optional<long>> homes(const std::string& tenure, Date as_of) = 0;
  virtual Result<SurveyTally> survey(const std::string& question, const std::string& tenure,
                                     const Period& p) = 0;
  // Compliance at `as_of` for check "gas" | "fire" | "asbestos" | "water" | "lift" |
  // "decent_homes": homes whose record requires the check, and those meeting it. A block-level
  // record fans out to every home in the block (the unit is homes, tsm.md §4.6).
  virtual Result<ComplianceTally> compliance(const std::string& check, const std::string& tenure,
                                             Date as_of) = 0;
  virtual Result<std::optional<SeriesPoint>> series(const std::string& code,
                                                    const std::string& tenure,
                                                    const Period& p) = 0;
  // Calls started in the period (every call, or only those transferred to a second response)
  // and those answered within `within_seconds` (a transferred call: its second response's wait
  // when recorded, else its wait). An abandoned call is never within.
  virtual Result<WaitTally> callWaits(long within_seconds, bool transferred_only,
                                      const Period& p) = 0;
  // Reception visits that arrived in the period and those seen within `within_minutes`. Either
  // the visits seen by another officer than the one asked for (`another_officer`), or all the
  // others (seen by the officer asked for, by anyone when none was asked for, or not seen).
  virtual Result<WaitTally> visitWaits(long within_minutes, bool another_officer,
                                       const Period& p) = 0;
  // Satisfaction survey answers given in the period (by their local day).
  virtual Result<SatisfactionTally> satisfaction(const SatisfactionQuery& q, const Period& p) = 0;
  // The case ids behind a case-based measure: `numerator` true for the cases counted in the
  // numerator (for a clock measure: those in time), false for the whole denominator.
  virtual Result<std::vector<CaseId>> caseIdsCounted(const CaseCount& q, const Period& p) = 0;
  virtual Result<std::vector<CaseId>> caseIdsClocks(const std::string& clock,
                                                    const std::string& tenure,
                                                    const std::string& which,  // all|met|missed
                                                    bool strict, const Period& p) = 0;
};

}  // namespace charter::measures
