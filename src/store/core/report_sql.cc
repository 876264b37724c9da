#include "store/core/report_sql.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace charter::store_core {

// Every dimension a count or a volume can filter on.
#define CHARTER_FACT_GROUP_COLUMNS "kind, tenure, service_area, theme, channel, status, refusal_reason"

const char* const kFactsByReceived =
    "SELECT " CHARTER_FACT_GROUP_COLUMNS ", count(*) FROM case_facts WHERE landlord_id = $1 AND "
    "received_day BETWEEN $2 AND $3 GROUP BY " CHARTER_FACT_GROUP_COLUMNS;
const char* const kFactsByEscalated =
    "SELECT " CHARTER_FACT_GROUP_COLUMNS ", count(*) FROM case_facts WHERE landlord_id = $1 AND "
    "escalated_day BETWEEN $2 AND $3 GROUP BY " CHARTER_FACT_GROUP_COLUMNS;
const char* const kMonthsByReceived =
    "SELECT " CHARTER_FACT_GROUP_COLUMNS ", sum(cases) FROM case_months WHERE landlord_id = $1 "
    "AND basis = 'received' AND month_day BETWEEN $2 AND $3 GROUP BY " CHARTER_FACT_GROUP_COLUMNS
    " HAVING sum(cases) <> 0";
const char* const kMonthsByEscalated =
    "SELECT " CHARTER_FACT_GROUP_COLUMNS ", sum(cases) FROM case_months WHERE landlord_id = $1 "
    "AND basis = 'escalated' AND month_day BETWEEN $2 AND $3 GROUP BY " CHARTER_FACT_GROUP_COLUMNS
    " HAVING sum(cases) <> 0";
#undef CHARTER_FACT_GROUP_COLUMNS

const char* const kClockTally =
    "SELECT tenure, count(*), coalesce(sum(CASE WHEN status = 'met' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN status = 'met' AND met_day <= original_due_day THEN 1 ELSE 0 END), 0) "
    "FROM clocks WHERE landlord_id = $1 AND name = $2 AND met_day BETWEEN $3 AND $4 "
    "GROUP BY tenure";

const char* const kClockMonths =
    "SELECT tenure, sum(stopped), sum(met), sum(met_strict) FROM clock_months WHERE "
    "landlord_id = $1 AND name = $2 AND month_day BETWEEN $3 AND $4 GROUP BY tenure";

// The tenure test of caseTenureMatches in SQL ($5 always bound, so one text serves both).
constexpr const char* kTenureParam5 =
    " AND (tenure = $5 OR $5 = '' OR ($5 = 'social_rent' AND tenure = ''))";

std::string clockIdsSql(const std::string& which, bool strict) {
  std::string sql =
      "SELECT case_id FROM clocks WHERE landlord_id = $1 AND name = $2 AND met_day BETWEEN $3 "
      "AND $4";
  sql += kTenureParam5;
  const std::string in_time =
      strict ? "(status = 'met' AND met_day <= original_due_day)" : "status = 'met'";
  if (which == "met") sql += " AND " + in_time;
  if (which == "missed") sql += " AND NOT " + in_time;
  return sql + " ORDER BY case_id";
}

const char* const kStage1Outcomes =
    "SELECT stage1_decision, count(*), coalesce(sum(elements), 0), "
    "coalesce(sum(elements_upheld), 0), "
    "coalesce(sum(CASE WHEN escalated_day IS NULL THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN extensions > 0 THEN 1 ELSE 0 END), 0), coalesce(sum(remedies), 0), "
    "coalesce(sum(compensation), 0) FROM case_facts WHERE landlord_id = $1 AND "
    "stage1_responded_day BETWEEN $2 AND $3 GROUP BY stage1_decision";
const char* const kStage2Outcomes =
    "SELECT count(*), coalesce(sum(stage2_overturned), 0) FROM case_facts WHERE "
    "landlord_id = $1 AND stage2_responded_day BETWEEN $2 AND $3";

const char* const kComplianceByTenure =
    "SELECT CASE WHEN listed = 1 THEN tenure END, required, compliant FROM compliance_tallies "
    "WHERE landlord_id = $1 AND check_type = $2 AND as_of_day = (SELECT max(as_of_day) FROM "
    "compliance_records WHERE landlord_id = $1 AND check_type = $2 AND as_of_day <= $3)";
