// A case list as CSV or XLSX: every case a CaseQuery matches (not only the page on screen), one
// row each, read page by page through the caller's list function, for the staff search page's
// downloads and the API's GET /api/v1/cases?format=csv|xlsx. CSV cells go through app/csv.h's
// writer, so a cell a spreadsheet would take for a formula opens as text; XLSX cells are
// written as strings, never formulas.
//
// Cost: one list query per kCsvPage cases (keyset paging, so each is as cheap as the first);
// the text is built in memory, at most kMaxCsvRows rows (about 250 bytes a row). Pure apart
// from `list`; no shared state.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "app/case_store.h"

namespace charter {

inline constexpr int kCsvPage = 500;
inline constexpr std::size_t kMaxCsvRows = 200000;

// How codes are written; each may be empty, then the code itself is written (the API's
// choice: the values its JSON uses).
struct CaseCsvWords {
  std::function<std::string(const CaseSummary&)> kind;      // "Complaint"
  std::function<std::string(const CaseSummary&)> status;    // "Open at stage 1"
  std::function<std::string(const CaseSummary&)> next;      // the next deadline's name
  std::function<std::string(Instant)> received;             // formatInstant when empty
};

using CaseLister = std::function<Result<CasePage>(const CaseQuery&)>;

using CaseRowSink = std::function<void(const std::vector<std::string>&)>;

// The header and one row per matching case, in the query's order, each given to `sink`.
// kInvalid (field "q", rule "too-many") when more than kMaxCsvRows cases match: the person
// narrows the search.
Status caseListRows(const CaseLister& list, CaseQuery query, const CaseCsvWords& words,
                    const CaseRowSink& sink);

// Those rows as CSV text.
Result<std::string> caseListCsv(const CaseLister& list, CaseQuery query,
                                const CaseCsvWords& words = {});
// Those rows as an XLSX workbook (one sheet, "Cases", bold header); kUnavailable when built
// without libxlsxwriter (app/reports_xlsx.cc).
Result<std::string> caseListXlsx(const CaseLister& list, CaseQuery query,
                                 const CaseCsvWords& words = {});

}  // namespace charter
