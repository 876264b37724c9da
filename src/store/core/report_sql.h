// The report SQL both databases run (store/core/report_store.h): PostgreSQL-style $n
// parameters (SQLite reads them as ?n, store/core/sql.h), portable SQL. What the stores compute
// from the grouped rows is in store/core/report_groups.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/reports.h"
#include "domain/case.h"
#include "store/core/report_groups.h"
#include "store/core/sql.h"

namespace charter::store_core {

// Cases whose received_day (or escalated_day) lies in [$2, $3], grouped by every dimension a
// count or a volume can filter on. Columns: kind, tenure, service_area, theme, channel, status,
// refusal_reason, count.
extern const char* const kFactsByReceived;
extern const char* const kFactsByEscalated;
// The same from the monthly rollup (case_months, kept by triggers: 0009_report_passes), for a
// period of whole months (every Period is): a dozen rows per group for a year, not a row per case.
extern const char* const kMonthsByReceived;
extern const char* const kMonthsByEscalated;

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

// Imports as multi-row upserts made from a single-row one above: its column list and ON
// CONFLICT clause, VALUES repeated for up to kRowsPerUpsert rows. Rows are given without the
// landlord; their first `key_columns` values are the conflict key after landlord_id, and a later
// row with the same key replaces an earlier one (PostgreSQL refuses one INSERT that updates a
// row twice).
inline constexpr std::size_t kRowsPerUpsert = 500;
std::vector<Command> upsertRows(const char* upsert, LandlordId landlord,
                                std::vector<SqlValues> rows, std::size_t key_columns);

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
Command caseFactsCommand(LandlordId landlord, CaseId id, const CaseState& state);

// PRAGMA data_version (SQLite) or the WAL position (PostgreSQL): a text that changes whenever
// another connection commits a write, so memoised aggregates can be dropped.
const char* dataVersionSql(Dialect d);

}  // namespace charter::store_core
