// The case-facts projection (migrations/0005_reports.sql): one row per case with what reports
// group and count by. Written by SqliteStore beside `cases` and `clocks`, in the same
// transaction (so `charter rebuild` re-derives it too).
#pragma once

#include <sqlite3.h>

#include "app/case_store.h"
#include "app/report_queries.h"

namespace charter {

Status writeCaseFacts(sqlite3* db, LandlordId landlord, CaseId id, const CaseState& state);

using report_queries::ukLocalDate;

}  // namespace charter
