// Anti-social behaviour cases from reports: the TSM open-case rule (tsm.md §4.5, example 9).
//
// "An ASB case can be in response to a single report/complaint of ASB, or multiple
// reports/complaints about the same party made whilst a case is still ongoing. Such further
// reports/complaints would not be counted as a further new case. Once a case is resolved and a
// further report/complaint of ASB is received, this should be treated as a new case."
//
// So reports are grouped by the party they are about: the first report opens a case; later
// reports join it while it is open; a report made after the case was closed opens a new one.
// A case involves a hate incident (NM01 part 2, a subset of part 1) when any of its reports
// does. NM01 counts cases by the date they were opened.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "measures/period.h"
#include "util/time.h"

namespace charter::measures {

struct AsbReport {
  std::string report_ref;
  std::string party_ref;       // who the report is about (the perpetrator, household or party)
  Date reported{};
  std::optional<Date> closed;  // the day the case this report belongs to was closed, if it was
  bool hate_incident = false;
};

struct AsbCase {
  std::string party_ref;
  Date opened{};
  std::optional<Date> closed;
  bool hate_incident = false;
  std::vector<std::string> report_refs;
};

// The cases the reports make, ordered by party then opening date. A report on the day its
// party's case closed still belongs to that case (the case was open that day).
std::vector<AsbCase> asbCases(std::vector<AsbReport> reports);

// Cases opened per calendar month, every month from the first report's to the last report's
// (months with none are 0, so importing them again replaces an older count).
struct AsbMonth {
  Period month;
  long cases = 0;
  long hate_cases = 0;
};
std::vector<AsbMonth> asbCasesByMonth(const std::vector<AsbCase>& cases,
                                      const std::vector<AsbReport>& reports);

}  // namespace charter::measures
