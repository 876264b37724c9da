// The CSV imports that feed the measures (`charter import`): the dated stock table, the homes
// and blocks, property compliance checks, survey responses and series from other systems.
//
// One parser per kind; each needs a header row naming its columns (any order, extra columns
// ignored) and answers either every row or the first error, naming the line and the column.
// `runImport` then writes all the rows in one transaction, or (dry run) writes nothing and
// says how many rows it would have written. Formats: docs/imports.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/reports.h"
#include "measures/asb.h"

namespace charter {

enum class ImportKind { kStock, kHomes, kCompliance, kSurvey, kSeries, kAsb, kCalls, kVisits };

// "stock" | "homes" | "compliance" | "survey" | "series" | "asb" | "calls" | "visits".
Result<ImportKind> parseImportKind(std::string_view s);
std::string_view slug(ImportKind k);

// Columns: as_of, tenure (social_rent | shared_ownership | other), homes.
Result<std::vector<StockCount>> parseStockCsv(std::string_view text);
// Columns: home_ref, block_ref (empty for a house), tenure.
Result<std::vector<HomeRecord>> parseHomesCsv(std::string_view text);
// Columns: as_of, check (gas | fire | asbestos | water | lift | decent_homes), home_ref,
// block_ref (one of the two: a block's check covers every home in it), required (yes/no,
// default yes), compliant (yes/no).
Result<std::vector<ComplianceRecord>> parseComplianceCsv(std::string_view text);
// Columns: code, tenure (empty = all), start, end, numerator, denominator (default 0), source.
Result<std::vector<SeriesRow>> parseSeriesCsv(std::string_view text);

// ASB reports, folded into cases by the open-case rule (measures/asb.h) and written as the
// monthly NM01-1 / NM01-2 series. Columns: report_ref, party_ref, reported_on,
// case_closed_on (optional), hate_incident (yes/no, default no).
Result<std::vector<measures::AsbReport>> parseAsbCsv(std::string_view text);
// The monthly series rows those reports make (every month from the first report's to the
// last's, zeros included).
std::vector<SeriesRow> asbSeries(const std::vector<measures::AsbReport>& reports);

// Call records (app/contact_records.h). Columns: call_id, started (local time), wait_seconds,
// outcome (answered | abandoned), transferred (yes/no, default no), transfer_wait_seconds
// (optional). A call id given twice is one call: the later line stands (`repeated` counts them).
struct CallsCsv {
  std::vector<CallRecord> calls;
  long repeated = 0;
};
Result<CallsCsv> parseCallsCsv(std::string_view text);
// Reception visits. Columns: arrived, seen (empty: not seen), seen_by (required when seen),
// came_to_see (optional), visit_id (optional: "<arrived>/<n>" for the n-th visit arriving at
// that time, so importing the same file again replaces rather than adds).
struct VisitsCsv {
  std::vector<ReceptionVisit> visits;
  long repeated = 0;
};
Result<VisitsCsv> parseVisitsCsv(std::string_view text);

struct ImportSummary {
  ImportKind kind = ImportKind::kStock;
  long rows = 0;       // rows read from the file
  long written = 0;    // rows written (or, in a dry run, that would be): asb writes series rows
  long cases = 0;      // asb only: the cases the reports make
  long repeated = 0;   // calls and visits: lines repeating an earlier line's id (counted once)
  bool dry_run = false;
};

// Parses `text` as `kind` and, unless `dry_run`, writes every row through `store` (atomic:
// all rows or none).
Result<ImportSummary> runImport(ReportStore& store, ImportKind kind, std::string_view text,
                                bool dry_run);

}  // namespace charter
