// The measure engine: a measure (policy.h MeasureSpec) evaluated over a period against a
// MeasureSource, with its numerator, denominator, target and whether the target is met.
//
// Kinds of measure (MeasureSpec::type):
//   count               cases received (or escalated, stage 2) in the period
//   rate_per_1000       that count / homes owned at the period's end x 1,000 (CH01)
//   clock_percent       % of a clock's stops in the period that were in time (CH02)
//   survey_percent      % satisfied among valid answers, weighted or not (TP01-TP12)
//   compliance_percent  % of homes compliant at the period's end (BS01-BS05); RP01 (lower is
//                       better) is the % of homes failing the Decent Homes Standard
//   series              an imported numerator/denominator per period (RP02, NM01, ...)
//   calls_percent       % of calls answered within a wait (policy/wait_rule.h), of all calls
//                       or of transferred calls only (their second response's wait)
//   visits_percent      % of reception visitors seen within a wait, by the officer asked for
//                       or by another officer
//   satisfaction_percent % very satisfied or satisfied among the answers to Charter's own
//                       surveys after a service (app/surveys.h), by kind, stage and category
// The Regulator's 22 TSMs are built in (tsmMeasures) with their codes; a policy sets their
// targets and adds its own measures (measuresFor).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "measures/period.h"
#include "measures/source.h"
#include "policy/policy.h"

namespace charter::measures {

struct MeasureResult {
  std::string code;
  std::string title;
  std::string type;
  std::string unit;             // "%", "per 1,000 homes", ""
  std::string tenure;           // "" = all
  std::string promise;
  std::string provision;
  std::optional<double> value;  // full precision; nullopt when the denominator is zero/unknown
  double numerator = 0;
  double denominator = 0;
  std::optional<double> target;
  std::optional<bool> met;      // nullopt without a value or a target
  bool higher_is_better = true;
  std::string note;             // "strict variant", "weighted", "no stock figure", ...
  // Surveys: the responses required for the tenure's accuracy band and the achieved margin.
  std::optional<long> sample_required;
  std::optional<double> margin_of_error;  // fraction: 0.029 = ±2.9%
  // The value rounded for publication (1 dp, half up); nullopt without a value.
  std::optional<double> published() const;
  // Whether this measure has case ids behind it (count, rate and clock measures).
  bool caseBased() const { return type == "count" || type == "rate_per_1000" || type == "clock_percent"; }
};

// The 22 TSMs as measures (split by tenure where tsm.md §3 says "sep"), with no targets.
// CH02-n is the variant `ch02_published` names; CH02-n-STRICT / CH02-n-EXT is the other one.
std::vector<MeasureSpec> tsmMeasures(const std::string& ch02_published = "with_extensions");

// The measures a landlord publishes: the TSMs (titles and targets overridden by a policy
// measure of the same code), then the policy's own measures in file order.
std::vector<MeasureSpec> measuresFor(const Policy& policy);

// Whether `code` is a TSM (the Regulator's list), for the annual-return table.
bool isTsm(const std::string& code);

// Evaluates one measure over `period`.
Result<MeasureResult> evaluate(const MeasureSpec& spec, const Period& period,
                               MeasureSource& source, const Policy& policy);
// Every measure of measuresFor(policy).
Result<std::vector<MeasureResult>> evaluateAll(const Policy& policy, const Period& period,
                                               MeasureSource& source);

// The case ids behind a case-based measure: `part` "numerator" or "denominator".
Result<std::vector<CaseId>> casesBehind(const MeasureSpec& spec, const Period& period,
                                        MeasureSource& source, const Policy& policy,
                                        const std::string& part);

// "80.8", "84.0%", "1,046": the published value as text ("-" without a value).
std::string formatValue(const MeasureResult& r);

}  // namespace charter::measures
