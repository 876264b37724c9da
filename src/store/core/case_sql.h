// The case store's SQL written once for both dialects, with the few places they differ named
// in SqlDialect: how a parameter is written (?N or $N), the case-insensitive LIKE (SQLite's
// LIKE already is; PostgreSQL's needs ILIKE), and the false literal.
//
// Every statement is scoped to one landlord: landlord_id is parameter 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "app/case_store.h"
#include "store/core/sql.h"

namespace charter::store_core {

struct SqlDialect {
  char placeholder;         // '?' (SQLite: ?1) or '$' (PostgreSQL: $1)
  const char* like;         // a case-insensitive LIKE: "LIKE" or "ILIKE"
  const char* false_value;  // "0" or "false"
  // Where `q`'s terms are looked up (migration 0023): SQLite's FTS5 table case_search (rowid
  // landlord_id * 2^40 + case_id), or PostgreSQL's cases.search_text with its pg_trgm index.
  // Either way each term is one LIKE '%term%' on the same lower-cased search text.
  bool search_table;
  const char* position;  // where a string is in another, 0 when absent: "instr" or "strpos"
  // Appended to a text column to compare it byte for byte: "" (SQLite's BINARY is the
  // default) or " COLLATE \"C\"" (a database's own collation could order '.' anywhere);
  // migration 0037 indexes clocks.name so.
  const char* bytewise;
  // A service area's cases received in a period (no text) are listed ids first: the page's ids
  // from the covering index cases_by_area_received_id (migration 0036), then only their rows.
  // SQLite: read whole, the period's every row was read to be sorted (a month: 8,000 rows at
  // 5,000,000 cases, 52 to 68 ms p99). PostgreSQL: its heap gives the rows in receipt order
  // cheaply, and ids first measured no faster there (7 to 12 ms for 8,000 rows either way).
  bool area_period_ids_first;
};
inline constexpr SqlDialect kSqlite{'?', "LIKE", "0", true, "instr", "", true};
inline constexpr SqlDialect kPostgres{'$', "ILIKE", "false", false, "strpos", " COLLATE \"C\"",
                                      false};

// The FTS5 rowid of a case: landlord_id * kSearchRowidSpan + case_id.
inline constexpr std::int64_t kSearchRowidSpan = std::int64_t{1} << 40;

// "('closed', 'refused', 'withdrawn')": the finished statuses (domain kFinishedStatuses).
const std::string& finishedStatusList();

// The gauges' two grouped reads, in $N style ($1 the landlord; the second also $2, today's
// day number): open cases by kind (kind, count), and unmet clocks of open cases past due by
// clock name (name, count). The second reads the clocks_unmet_by_due index.
const std::string& openByKindSql();
const std::string& overdueByClockSql();

// `text` as a LIKE pattern matching it anywhere, with %, _ and \ escaped (ESCAPE '\').
std::string likePattern(std::string_view text);

// FNV-1a 64, hex: a migration's checksum (detects a migration edited after it was applied).
std::string checksum(std::string_view text);


// Search terms the FTS5 trigram index can answer (three characters or more) and the rest,
// which are tested on the row: Debian 12's SQLite 3.40.1 dereferences NULL when a shorter
// LIKE pattern meets the FTS5 table with a rowid range (Conformance.ListFiltersAndCursorPaging
// on SQLite, "repair 7"), and the index cannot narrow such a term anyway.
std::pair<std::vector<std::string>, std::vector<std::string>> splitByTrigrams(
    const std::vector<std::string>& terms);

struct CaseListSql {
  std::string sql;
  std::vector<SqlValue> params;  // in order; the first is the landlord
};

// How `q`'s terms are looked up. SQLite: through the FTS5 index (kIndex: few cases hold them,
// so the matches are found first and then read by primary key), or by reading the landlord's
// cases in list order and testing each one's search text (kScan: many hold them, so a page
// fills after a few rows, where kIndex would first gather every match). SqliteStore::list
// picks by counting the matches up to kDenseSearch (searchDensitySql).
// PostgreSQL: kIndex writes the terms on the row (the GIN index finds the candidates; the
// planner, misled by its estimates, gathered and sorted every match of two common words: 105
// ms at 1,000,000 cases). kFirstRows reads the first kFirstRows cases in list order that pass
// the other filters and tests the terms on each (strpos, which no index answers): when that
// fills the page (q.limit + 1 rows) they are the first matches in order, the answer; when it
// does not, PgStore::list asks again with kIndex. Counting through the GIN index first, as
// SQLite does, would cost what it saves (it reads every posting of every trigram).
// A whole phone number (wholePhone) is equality on cases.phone_norm in every plan, and a whole
// reference (wholeReference) equality on the case id and reference (the primary key), unless
// q.phone_in_text (which asks for the text in place of either equality).
enum class SearchPlan { kIndex, kScan, kFirstRows };
inline constexpr int kDenseSearch = 1000;
inline constexpr int kFirstRows = 4000;
// Whether kFirstRows is worth a try for `q`: two terms or more (text that is not a whole phone
// number; one term the planner already estimates well from the column's statistics, so it
// reads in case order when the term is common and through the GIN index when it is rare),
// none with a digit or an @ (a reference, a number, an email: few cases hold one), and a page
// that one case in 40 of the first kFirstRows matching fills. A try in vain reads the 4,000
// cases for nothing (5 to 10 ms at 200,000 cases under load) before the index answers.
bool triesFirstRows(const CaseQuery& q);

// The list query for `q` (REQUIRES: checked by checkCaseQuery), asking for q.limit + 1 rows
// so the caller can tell whether a next page exists. Its columns are those caseSummaryRow
// reads.
CaseListSql caseListSql(const SqlDialect& d, LandlordId landlord, const CaseQuery& q,
                        SearchPlan plan = SearchPlan::kIndex);
// SQLite: one row, one column: how many of the landlord's cases hold every term of q.text,
// counted up to kDenseSearch through the FTS5 index. Empty sql when q has no term to look up.
CaseListSql searchDensitySql(LandlordId landlord, const CaseQuery& q);

// One row of the list query as a CaseSummary; `Row` has i64(col), text(col), isNull(col).
template <class Row>
CaseSummary caseSummaryRow(const Row& r) {
  CaseSummary row;
  row.id = r.i64(0);
  row.reference = r.text(1);
  row.kind = r.text(2);
  row.channel = r.text(3);
  row.status = r.text(4);
  row.stage = static_cast<int>(r.i64(5));
  row.summary = r.text(6);
  row.person_name = r.text(7);
  row.handler = r.text(8);
  row.received_at = fromEpochMillis(r.i64(9));
  if (!r.isNull(10)) row.next_due = fromDayNumber(static_cast<int>(r.i64(10)));
  row.next_clock = r.text(11);
  row.owner = r.text(12);
  return row;
}

}  // namespace charter::store_core

namespace charter::store_core {

// The migrations' checks, the same for both dialects: kInternal when the database's schema
// is newer than this build knows, or when a migration applied earlier has since been edited
// (migrations are forward-only).
Status checkSchemaNotNewer(std::int64_t database_version, int latest);
Status checkMigrationUnchanged(const char* name, const char* file, const std::string& applied,
                               const std::string& now);
// The wall clock in epoch milliseconds, for schema_migrations.applied_ms (the store side may
// read the clock; the core never does).
std::int64_t appliedAtMillis();

}  // namespace charter::store_core