const char* const kClearComplianceTallies = "DELETE FROM compliance_tallies WHERE landlord_id = $1";
// Block-level records fan out to every home of the block: the unit is homes (tsm.md §4.6); a
// home passes a check when every record that requires it is compliant.
const char* const kTallyCompliance =
    "WITH cover AS (SELECT r.check_type AS c, r.as_of_day AS d, r.home_ref AS home, "
    "r.compliant AS ok FROM compliance_records r WHERE r.landlord_id = $1 AND r.required = 1 "
    "AND r.home_ref <> '' "
    "UNION ALL SELECT r.check_type, r.as_of_day, h.home_ref, r.compliant FROM compliance_records r "
    "JOIN homes h ON h.landlord_id = r.landlord_id AND h.block_ref = r.block_ref WHERE "
    "r.landlord_id = $1 AND r.required = 1 AND r.home_ref = '' AND r.block_ref <> ''), "
    "per AS (SELECT c, d, home, min(ok) AS ok FROM cover GROUP BY c, d, home) "
    "INSERT INTO compliance_tallies (landlord_id, check_type, as_of_day, tenure, listed, "
    "required, compliant) SELECT $1, per.c, per.d, coalesce(t.tenure, ''), CASE WHEN "
    "t.home_ref IS NULL THEN 0 ELSE 1 END, count(*), sum(per.ok) FROM per LEFT JOIN homes t ON "
    "t.landlord_id = $1 AND t.home_ref = per.home GROUP BY per.c, per.d, coalesce(t.tenure, ''), "
    "CASE WHEN t.home_ref IS NULL THEN 0 ELSE 1 END";

std::string stockSql(bool every_tenure) {
  std::string sql =
      "SELECT count(*), coalesce(sum(homes), 0) FROM stock_counts WHERE landlord_id = $1 AND "
      "as_of_day = (SELECT max(as_of_day) FROM stock_counts WHERE landlord_id = $1 AND "
      "as_of_day <= $2)";
  return sql + (every_tenure ? " AND tenure IN ('social_rent', 'shared_ownership')"
                             : " AND tenure = $3");
}

const char* const kSeries =
    "SELECT count(*), coalesce(sum(numerator), 0), coalesce(sum(denominator), 0) FROM "
    "measure_series WHERE landlord_id = $1 AND code = $2 AND tenure = $3 AND "
    "start_day >= $4 AND end_day <= $5";

Result<std::string> surveySql(const std::string& question, bool by_tenure) {
  static constexpr const char* kColumns[] = {"tp01", "tp02", "tp03", "tp04", "tp05", "tp06",
                                             "tp07", "tp08", "tp09", "tp10", "tp11", "tp12"};
  int n = 0;
  if (question.size() == 4 && question.rfind("TP", 0) == 0) n = std::atoi(question.c_str() + 2);
  if (n < 1 || n > 12) return invalid("question", "enum", "a survey measure asks TP01..TP12");
  // The filter question of tsm.md §5.2: only those who had a repair, complained, or live in a
  // home with communal areas are asked TP02-03, TP09 and TP10.
  std::string filter;
  if (n == 2 || n == 3) filter = " AND had_repair = 1";
  if (n == 9) filter = " AND complained = 1";
  if (n == 10) filter = " AND communal = 1";
  return fmt::format(
      "SELECT count(*), coalesce(sum(CASE WHEN {0} <= 0 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} > 0 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} IN (1, 2) THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} > 0 THEN weight ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} IN (1, 2) THEN weight ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN {0} > 0 AND weight <> 1 THEN 1 ELSE 0 END), 0) "
      "FROM survey_responses WHERE landlord_id = $1 AND collected_day BETWEEN $2 AND $3 "
      "AND {0} IS NOT NULL{1}{2}",
      kColumns[n - 1], filter, by_tenure ? " AND tenure = $4" : "");
}

std::string surveyCountSql(bool by_tenure) {
  return std::string("SELECT count(*) FROM survey_responses WHERE landlord_id = $1 AND "
                     "collected_day BETWEEN $2 AND $3") +
         (by_tenure ? " AND tenure = $4" : "");
}

std::string countIdsSql(const measures::CaseCount& c) {
  return fmt::format(
      "SELECT case_id FROM case_facts WHERE landlord_id = $1 AND kind = $2 AND {} BETWEEN $3 "
      "AND $4{} AND (service_area = $6 OR $6 = '') AND (theme = $7 OR $7 = '') ORDER BY case_id",
      c.stage == 2 ? "escalated_day" : "received_day", kTenureParam5);
}

const char* const kUpsertStock =
    "INSERT INTO stock_counts (landlord_id, as_of_day, tenure, homes) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (landlord_id, as_of_day, tenure) DO UPDATE SET homes = excluded.homes";
const char* const kUpsertHome =
    "INSERT INTO homes (landlord_id, home_ref, block_ref, tenure) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (landlord_id, home_ref) DO UPDATE SET block_ref = excluded.block_ref, "
    "tenure = excluded.tenure";
const char* const kUpsertCompliance =
    "INSERT INTO compliance_records (landlord_id, as_of_day, check_type, home_ref, block_ref, "
    "required, compliant) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (landlord_id, "
    "as_of_day, check_type, home_ref, block_ref) DO UPDATE SET required = excluded.required, "
    "compliant = excluded.compliant";
