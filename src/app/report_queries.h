// The report SQL both report stores run (store/sqlite/report_store.*, store/pg/pg_report_store.*)
// and the arithmetic that turns their grouped rows into the port's answers, so the two dialects
// cannot drift: PostgreSQL-style $n parameters (SQLite binds them by name), portable SQL.
//
// Why grouped rows: the annual report asks for dozens of counts over the same year (every kind,
// tenure, service area, theme and channel; refusals by reason; clock tallies by tenure). One
// grouped pass per (day column, period) answers them all from memory, so the report's cost is a
// handful of index scans however many measures the policy has (issue 4: < 1 s at 1,000,000
// cases).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/reports.h"
#include "domain/case.h"

namespace charter::report_queries {

// Cases whose received_day (or escalated_day) lies in [$2, $3], grouped by every dimension a
// count or a volume can filter on. Columns: kind, tenure, service_area, theme, channel, status,
// refusal_reason, count.
extern const char* const kFactsByReceived;
extern const char* const kFactsByEscalated;
// The same from the monthly rollup (case_months, kept by triggers: 0009_report_passes), for a
// period of whole months (every Period is): a dozen rows per group for a year, not a row per case.
extern const char* const kMonthsByReceived;
extern const char* const kMonthsByEscalated;
bool wholeMonths(const measures::Period& p);

// Clocks named $2 stopped in [$3, $4] by the tenure of their case (written on the clock row):
// tenure, stopped, met (as extended), met by the original due date.
extern const char* const kClockTally;
// The same from the monthly rollup (clock_months), for a period of whole months.
extern const char* const kClockMonths;
// Case ids of clocks named $2 stopped in [$3, $4] of cases of tenure $5 ("" = all): every one,
// or `which` "met" / "missed" in time (`strict`: by the original due date).
std::string clockIdsSql(const std::string& which, bool strict);

// Stage 1 responses in [$2, $3] by decision: decision, responses, elements, elements upheld,
// not escalated, with an extension, remedies, compensation.
extern const char* const kStage1Outcomes;
// Stage 2 responses in [$2, $3]: responses, overturning stage 1.
extern const char* const kStage2Outcomes;
// Compliance for check $2 as at $3 (the latest snapshot on or before it), by the tenure of the
// home (NULL when the home is not in `homes`): tenure, homes required, homes compliant.
extern const char* const kComplianceByTenure;
// Recomputes compliance_tallies for landlord $1 (run by the imports of compliance and homes in
// their transaction, so kComplianceByTenure reads a few rows): delete, then insert.
extern const char* const kClearComplianceTallies;
extern const char* const kTallyCompliance;
// Stock at $2 (the latest count on or before it): count of rows, homes; see stockSql.
std::string stockSql(bool every_tenure);
// Series $2 / tenure $3 inside [$4, $5]: rows, numerator, denominator.
extern const char* const kSeries;
// Survey tally for question column `col` (TP01..TP12 -> tp01..tp12) in [$2, $3], tenure $4 when
// `by_tenure`; Result kInvalid for an unknown question.
Result<std::string> surveySql(const std::string& question, bool by_tenure);
// Survey responses in [$2, $3] (tenure $4 when `by_tenure`).
std::string surveyCountSql(bool by_tenure);
// Case ids received (or escalated) in [$3, $4] of kind $2, tenure $5, area $6, theme $7.
std::string countIdsSql(const measures::CaseCount& c);
// The imports: upserts keyed as in 0005_reports.sql.
extern const char* const kUpsertStock;
extern const char* const kUpsertHome;
extern const char* const kUpsertCompliance;
extern const char* const kUpsertSurvey;
extern const char* const kUpsertSeries;

// The case-facts projection (0005_reports.sql): one row per case with what reports group and
// count by, upserted by each case store beside `cases` and `clocks` in the same transaction
// ($1 landlord, $2 case, then the fields of CaseFacts in order).
inline constexpr const char kUpsertCaseFacts[] =
    "INSERT INTO case_facts (landlord_id, case_id, kind, tenure, service_area, theme, channel, "
    "status, received_day, escalated_day, stage1_responded_day, stage2_responded_day, "
    "stage1_decision, elements, elements_upheld, stage2_overturned, refusal_reason, remedies, "
    "compensation, extensions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14, $15, $16, $17, $18, $19, $20) "
    "ON CONFLICT (landlord_id, case_id) DO UPDATE SET kind = excluded.kind, "
    "tenure = excluded.tenure, service_area = excluded.service_area, theme = excluded.theme, "
    "channel = excluded.channel, status = excluded.status, received_day = excluded.received_day, "
    "escalated_day = excluded.escalated_day, stage1_responded_day = excluded.stage1_responded_day, "
    "stage2_responded_day = excluded.stage2_responded_day, "
    "stage1_decision = excluded.stage1_decision, elements = excluded.elements, "
    "elements_upheld = excluded.elements_upheld, stage2_overturned = excluded.stage2_overturned, "
    "refusal_reason = excluded.refusal_reason, remedies = excluded.remedies, "
    "compensation = excluded.compensation, extensions = excluded.extensions";
struct CaseFacts {
  std::string kind, tenure, service_area, theme, channel, status;
  std::int64_t received_day = 0;
  std::optional<std::int64_t> escalated_day, stage1_responded_day, stage2_responded_day;
  std::string stage1_decision;
  std::int64_t elements = 0, elements_upheld = 0, stage2_overturned = 0;
  std::string refusal_reason;
  std::int64_t remedies = 0;
  double compensation = 0;
  std::int64_t extensions = 0;
};
CaseFacts caseFacts(const CaseState& state);

// The local calendar date of an instant in the UK (GMT, or BST from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October).
Date ukLocalDate(Instant t);

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
using ComplianceByTenure = std::vector<std::pair<std::optional<std::string>, measures::ComplianceTally>>;
measures::ComplianceTally pickCompliance(const ComplianceByTenure& by, const std::string& tenure);

// A memo key for a period (its first and last day).
std::string periodKey(const measures::Period& p);

// The aggregates a report store memoises between changes to the database (each store decides
// when to forget: SQLite's data_version, PostgreSQL's WAL position, its own imports).
struct Memo {
  std::map<std::string, std::vector<FactGroup>> received, escalated;     // by periodKey
  std::map<std::string, std::map<std::string, measures::ClockTally>> clocks;  // clock|period
  std::map<std::string, ComplianceByTenure> compliance;                  // check|day
  std::map<std::string, std::optional<long>> homes;                      // tenure|day
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

}  // namespace charter::report_queries
