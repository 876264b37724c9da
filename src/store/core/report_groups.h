// What the report stores compute from their grouped rows (store/core/report_sql.h), so the
// two databases answer alike: the case-facts projection of a case, and the counts, volumes
// and tallies the port (app/reports.h) asks for, summed in memory from a few grouped passes.
//
// Why grouped rows: the annual report asks for dozens of counts over the same year (every kind,
// tenure, service area, theme and channel; refusals by reason; clock tallies by tenure). One
// grouped pass per (day column, period) answers them all from memory, so the report's cost is a
// handful of index scans however many measures the policy has (< 1 s at 1,000,000 cases).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/reports.h"
#include "domain/case.h"

namespace charter::store_core {

// The case-facts row of a case (0005_reports.sql): what reports group and count by.
struct CaseFacts {
  std::string kind, tenure, service_area, theme, channel, status;
  std::int64_t received_day = 0;
  std::optional<std::int64_t> escalated_day, stage1_responded_day, stage2_responded_day;
  std::string stage1_decision;
  std::int64_t elements = 0, elements_upheld = 0, stage2_overturned = 0;
  std::string refusal_reason;
  std::int64_t remedies = 0;
  double compensation = 0;
  std::int64_t extensions = 0;  // made at stage 1 (stage 2's are not "answered at stage 1 after")
};
CaseFacts caseFacts(const CaseState& state);

// The local calendar date of an instant in the UK (GMT, or BST from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October).
Date ukLocalDate(Instant t);

// True when the period is whole months (every Period is), so the monthly rollups answer it.
bool wholeMonths(const measures::Period& p);

// One row of kFactsByReceived / kFactsByEscalated.
struct FactGroup {
  std::string kind, tenure, service_area, theme, channel, status, refusal_reason;
  long count = 0;
};

// "social_rent" also takes cases with no tenure recorded (a landlord that does not record
// tenure is all LCRA for the TSMs); "" takes every case.
bool caseTenureMatches(const std::string& wanted, const std::string& tenure);

long countCases(const std::vector<FactGroup>& groups, const measures::CaseCount& c);
// Volumes by "kind" | "service_area" | "theme" | "channel" | "tenure", largest first, then by
// key; kInvalid for another dimension.
Result<std::vector<Breakdown>> volumes(const std::vector<FactGroup>& groups, const std::string& by,
                                       const std::string& kind);
// Refused cases by exclusion reason, largest first.
std::vector<Breakdown> refusals(const std::vector<FactGroup>& groups);

// Clock tallies by case tenure, summed as a tenure filter reads them (caseTenureMatches).
measures::ClockTally pickClocks(const std::map<std::string, measures::ClockTally>& by,
                                const std::string& tenure);

// Compliance by home tenure (nullopt: the home is not in `homes`): "" takes every home, another
// tenure only the homes recorded with it.
using ComplianceByTenure =
    std::vector<std::pair<std::optional<std::string>, measures::ComplianceTally>>;
measures::ComplianceTally pickCompliance(const ComplianceByTenure& by, const std::string& tenure);

// A memo key for a period (its first and last day).
std::string periodKey(const measures::Period& p);

// The aggregates a report store memoises between changes to the database.
struct Memo {
  std::map<std::string, std::vector<FactGroup>> received, escalated;          // by periodKey
  std::map<std::string, std::map<std::string, measures::ClockTally>> clocks;  // clock|period
  std::map<std::string, ComplianceByTenure> compliance;                       // check|day
  std::map<std::string, std::optional<long>> homes;                           // tenure|day
  void clear() { *this = Memo(); }
};

// The annual report's outcomes from the grouped passes: the counts received and escalated
// and the refusals from the fact groups, then one kStage1Outcomes row at a time (its columns
// as numbers: responses, elements, upheld, not escalated, with an extension, remedies,
// compensation) and the kStage2Outcomes row.
void addReceived(ComplaintOutcomes& o, const std::vector<FactGroup>& received,
                 const std::vector<FactGroup>& escalated);
void addStage1Row(ComplaintOutcomes& o, const std::string& decision, const long (&n)[6],
                  double compensation);

}  // namespace charter::store_core