const char* const kUpsertSurvey =
    "INSERT INTO survey_responses (landlord_id, response_id, household_ref, tenure, "
    "collected_day, method, weight, had_repair, complained, communal, tp01, tp02, tp03, "
    "tp04, tp05, tp06, tp07, tp08, tp09, tp10, tp11, tp12) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) "
    "ON CONFLICT (landlord_id, response_id) DO UPDATE SET household_ref = "
    "excluded.household_ref, tenure = excluded.tenure, collected_day = "
    "excluded.collected_day, method = excluded.method, weight = excluded.weight, "
    "had_repair = excluded.had_repair, complained = excluded.complained, communal = "
    "excluded.communal, tp01 = excluded.tp01, tp02 = excluded.tp02, tp03 = "
    "excluded.tp03, tp04 = excluded.tp04, tp05 = excluded.tp05, tp06 = excluded.tp06, "
    "tp07 = excluded.tp07, tp08 = excluded.tp08, tp09 = excluded.tp09, tp10 = "
    "excluded.tp10, tp11 = excluded.tp11, tp12 = excluded.tp12";
const char* const kUpsertSeries =
    "INSERT INTO measure_series (landlord_id, code, tenure, start_day, end_day, numerator, "
    "denominator, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT "
    "(landlord_id, code, tenure, start_day) DO UPDATE SET end_day = excluded.end_day, "
    "numerator = excluded.numerator, denominator = excluded.denominator, "
    "source = excluded.source";

Command caseFactsCommand(LandlordId landlord, CaseId id, const CaseState& state) {
  const CaseFacts f = caseFacts(state);
  return Command(Sql{"upsert_case_facts", kUpsertCaseFacts},
                 {landlord, id, f.kind, f.tenure, f.service_area, f.theme, f.channel, f.status,
                  f.received_day, sqlInt(f.escalated_day), sqlInt(f.stage1_responded_day),
                  sqlInt(f.stage2_responded_day), f.stage1_decision, f.elements,
                  f.elements_upheld, f.stage2_overturned, f.refusal_reason, f.remedies,
                  f.compensation, f.extensions});
}

const char* dataVersionSql(Dialect d) {
  return d == Dialect::kSqlite ? "PRAGMA data_version" : "SELECT pg_current_wal_lsn()::text";
}

namespace {

// A row's key (its first `key_columns` values) as text, each value tagged with its type.
std::string keyOf(const SqlValues& row, std::size_t key_columns) {
  std::string key;
  for (std::size_t i = 0; i < key_columns && i < row.size(); ++i) {
    const SqlValue& v = row[i];
    if (const auto* n = std::get_if<std::int64_t>(&v)) key += fmt::format("i{}|", *n);
    else if (const auto* d = std::get_if<double>(&v)) key += fmt::format("d{}|", *d);
    else if (const auto* t = std::get_if<std::string>(&v)) key += fmt::format("s{}:{}|", t->size(), *t);
    else key += "n|";
  }
  return key;
}

// Keeps the last of the rows sharing a key (their first `key_columns` values).
std::vector<SqlValues> lastOfEachKey(std::vector<SqlValues> rows, std::size_t key_columns) {
  std::map<std::string, std::size_t> last;  // key -> index of the row that wins
  for (std::size_t i = 0; i < rows.size(); ++i) last[keyOf(rows[i], key_columns)] = i;
  std::vector<SqlValues> kept;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (last[keyOf(rows[i], key_columns)] == i) kept.push_back(std::move(rows[i]));
  }
  return kept;
}

}  // namespace

std::vector<Command> upsertRows(const char* upsert, LandlordId landlord,
                                std::vector<SqlValues> rows, std::size_t key_columns) {
  const std::string sql(upsert);
  const std::string head = sql.substr(0, sql.find(" VALUES (")) + " VALUES ";
  const std::string tail = sql.substr(sql.find(" ON CONFLICT"));
  rows = lastOfEachKey(std::move(rows), key_columns);
  std::vector<Command> out;
  for (std::size_t start = 0; start < rows.size(); start += kRowsPerUpsert) {
    const std::size_t end = std::min(rows.size(), start + kRowsPerUpsert);
    Command c;
    c.built = head;
    for (std::size_t i = start; i < end; ++i) {
      c.built += i == start ? "(" : ", (";
      c.params.emplace_back(landlord);
      c.built += fmt::format("${}", c.params.size());
      for (auto& v : rows[i]) {
        c.params.push_back(std::move(v));
        c.built += fmt::format(", ${}", c.params.size());
      }
      c.built += ")";
    }
    c.built += tail;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace charter::store_core
