// The learning and Ombudsman projection (migrations/0007_learning.sql): a case's learning
// actions, its Ombudsman referral and orders as rows, written by SqliteStore beside `cases`
// and `clocks` in the same transaction (so `charter rebuild` re-derives them too).
#pragma once

#include <sqlite3.h>

#include "app/case_store.h"

namespace charter {

// Replaces the case's rows. A case with no learning action and no referral has none (events
// are append-only, so it never had any): nothing is written.
Status writeLearningRows(sqlite3* db, LandlordId landlord, CaseId id, const CaseState& state);

}  // namespace charter
