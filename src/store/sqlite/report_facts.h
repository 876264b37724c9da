// The case-facts projection (migrations/0005_reports.sql): one row per case with what reports
// group and count by. Written by SqliteStore beside `cases` and `clocks`, in the same
// transaction (so `charter rebuild` re-derives it too).
#pragma once

#include <sqlite3.h>

#include "app/case_store.h"

namespace charter {

Status writeCaseFacts(sqlite3* db, LandlordId landlord, CaseId id, const CaseState& state);

// The local calendar date of an instant in the UK (GMT, or BST from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October).
Date ukLocalDate(Instant t);

}  // namespace charter
